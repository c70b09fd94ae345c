#include "connectors/jdbc/pg_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

namespace sluice::connectors::jdbc {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// An identifier that PostgreSQL keeps as written without quotes: lower-case letters, digits and _,
// and not one of the reserved words a column is likely to be called.
bool plainIdentifier(const std::string& name) {
    static const std::set<std::string> reserved = {
        "all",          "and",          "any",          "array",
        "as",           "asc",          "both",         "case",
        "cast",         "check",        "column",       "constraint",
        "create",       "current_date", "current_time", "current_timestamp",
        "current_user", "default",      "desc",         "distinct",
        "do",           "else",         "end",          "except",
        "false",        "for",          "foreign",      "from",
        "grant",        "group",        "having",       "in",
        "into",         "is",           "leading",      "limit",
        "not",          "null",         "offset",       "on",
        "only",         "or",           "order",        "primary",
        "references",   "select",       "table",        "then",
        "to",           "trailing",     "true",         "union",
        "unique",       "user",         "using",        "when",
        "where",        "with"};
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
    for (char c : lower(name))
        if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
              c == '_'))
            return false;
    return !reserved.count(lower(name));
}

std::string displayIdentifier(const std::string& name) {
    return plainIdentifier(name) ? name : pgQuote(name);
}

// The candidate spellings of a name part: quoted = exact only; unquoted = exact, then lower-cased.
std::vector<std::string> spellings(const NamePart& p) {
    std::vector<std::string> out = {p.name};
    if (!p.quoted && lower(p.name) != p.name) out.push_back(lower(p.name));
    return out;
}

}  // namespace

std::optional<PgTable> PgTable::load(PgConnection& conn, const NamePart& schema, const NamePart& table) {
    Oid relid = 0;
    for (const auto& s : schema.name.empty() ? std::vector<std::string>{""} : spellings(schema)) {
        for (const auto& t : spellings(table)) {
            std::string q = s.empty() ? pgQuote(t) : pgQuote(s) + "." + pgQuote(t);
            auto r = conn.execParams("SELECT to_regclass($1)::oid", {q.c_str()});
            if (!PQgetisnull(r.get(), 0, 0)) {
                relid = static_cast<Oid>(std::strtoul(PQgetvalue(r.get(), 0, 0), nullptr, 10));
                break;
            }
        }
        if (relid) break;
    }
    if (!relid) return std::nullopt;

    PgTable out;
    std::string id = std::to_string(relid);
    auto names = conn.execParams(
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.oid = $1::oid",
        {id.c_str()});
    std::string nsp = PQgetvalue(names.get(), 0, 0), rel = PQgetvalue(names.get(), 0, 1);
    out.qualified_ = pgQuote(nsp) + "." + pgQuote(rel);
    out.display_ = nsp + "." + rel;

    auto cols = conn.execParams(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), b.oid, b.typtype, "
        "  CASE WHEN b.typcategory = 'A' THEN b.typelem ELSE 0 END, b.typarray, a.attnotnull "
        "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
        "JOIN pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END "
        "WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        {id.c_str()});
    for (int i = 0; i < PQntuples(cols.get()); ++i) {
        PgColumn c;
        c.name = PQgetvalue(cols.get(), i, 0);
        c.typeText = PQgetvalue(cols.get(), i, 1);
        c.baseType = static_cast<Oid>(std::strtoul(PQgetvalue(cols.get(), i, 2), nullptr, 10));
        c.typeKind = PQgetvalue(cols.get(), i, 3)[0];
        c.elementType = static_cast<Oid>(std::strtoul(PQgetvalue(cols.get(), i, 4), nullptr, 10));
        c.arrayType = static_cast<Oid>(std::strtoul(PQgetvalue(cols.get(), i, 5), nullptr, 10));
        c.notNull = PQgetvalue(cols.get(), i, 6)[0] == 't';
        out.columns_.push_back(std::move(c));
    }

    auto keys = conn.execParams(
        "SELECT array_to_string(ARRAY(SELECT a.attname FROM unnest(i.indkey) k "
        "  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k), chr(1)) "
        "FROM pg_index i WHERE i.indrelid = $1::oid AND i.indisunique AND i.indpred IS NULL "
        "  AND i.indexprs IS NULL",
        {id.c_str()});
    for (int i = 0; i < PQntuples(keys.get()); ++i) {
        std::vector<std::string> key;
        std::string text = PQgetvalue(keys.get(), i, 0);
        size_t start = 0;
        while (start <= text.size()) {
            size_t end = text.find('\1', start);
            if (end == std::string::npos) end = text.size();
            key.push_back(text.substr(start, end - start));
            start = end + 1;
        }
        std::sort(key.begin(), key.end());
        out.uniqueKeys_.push_back(std::move(key));
    }
    return out;
}

const PgColumn& PgTable::require(const std::string& name, const std::string& tableName) const {
    int idx = find(name);
    if (idx >= 0) return columns_[static_cast<size_t>(idx)];
    std::string have;
    for (const auto& c : columns_) have += (have.empty() ? "" : ", ") + c.name;
    throw ValidationError(fmt::format(
        "Column '{}' of the jdbc table '{}' does not exist in PostgreSQL table '{}' (its columns: {}).", name,
        tableName, display_, have));
}

int PgTable::find(const std::string& name) const {
    for (size_t i = 0; i < columns_.size(); ++i)
        if (columns_[i].name == name) return static_cast<int>(i);
    std::string low = lower(name);
    for (size_t i = 0; i < columns_.size(); ++i)
        if (columns_[i].name == low) return static_cast<int>(i);
    return -1;
}

bool PgTable::hasKey(const std::vector<std::string>& columns) const {
    std::vector<std::string> want = columns;
    std::sort(want.begin(), want.end());
    return std::find(uniqueKeys_.begin(), uniqueKeys_.end(), want) != uniqueKeys_.end();
}

std::string PgTable::pgTypeName(const DataType& t) {
    switch (t.id) {
        case TypeId::Boolean:
            return "BOOLEAN";
        case TypeId::TinyInt:
        case TypeId::SmallInt:
            return "SMALLINT";
        case TypeId::Int:
            return "INTEGER";
        case TypeId::BigInt:
            return "BIGINT";
        case TypeId::Float:
            return "REAL";
        case TypeId::Double:
            return "DOUBLE PRECISION";
        case TypeId::Decimal:
            return fmt::format("NUMERIC({}, {})", t.precision, t.scale);
        case TypeId::Char:
            return fmt::format("CHAR({})", t.precision);
        case TypeId::Varchar:
            return t.precision == DataType::kMaxLength ? "TEXT" : fmt::format("VARCHAR({})", t.precision);
        case TypeId::Binary:
        case TypeId::Varbinary:
            return "BYTEA";
        case TypeId::Date:
            return "DATE";
        case TypeId::Time:
            return fmt::format("TIME({})", std::min(t.precision, 6));
        case TypeId::Timestamp:
            return fmt::format("TIMESTAMP({})", std::min(t.precision, 6));
        case TypeId::TimestampLtz:
            return fmt::format("TIMESTAMPTZ({})", std::min(t.precision, 6));
        case TypeId::Array:
            return pgTypeName(t.children.at(0)) + "[]";
        default:
            return "";  // no PostgreSQL counterpart (MAP, ROW, MULTISET, INTERVAL, RAW)
    }
}

std::string PgTable::createTableSql(const std::string& name, const Schema& schema,
                                    const std::vector<std::string>& primaryKey) {
    std::string out = "CREATE TABLE " + name + " (";
    for (size_t i = 0; i < schema.fields.size(); ++i) {
        const auto& f = schema.fields[i];
        out += i ? ",\n  " : "\n  ";
        std::string type = pgTypeName(f.type);
        out += displayIdentifier(f.name) + " " + (type.empty() ? "/* " + f.type.toString() + " */" : type);
        if (!f.type.nullable) out += " NOT NULL";
    }
    if (!primaryKey.empty()) {
        out += ",\n  PRIMARY KEY (";
        for (size_t i = 0; i < primaryKey.size(); ++i)
            out += (i ? ", " : "") + displayIdentifier(primaryKey[i]);
        out += ")";
    }
    return out + "\n);";
}

}  // namespace sluice::connectors::jdbc
