#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/record_batch.h"
#include "common/types.h"

namespace sluice::planner {

/// catalog.database.object
struct ObjectPath {
    std::string catalog;
    std::string database;
    std::string object;
    /// default_catalog.default_database.t
    std::string toString() const;
    /// `default_catalog`.`default_database`.`t`
    std::string quoted() const;
    bool operator<(const ObjectPath& o) const {
        return std::tie(catalog, database, object) < std::tie(o.catalog, o.database, o.object);
    }
};

enum class ColumnKind { Physical, Computed, Metadata };

struct CatalogColumn {
    std::string name;
    ColumnKind kind = ColumnKind::Physical;
    DataType type;            // computed columns: the type of the bound expression
    std::string expr;         // computed: the expression text, re-parsed when the table is scanned
    std::string metadataKey;  // metadata: FROM 'key', empty when the key is the column name
    bool isVirtual = false;
    std::string comment;
};

struct CatalogTable {
    ObjectPath path;
    std::vector<CatalogColumn> columns;
    std::string watermarkColumn;  // empty when the table has no WATERMARK
    std::string watermarkExpr;
    std::string primaryKeyName;
    std::vector<std::string> primaryKey;
    std::vector<std::string> partitionKeys;
    std::string comment;
    std::vector<std::pair<std::string, std::string>> options;
    bool temporary = false;

    int columnIndex(const std::string& name) const;
    /// SHOW CREATE TABLE text.
    std::string createStatement() const;
};

struct CatalogView {
    ObjectPath path;
    Schema schema;
    std::string query;  // the query text, re-parsed when the view is used
    std::string comment;
    bool temporary = false;
    std::string createStatement() const;
};

/// In-memory catalogs of one session: `default_catalog`.`default_database` plus whatever
/// CREATE CATALOG / DATABASE add. Throws CatalogError for missing or duplicate objects.
class Catalog {
public:
    Catalog();

    const std::string& currentCatalog() const { return currentCatalog_; }
    const std::string& currentDatabase() const { return currentDatabase_; }
    /// Completes a 1-, 2- or 3-part name with the current catalog and database.
    ObjectPath resolve(const std::vector<std::string>& parts) const;

    void createCatalog(const std::string& name, bool ifNotExists);
    void createDatabase(const std::string& catalog, const std::string& database, bool ifNotExists);
    void dropDatabase(const std::string& catalog, const std::string& database, bool ifExists);
    void dropCatalog(const std::string& name, bool ifExists);
    void useCatalog(const std::string& name);
    void useDatabase(const std::string& catalog, const std::string& database);

    void createTable(CatalogTable table, bool ifNotExists);
    void createView(CatalogView view, bool ifNotExists);
    /// isView selects DROP VIEW vs DROP TABLE (Flink refuses to drop a view with DROP TABLE).
    void dropObject(const ObjectPath& path, bool isView, bool ifExists);
    void renameTable(const ObjectPath& from, const ObjectPath& to);
    CatalogTable& mutableTable(const ObjectPath& path);

    const CatalogTable* findTable(const ObjectPath& path) const;
    const CatalogView* findView(const ObjectPath& path) const;

    std::vector<std::string> catalogs() const;
    std::vector<std::string> databases(const std::string& catalog) const;
    /// Tables and views (as Flink's SHOW TABLES), sorted.
    std::vector<std::string> tables(const std::string& catalog, const std::string& database) const;
    std::vector<std::string> views(const std::string& catalog, const std::string& database) const;

private:
    struct Database {
        std::map<std::string, CatalogTable> tables;
        std::map<std::string, CatalogView> views;
    };
    struct CatalogEntry {
        std::map<std::string, Database> databases;
    };
    Database& database(const std::string& catalog, const std::string& database);
    const Database* findDatabase(const std::string& catalog, const std::string& database) const;
    bool exists(const ObjectPath& path) const;

    std::map<std::string, CatalogEntry> catalogs_;
    std::string currentCatalog_ = "default_catalog";
    std::string currentDatabase_ = "default_database";
};

}  // namespace sluice::planner
