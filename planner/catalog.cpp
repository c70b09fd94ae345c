#include "planner/catalog.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "common/string_util.h"

namespace sluice::planner {

std::string ObjectPath::toString() const {
    return catalog + "." + database + "." + object;
}

std::string ObjectPath::quoted() const {
    return quoteIdentifier(catalog) + "." + quoteIdentifier(database) + "." + quoteIdentifier(object);
}

int CatalogTable::columnIndex(const std::string& name) const {
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == name) return static_cast<int>(i);
    return -1;
}

namespace {

/// Flink's GlobalConfiguration.isSensitive: option keys whose values are never shown.
bool isSensitiveKey(const std::string& key) {
    static const char* const kSensitive[] = {"password",   "secret",      "fs.azure.account.key", "apikey",
                                             "api-key",    "auth-params", "service-key",          "token",
                                             "basic-auth", "jaas.config", "http-headers"};
    std::string lower = key;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* s : kSensitive)
        if (lower.find(s) != std::string::npos) return true;
    return false;
}

}  // namespace

std::string CatalogTable::createStatement() const {
    std::vector<std::string> lines;
    for (const auto& c : columns) {
        std::string line = "  " + quoteIdentifier(c.name) + " ";
        switch (c.kind) {
            case ColumnKind::Physical:
                line += c.type.toString();
                break;
            case ColumnKind::Computed:
                line += "AS " + c.expr;
                break;
            case ColumnKind::Metadata:
                line += c.type.toString() + " METADATA";
                if (!c.metadataKey.empty()) line += " FROM " + quoteSqlString(c.metadataKey);
                if (c.isVirtual) line += " VIRTUAL";
                break;
        }
        if (!c.comment.empty()) line += " COMMENT " + quoteSqlString(c.comment);
        lines.push_back(line);
    }
    if (!watermarkColumn.empty())
        lines.push_back("  WATERMARK FOR " + quoteIdentifier(watermarkColumn) + " AS " + watermarkExpr);
    if (!primaryKey.empty()) {
        std::vector<std::string> keys;
        for (const auto& k : primaryKey) keys.push_back(quoteIdentifier(k));
        lines.push_back(fmt::format("  CONSTRAINT {} PRIMARY KEY ({}) NOT ENFORCED",
                                    quoteIdentifier(primaryKeyName), fmt::join(keys, ", ")));
    }
    std::string out = fmt::format("CREATE {}TABLE {} (\n{}\n)", temporary ? "TEMPORARY " : "", path.quoted(),
                                  fmt::join(lines, ",\n"));
    if (!comment.empty()) out += "\nCOMMENT " + quoteSqlString(comment);
    if (!partitionKeys.empty()) {
        std::vector<std::string> keys;
        for (const auto& k : partitionKeys) keys.push_back(quoteIdentifier(k));
        out += fmt::format("\nPARTITIONED BY ({})", fmt::join(keys, ", "));
    }
    std::vector<std::string> opts;
    // Secrets are masked as Flink masks them in its logs and web UI ("******").
    for (const auto& [k, v] : options)
        opts.push_back("  " + quoteSqlString(k) + " = " + quoteSqlString(isSensitiveKey(k) ? "******" : v));
    out += fmt::format(" WITH (\n{}\n)\n", fmt::join(opts, ",\n"));
    return out;
}

std::string CatalogView::createStatement() const {
    std::vector<std::string> cols;
    for (const auto& f : schema.fields) cols.push_back(quoteIdentifier(f.name));
    return fmt::format("CREATE {}VIEW {}({}) AS\n{}\n", temporary ? "TEMPORARY " : "", path.quoted(),
                       fmt::join(cols, ", "), query);
}

Catalog::Catalog() {
    catalogs_["default_catalog"].databases["default_database"];
}

ObjectPath Catalog::resolve(const std::vector<std::string>& parts) const {
    if (parts.size() == 1) return {currentCatalog_, currentDatabase_, parts[0]};
    if (parts.size() == 2) return {currentCatalog_, parts[0], parts[1]};
    if (parts.size() == 3) return {parts[0], parts[1], parts[2]};
    throw ValidationError(
        fmt::format("Invalid object name '{}': use [catalog.][database.]name", fmt::join(parts, ".")));
}

const Catalog::Database* Catalog::findDatabase(const std::string& catalog, const std::string& db) const {
    auto c = catalogs_.find(catalog);
    if (c == catalogs_.end()) return nullptr;
    auto d = c->second.databases.find(db);
    return d == c->second.databases.end() ? nullptr : &d->second;
}

Catalog::Database& Catalog::database(const std::string& catalog, const std::string& db) {
    auto c = catalogs_.find(catalog);
    if (c == catalogs_.end()) {
        std::vector<std::string> names = catalogs();
        throw CatalogError(
            fmt::format("A catalog with name [{}] does not exist.{}", catalog, didYouMean(catalog, names)));
    }
    auto d = c->second.databases.find(db);
    if (d == c->second.databases.end())
        throw CatalogError(fmt::format("A database with name [{}] does not exist in the catalog: [{}].{}", db,
                                       catalog, didYouMean(db, databases(catalog))));
    return d->second;
}

void Catalog::createCatalog(const std::string& name, bool ifNotExists) {
    if (catalogs_.count(name)) {
        if (ifNotExists) return;
        throw CatalogError(fmt::format("Catalog {} already exists.", name));
    }
    catalogs_[name].databases["default"];
}

void Catalog::createDatabase(const std::string& catalog, const std::string& db, bool ifNotExists) {
    auto c = catalogs_.find(catalog);
    if (c == catalogs_.end())
        throw CatalogError(fmt::format("A catalog with name [{}] does not exist.", catalog));
    if (c->second.databases.count(db)) {
        if (ifNotExists) return;
        throw CatalogError(fmt::format("Database {} already exists in Catalog {}.", db, catalog));
    }
    c->second.databases[db];
}

void Catalog::dropDatabase(const std::string& catalog, const std::string& db, bool ifExists) {
    auto c = catalogs_.find(catalog);
    if (c == catalogs_.end() || !c->second.databases.count(db)) {
        if (ifExists) return;
        throw CatalogError(fmt::format("Database {} does not exist in Catalog {}.", db, catalog));
    }
    if (catalog == currentCatalog_ && db == currentDatabase_)
        throw CatalogError(fmt::format("Cannot drop a database which is currently in use."));
    const auto& d = c->second.databases[db];
    if (!d.tables.empty() || !d.views.empty())
        throw CatalogError(fmt::format("Database {} in catalog {} is not empty.", db, catalog));
    c->second.databases.erase(db);
}

void Catalog::dropCatalog(const std::string& name, bool ifExists) {
    if (!catalogs_.count(name)) {
        if (ifExists) return;
        throw CatalogError(fmt::format("Catalog {} does not exist.", name));
    }
    if (name == currentCatalog_) throw CatalogError("Cannot drop a catalog which is currently in use.");
    catalogs_.erase(name);
}

void Catalog::useCatalog(const std::string& name) {
    if (!catalogs_.count(name))
        throw CatalogError(
            fmt::format("A catalog with name [{}] does not exist.{}", name, didYouMean(name, catalogs())));
    currentCatalog_ = name;
    currentDatabase_ = catalogs_[name].databases.begin()->first;
    if (catalogs_[name].databases.count("default_database")) currentDatabase_ = "default_database";
    if (catalogs_[name].databases.count("default")) currentDatabase_ = "default";
}

void Catalog::useDatabase(const std::string& catalog, const std::string& db) {
    database(catalog, db);  // throws when missing
    currentCatalog_ = catalog;
    currentDatabase_ = db;
}

bool Catalog::exists(const ObjectPath& p) const {
    return findTable(p) || findView(p);
}

void Catalog::createTable(CatalogTable table, bool ifNotExists) {
    Database& d = database(table.path.catalog, table.path.database);
    if (exists(table.path)) {
        if (ifNotExists) return;
        throw CatalogError(fmt::format("Table (or view) {}.{} already exists in Catalog {}.",
                                       table.path.database, table.path.object, table.path.catalog));
    }
    d.tables[table.path.object] = std::move(table);
}

void Catalog::createView(CatalogView view, bool ifNotExists) {
    Database& d = database(view.path.catalog, view.path.database);
    if (exists(view.path)) {
        if (ifNotExists) return;
        throw CatalogError(fmt::format("Table (or view) {}.{} already exists in Catalog {}.",
                                       view.path.database, view.path.object, view.path.catalog));
    }
    d.views[view.path.object] = std::move(view);
}

void Catalog::dropObject(const ObjectPath& path, bool isView, bool ifExists) {
    const Database* cd = findDatabase(path.catalog, path.database);
    if (!cd || !exists(path)) {
        if (ifExists) return;
        throw ValidationError(fmt::format("{} with identifier '{}' does not exist.",
                                          isView ? "View" : "Table", path.toString()));
    }
    Database& d = database(path.catalog, path.database);
    if (isView) {
        if (!d.views.count(path.object))
            throw ValidationError(fmt::format(
                "View with identifier '{}' does not exist: it is a table; use DROP TABLE.", path.toString()));
        d.views.erase(path.object);
    } else {
        if (!d.tables.count(path.object))
            throw ValidationError(fmt::format(
                "Table with identifier '{}' does not exist: it is a view; use DROP VIEW.", path.toString()));
        d.tables.erase(path.object);
    }
}

void Catalog::renameTable(const ObjectPath& from, const ObjectPath& to) {
    CatalogTable t = mutableTable(from);
    if (exists(to))
        throw CatalogError(fmt::format("Table (or view) {}.{} already exists in Catalog {}.", to.database,
                                       to.object, to.catalog));
    database(from.catalog, from.database).tables.erase(from.object);
    t.path = to;
    database(to.catalog, to.database).tables[to.object] = std::move(t);
}

CatalogTable& Catalog::mutableTable(const ObjectPath& path) {
    Database& d = database(path.catalog, path.database);
    auto it = d.tables.find(path.object);
    if (it == d.tables.end())
        throw ValidationError(fmt::format("Table `{}`.`{}`.`{}` doesn't exist or is a temporary table.",
                                          path.catalog, path.database, path.object));
    return it->second;
}

const CatalogTable* Catalog::findTable(const ObjectPath& p) const {
    const Database* d = findDatabase(p.catalog, p.database);
    if (!d) return nullptr;
    auto it = d->tables.find(p.object);
    return it == d->tables.end() ? nullptr : &it->second;
}

const CatalogView* Catalog::findView(const ObjectPath& p) const {
    const Database* d = findDatabase(p.catalog, p.database);
    if (!d) return nullptr;
    auto it = d->views.find(p.object);
    return it == d->views.end() ? nullptr : &it->second;
}

std::vector<std::string> Catalog::catalogs() const {
    std::vector<std::string> out;
    for (const auto& [k, v] : catalogs_) out.push_back(k);
    return out;
}

std::vector<std::string> Catalog::databases(const std::string& catalog) const {
    std::vector<std::string> out;
    auto c = catalogs_.find(catalog);
    if (c != catalogs_.end())
        for (const auto& [k, v] : c->second.databases) out.push_back(k);
    return out;
}

std::vector<std::string> Catalog::tables(const std::string& catalog, const std::string& db) const {
    std::vector<std::string> out;
    if (const Database* d = findDatabase(catalog, db)) {
        for (const auto& [k, v] : d->tables) out.push_back(k);
        for (const auto& [k, v] : d->views) out.push_back(k);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> Catalog::views(const std::string& catalog, const std::string& db) const {
    std::vector<std::string> out;
    if (const Database* d = findDatabase(catalog, db))
        for (const auto& [k, v] : d->views) out.push_back(k);
    return out;
}

}  // namespace sluice::planner
