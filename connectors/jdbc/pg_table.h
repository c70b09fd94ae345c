#pragma once

#include <libpq-fe.h>

#include <optional>
#include <string>
#include <vector>

#include "common/record_batch.h"
#include "connectors/jdbc/jdbc_options.h"
#include "connectors/jdbc/pg_connection.h"

namespace sluice::connectors::jdbc {

/// A column of the real PostgreSQL table, as the catalog describes it.
struct PgColumn {
    std::string name;
    std::string typeText;  // format_type(): "integer", "timestamp(3) without time zone", "text[]"
    Oid baseType = 0;      // the type itself, or a domain's base type: what the binary format follows
    char typeKind = 'b';   // pg_type.typtype of the base: b(ase), e(num), ...
    Oid elementType = 0;   // arrays: the element type, else 0
    Oid arrayType = 0;     // the array type of baseType (for unnest parameters), 0 for arrays
    bool notNull = false;
};

/// The target table, looked up at job start: its exact name first, else lower-cased (what PostgreSQL
/// made of an unquoted name in CREATE TABLE), in the given schema or along the search_path.
class PgTable {
public:
    /// nullopt when no such table or view exists.
    static std::optional<PgTable> load(PgConnection& conn, const NamePart& schema, const NamePart& table);

    /// "schema"."table", always quoted: what every statement we send names.
    const std::string& qualifiedName() const { return qualified_; }
    /// schema.table as PostgreSQL spells it, for messages.
    const std::string& displayName() const { return display_; }
    const std::vector<PgColumn>& columns() const { return columns_; }
    /// The column named `name` exactly, else lower-cased; -1 when none.
    int find(const std::string& name) const;
    /// find(), or a ValidationError naming the column, the jdbc table `tableName` and the columns there.
    const PgColumn& require(const std::string& name, const std::string& tableName) const;
    /// Whether a unique index or constraint covers exactly these columns (ON CONFLICT needs one).
    bool hasUniqueKey(const std::vector<std::string>& columns) const { return hasKey(columns); }

    /// The CREATE TABLE statement matching a Sluice schema, printed when the table is missing.
    static std::string createTableSql(const std::string& name, const Schema& schema,
                                      const std::vector<std::string>& primaryKey);
    /// The PostgreSQL type a Sluice type maps to ("INTEGER", "TIMESTAMP(3)", "TEXT[]").
    static std::string pgTypeName(const DataType& type);

private:
    bool hasKey(const std::vector<std::string>& columns) const;

    std::string qualified_;
    std::string display_;
    std::vector<PgColumn> columns_;
    std::vector<std::vector<std::string>> uniqueKeys_;
};

}  // namespace sluice::connectors::jdbc
