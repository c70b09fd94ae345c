#include "planner/session.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <set>

#include "common/error.h"
#include "common/string_util.h"
#include "functions/function_registry.h"
#include "parser/ast_printer.h"
#include "parser/parser.h"
#include "planner/binder.h"
#include "planner/catalog.h"
#include "planner/checkpoint_config.h"
#include "planner/connector_factory.h"
#include "planner/optimizer.h"
#include "planner/physical_planner.h"
#include "runtime/collect_sink.h"
#include "runtime/job.h"

namespace sluice::planner {

namespace {

// Session options with Flink's defaults; SET may use any key, these are the ones Sluice reads.
const std::map<std::string, std::string> kDefaults = {
    {"execution.checkpointing.externalized-checkpoint-retention", "NO_EXTERNALIZED_CHECKPOINTS"},
    {"execution.checkpointing.max-concurrent-checkpoints", "1"},
    {"execution.checkpointing.min-pause", "0 ms"},
    {"execution.checkpointing.mode", "EXACTLY_ONCE"},
    {"execution.checkpointing.timeout", "10 min"},
    {"execution.checkpointing.tolerable-failed-checkpoints", "0"},
    {"execution.runtime-mode", "streaming"},
    {"parallelism.default", "1"},
    {"pipeline.name", ""},
    {"sql-client.display.max-column-width", "30"},
    {"sql-client.execution.result-mode", "table"},
    {"sql-client.verbose", "false"},
    {"state.checkpoints.num-retained", "1"},
    {"table.dml-sync", "false"},
    {"table.exec.sink.type-length-enforcer", "IGNORE"},
    {"table.local-time-zone", "default"},
};

StatementResult ok() {
    return StatementResult{};
}

StatementResult info(std::string message) {
    StatementResult r;
    r.kind = StatementResult::Kind::Info;
    r.message = std::move(message);
    return r;
}

StatementResult text(std::string message) {
    StatementResult r;
    r.kind = StatementResult::Kind::Text;
    r.message = std::move(message);
    return r;
}

/// A one-column (or more) STRING table.
StatementResult table(std::vector<std::string> columns, const std::vector<std::vector<std::string>>& rows) {
    StatementResult r;
    r.kind = StatementResult::Kind::Table;
    for (auto& c : columns) r.schema.fields.push_back({c, DataType::string().withNullable(false)});
    RecordBatch b(r.schema);
    for (const auto& row : rows)
        for (size_t c = 0; c < row.size(); ++c) b.columns[c].appendString(row[c]);
    b.numRows = rows.size();
    r.rows.push_back(std::move(b));
    return r;
}

bool likeMatch(const std::string& text, const std::string& pattern) {
    // SQL LIKE with % and _ (SHOW ... LIKE), case-sensitive as Flink.
    size_t t = 0, p = 0, star = std::string::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '_' || pattern[p] == text[t])) {
            ++t;
            ++p;
        } else if (p < pattern.size() && pattern[p] == '%') {
            star = p++;
            mark = t;
        } else if (star != std::string::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '%') ++p;
    return p == pattern.size();
}

}  // namespace

Session::Session(const ConnectorRegistry& connectors, const functions::FunctionRegistry& functions,
                 std::map<std::string, std::string> initialConfig)
    : connectors_(connectors),
      functions_(functions),
      config_(std::move(initialConfig)),
      catalog_(std::make_unique<Catalog>()) {}

Session::~Session() {
    cancelJobs();
}

std::vector<ast::StatementPtr> Session::parse(const std::string& sql) {
    return parser::Parser::parseScript(sql);
}

std::vector<std::string> Session::knownConfigKeys() {
    std::vector<std::string> keys;
    for (const auto& [k, v] : kDefaults) keys.push_back(k);
    return keys;
}

std::string Session::config(const std::string& key) const {
    auto it = config_.find(key);
    if (it != config_.end()) return it->second;
    auto d = kDefaults.find(key);
    return d == kDefaults.end() ? "" : d->second;
}

TimeZone Session::zone() const {
    return TimeZone::fromName(config("table.local-time-zone"));
}

namespace {

void validateSetting(const std::string& key, const std::string& value) {
    auto oneOf = [&](std::vector<std::string> allowed) {
        for (const auto& a : allowed)
            if (equalsIgnoreCase(a, value)) return;
        throw ValidationError(fmt::format("Invalid value for '{}': '{}'. Possible values are: {}", key, value,
                                          fmt::join(allowed, ", ")));
    };
    auto positiveInt = [&]() {
        char* end = nullptr;
        long v = std::strtol(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || v < 1)
            throw ValidationError(
                fmt::format("Invalid value for '{}': '{}' is not a positive integer", key, value));
    };
    if (key == "execution.runtime-mode") oneOf({"streaming", "batch", "automatic"});
    if (key == "table.exec.sink.type-length-enforcer") oneOf({"IGNORE", "TRIM_PAD"});
    if (key == "sql-client.execution.result-mode") oneOf({"table", "changelog", "tableau"});
    if (key == "table.dml-sync" || key == "sql-client.verbose") oneOf({"true", "false"});
    if (key == "parallelism.default" || key == "sql-client.display.max-column-width") positiveInt();
    if (key == "table.local-time-zone") TimeZone::fromName(value);
}

}  // namespace

StatementResult Session::execute(const ast::Statement& statement) {
    Binder binder(*catalog_, connectors_, functions_, zone());
    switch (statement.kind) {
        case ast::StatementKind::Set: {
            const auto& s = statement.as<ast::Set>();
            if (!s.key) {
                std::map<std::string, std::string> all = kDefaults;
                for (const auto& [k, v] : config_) all[k] = v;
                std::vector<std::vector<std::string>> rows;
                for (const auto& [k, v] : all) rows.push_back({k, v});
                return table({"key", "value"}, rows);
            }
            validateSetting(*s.key, s.value);
            config_[*s.key] = s.value;
            return ok();
        }
        case ast::StatementKind::Reset: {
            const auto& r = statement.as<ast::Reset>();
            if (r.key)
                config_.erase(*r.key);
            else
                config_.clear();
            return ok();
        }
        case ast::StatementKind::CreateTable: {
            const auto& ct = statement.as<ast::CreateTable>();
            createTable(ct, binder);
            if (!ct.asQuery) return ok();
            // CREATE TABLE ... AS SELECT: the table exists now; fill it like INSERT INTO t SELECT.
            return executeDml(statement);
        }
        case ast::StatementKind::CreateView: {
            const auto& v = statement.as<ast::CreateView>();
            LogicalPtr plan = binder.bindQuery(*v.query);
            CatalogView view;
            view.path = catalog_->resolve(v.name.parts);
            view.schema = plan->schema;
            if (!v.columnNames.empty()) {
                if (v.columnNames.size() != view.schema.size())
                    throw ValidationError(fmt::format(
                        "{}The number of columns in the column list ({}) must match the query's ({})",
                        positionPrefix(v.pos), v.columnNames.size(), view.schema.size()));
                for (size_t i = 0; i < v.columnNames.size(); ++i)
                    view.schema.fields[i].name = v.columnNames[i];
            }
            view.query = v.queryText;
            view.comment = v.comment;
            view.temporary = v.temporary;
            catalog_->createView(std::move(view), v.ifNotExists);
            return ok();
        }
        case ast::StatementKind::CreateCatalog: {
            const auto& c = statement.as<ast::CreateCatalog>();
            TableOptions opts([&] {
                std::vector<std::pair<std::string, std::string>> e;
                for (const auto& o : c.options) e.emplace_back(o.key, o.value);
                return e;
            }());
            std::string type = opts.getOr("type", "generic_in_memory");
            if (type != "generic_in_memory")
                throw NotSupportedError(
                    fmt::format("not supported yet: catalog type '{}' (only 'generic_in_memory' catalogs "
                                "exist in Sluice)",
                                type));
            opts.validate("generic_in_memory", {}, {"type", "default-database"});
            catalog_->createCatalog(c.name, c.ifNotExists);
            return ok();
        }
        case ast::StatementKind::CreateDatabase: {
            const auto& d = statement.as<ast::CreateDatabase>();
            std::string cat = d.name.parts.size() > 1 ? d.name.parts[0] : catalog_->currentCatalog();
            catalog_->createDatabase(cat, d.name.parts.back(), d.ifNotExists);
            return ok();
        }
        case ast::StatementKind::CreateFunction:
            throw NotSupportedError(
                fmt::format("not supported yet: user-defined functions (CREATE FUNCTION {} AS '{}'). Sluice "
                            "runs without a JVM "
                            "and cannot load Java or Python classes; only built-in functions are available "
                            "(SHOW FUNCTIONS).",
                            statement.as<ast::CreateFunction>().name.toString(),
                            statement.as<ast::CreateFunction>().className));
        case ast::StatementKind::AddJar:
        case ast::StatementKind::RemoveJar:
            throw NotSupportedError(
                "not supported yet: JAR files (ADD JAR / REMOVE JAR). Sluice runs without a JVM: connectors "
                "and "
                "functions are built in, so no JAR is needed for them.");
        case ast::StatementKind::Drop: {
            const auto& d = statement.as<ast::Drop>();
            switch (d.object) {
                case ast::ObjectKind::Table:
                case ast::ObjectKind::View:
                    catalog_->dropObject(catalog_->resolve(d.name.parts), d.object == ast::ObjectKind::View,
                                         d.ifExists);
                    return ok();
                case ast::ObjectKind::Database: {
                    std::string cat = d.name.parts.size() > 1 ? d.name.parts[0] : catalog_->currentCatalog();
                    catalog_->dropDatabase(cat, d.name.parts.back(), d.ifExists);
                    return ok();
                }
                case ast::ObjectKind::Catalog:
                    catalog_->dropCatalog(d.name.parts.back(), d.ifExists);
                    return ok();
                case ast::ObjectKind::Function:
                    if (d.ifExists) return ok();
                    throw ValidationError(fmt::format("Function {} does not exist.", d.name.toString()));
            }
            break;
        }
        case ast::StatementKind::AlterTable: {
            const auto& a = statement.as<ast::AlterTable>();
            ObjectPath path = catalog_->resolve(a.name.parts);
            if (!catalog_->findTable(path)) {
                if (a.ifExists) return ok();
                throw ValidationError(
                    fmt::format("Table `{}`.`{}`.`{}` doesn't exist or is a temporary table.", path.catalog,
                                path.database, path.object));
            }
            if (a.action == ast::AlterAction::RenameTo) {
                ObjectPath to = catalog_->resolve(a.newName.parts);
                catalog_->renameTable(path, to);
                return ok();
            }
            CatalogTable& t = catalog_->mutableTable(path);
            if (a.action == ast::AlterAction::SetOptions) {
                for (const auto& o : a.options) {
                    bool replaced = false;
                    for (auto& [k, v] : t.options)
                        if (k == o.key) {
                            v = o.value;
                            replaced = true;
                        }
                    if (!replaced) t.options.emplace_back(o.key, o.value);
                }
            } else {
                for (const auto& key : a.resetKeys) {
                    if (key == "connector")
                        throw ValidationError("ALTER TABLE RESET does not support changing 'connector'");
                    t.options.erase(std::remove_if(t.options.begin(), t.options.end(),
                                                   [&](const auto& kv) { return kv.first == key; }),
                                    t.options.end());
                }
            }
            return ok();
        }
        case ast::StatementKind::Use: {
            const auto& u = statement.as<ast::Use>();
            if (u.catalog)
                catalog_->useCatalog(u.name.parts.back());
            else if (u.name.parts.size() == 2)
                catalog_->useDatabase(u.name.parts[0], u.name.parts[1]);
            else
                catalog_->useDatabase(catalog_->currentCatalog(), u.name.parts.back());
            return ok();
        }
        case ast::StatementKind::Show:
            return show(statement.as<ast::Show>());
        case ast::StatementKind::Describe:
            return describe(statement.as<ast::Describe>());
        case ast::StatementKind::Explain: {
            const auto& e = statement.as<ast::Explain>();
            return text(explain(*e.statement));
        }
        case ast::StatementKind::Insert:
        case ast::StatementKind::StatementSet:
            return executeDml(statement);
        case ast::StatementKind::Query:
            return executeQuery(statement.as<ast::QueryStatement>());
        case ast::StatementKind::StopJob: {
            const auto& s = statement.as<ast::StopJob>();
            for (auto& j : jobs())
                if (j->id() == s.jobId) {
                    if (j->status() != runtime::JobStatus::Running)
                        throw ValidationError(fmt::format("Could not stop job {}: it is {} already.", s.jobId,
                                                          runtime::jobStatusName(j->status())));
                    if (!s.withSavepoint) {
                        j->cancel();
                        j->wait();
                        return ok();
                    }
                    // Flink answers STOP JOB ... WITH SAVEPOINT with a one-row table of the path.
                    std::string path = j->stopWithSavepoint(std::chrono::milliseconds(
                        CheckpointConfig::parseCheckpointSettings(config_).timeoutMs));
                    j->wait();
                    return table({"savepoint path"}, {{path}});
                }
            throw ValidationError(
                fmt::format("Could not stop job {}: no such job in this session.", s.jobId));
        }
        case ast::StatementKind::ClientCommand: {
            const auto& c = statement.as<ast::ClientCommand>();
            if (toUpper(c.command) == "HELP") return text(helpText());
            return ok();
        }
    }
    throw InternalError("unknown statement kind");
}

void Session::createTable(const ast::CreateTable& ct, Binder& binder) {
    CatalogTable table;
    table.path = catalog_->resolve(ct.name.parts);
    table.temporary = ct.temporary;
    table.comment = ct.comment;
    table.partitionKeys = ct.partitionedBy;
    if (!ct.distributedBy.empty())
        throw NotSupportedError(positionPrefix(ct.pos) + "not supported yet: DISTRIBUTED BY");

    // LIKE: start from the source table (Flink's default: INCLUDING ALL OVERWRITING OPTIONS).
    if (ct.like) {
        ObjectPath src = catalog_->resolve(ct.like->source.parts);
        const CatalogTable* base = catalog_->findTable(src);
        if (!base)
            throw ValidationError(
                fmt::format("{}Source table '{}' of the LIKE clause not found{}",
                            positionPrefix(ct.like->pos), ct.like->source.toString(),
                            didYouMean(src.object, catalog_->tables(src.catalog, src.database))));
        bool options = true, constraints = true, watermarks = true, generated = true, metadata = true;
        for (const auto& o : ct.like->options) {
            bool include = o.strategy != ast::LikeMergeStrategy::Excluding;
            switch (o.feature) {
                case ast::LikeFeature::All:
                    options = constraints = watermarks = generated = metadata = include;
                    break;
                case ast::LikeFeature::Options:
                    options = include;
                    break;
                case ast::LikeFeature::Constraints:
                    constraints = include;
                    break;
                case ast::LikeFeature::Watermarks:
                    watermarks = include;
                    break;
                case ast::LikeFeature::Generated:
                    generated = include;
                    break;
                case ast::LikeFeature::Metadata:
                    metadata = include;
                    break;
                case ast::LikeFeature::Partitions:
                    break;
            }
        }
        for (const auto& c : base->columns) {
            if (c.kind == ColumnKind::Computed && !generated) continue;
            if (c.kind == ColumnKind::Metadata && !metadata) continue;
            table.columns.push_back(c);
        }
        if (options) table.options = base->options;
        if (constraints) {
            table.primaryKey = base->primaryKey;
            table.primaryKeyName = base->primaryKeyName;
        }
        if (watermarks) {
            table.watermarkColumn = base->watermarkColumn;
            table.watermarkExpr = base->watermarkExpr;
        }
        if (table.partitionKeys.empty()) table.partitionKeys = base->partitionKeys;
    }

    if (ct.asQuery) {
        // CTAS: the query's columns become the physical columns (Flink allows no column list here).
        if (!ct.columns.empty() || ct.watermark || ct.primaryKey || ct.like)
            throw ValidationError(
                positionPrefix(ct.pos) +
                "CREATE TABLE AS SELECT syntax does not support to specify explicit columns, "
                "watermark, primary key or LIKE clause yet.");
        for (const auto& f : binder.querySchema(*ct.asQuery).fields) {
            CatalogColumn col;
            col.name = f.name;
            col.type = f.type;
            if (col.type.id == TypeId::Char) col.type = DataType::string().withNullable(col.type.nullable);
            table.columns.push_back(std::move(col));
        }
    }
    // Columns: physical and metadata first resolve; computed ones are typed against them.
    Scope scope;
    std::vector<std::string> inlineKey;
    for (const auto& c : ct.columns) {
        if (table.columnIndex(c.name) >= 0)
            throw ValidationError(fmt::format("{}A column named '{}' already exists in the table.",
                                              positionPrefix(c.pos), c.name),
                                  c.pos);
        CatalogColumn col;
        col.name = c.name;
        col.comment = c.comment;
        switch (c.columnKind) {
            case ast::ColumnKind::Physical:
                col.kind = ColumnKind::Physical;
                col.type = c.type;
                break;
            case ast::ColumnKind::Metadata:
                col.kind = ColumnKind::Metadata;
                col.type = c.type;
                col.metadataKey = c.metadataKey;
                col.isVirtual = c.isVirtual;
                break;
            case ast::ColumnKind::Computed:
                col.kind = ColumnKind::Computed;
                col.expr = parser::toFlinkSql(*c.expr);
                break;
        }
        if (c.primaryKey) inlineKey.push_back(c.name);
        table.columns.push_back(std::move(col));
    }
    for (const auto& c : table.columns)
        if (c.kind != ColumnKind::Computed) scope.columns.push_back({"", c.name, c.type});
    for (auto& c : table.columns) {
        if (c.kind != ColumnKind::Computed) continue;
        ast::ExprPtr e = parser::Parser::parseExpression(c.expr);
        c.type = binder.bindExpr(*e, scope)->type();
    }

    // Primary key: one per table, NOT ENFORCED, physical columns, which become NOT NULL.
    std::vector<std::string> key;
    if (ct.primaryKey) {
        if (!inlineKey.empty())
            throw ValidationError(positionPrefix(ct.primaryKey->pos) + "Duplicate primary key definition");
        if (ct.primaryKey->enforced)
            throw ValidationError(
                "Flink doesn't support ENFORCED mode for PRIMARY KEY constraint. ENFORCED/NOT ENFORCED "
                "controls if "
                "the constraint checks are performed on the incoming/outgoing data. Flink does not own the "
                "data "
                "therefore the only supported mode is the NOT ENFORCED mode");
        key = ct.primaryKey->columns;
        table.primaryKeyName = ct.primaryKey->constraintName;
    } else if (!inlineKey.empty()) {
        if (inlineKey.size() > 1)
            throw ValidationError(positionPrefix(ct.pos) + "Duplicate primary key definition");
        key = inlineKey;
    }
    if (!key.empty()) {
        for (const auto& k : key) {
            int idx = table.columnIndex(k);
            if (idx < 0)
                throw ValidationError(
                    fmt::format("Could not create a PRIMARY KEY '{}'. Column '{}' does not exist.",
                                table.primaryKeyName.empty() ? "PK" : table.primaryKeyName, k));
            auto& col = table.columns[idx];
            if (col.kind != ColumnKind::Physical)
                throw ValidationError(
                    fmt::format("Could not create a PRIMARY KEY with column '{}'. A PRIMARY KEY constraint "
                                "must be declared on "
                                "physical columns.",
                                k));
            col.type.nullable = false;
        }
        table.primaryKey = key;
        if (table.primaryKeyName.empty()) table.primaryKeyName = fmt::format("PK_{}", fmt::join(key, "_"));
    }

    if (ct.watermark) {
        const auto& w = *ct.watermark;
        int idx = table.columnIndex(w.column);
        if (idx < 0) {
            std::vector<std::string> names;
            for (const auto& c : table.columns) names.push_back(c.name);
            throw ValidationError(
                fmt::format("{}The rowtime attribute field '{}' is not defined in the table schema.{}",
                            positionPrefix(w.pos), w.column, didYouMean(w.column, names)),
                w.pos);
        }
        const DataType& t = table.columns[idx].type;
        if (!t.isTimestamp() || t.precision > 3)
            throw ValidationError(
                fmt::format("{}Invalid data type of time field for watermark definition. The field must be "
                            "of type TIMESTAMP(p) "
                            "or TIMESTAMP_LTZ(p), the supported precision 'p' is from 0 to 3, but the time "
                            "field type is {}",
                            positionPrefix(w.pos), t.toString()));
        Scope all;
        for (const auto& c : table.columns) all.columns.push_back({"", c.name, c.type});
        auto bound = binder.bindExpr(*w.expr, all);
        if (!bound->type().isTimestamp())
            throw ValidationError(
                fmt::format("{}Watermark strategy {} must be of type TIMESTAMP or TIMESTAMP_LTZ but "
                            "is of type '{}'.",
                            positionPrefix(w.expr->pos), w.expr->text, bound->type().toString()));
        table.watermarkColumn = w.column;
        table.watermarkExpr = parser::toFlinkSql(*w.expr);
    }
    for (const auto& p : table.partitionKeys)
        if (table.columnIndex(p) < 0)
            throw ValidationError(fmt::format("Partition column '{}' not defined in the table schema.", p));

    for (const auto& o : ct.options) {
        bool replaced = false;
        for (auto& [k, v] : table.options)
            if (k == o.key) {
                v = o.value;
                replaced = true;
            }
        if (!replaced) table.options.emplace_back(o.key, o.value);
    }
    catalog_->createTable(std::move(table), ct.ifNotExists);
}

StatementResult Session::show(const ast::Show& s) {
    auto filtered = [&](std::vector<std::string> names) {
        if (!s.likePattern.empty()) {
            std::vector<std::string> out;
            for (const auto& n : names)
                if (likeMatch(n, s.likePattern) != s.notLike) out.push_back(n);
            names = out;
        }
        std::vector<std::vector<std::string>> rows;
        for (const auto& n : names) rows.push_back({n});
        return rows;
    };
    auto dbOf = [&]() -> std::pair<std::string, std::string> {
        if (s.name.parts.empty()) return {catalog_->currentCatalog(), catalog_->currentDatabase()};
        if (s.name.parts.size() == 1) return {catalog_->currentCatalog(), s.name.parts[0]};
        return {s.name.parts[0], s.name.parts[1]};
    };
    switch (s.what) {
        case ast::ShowKind::Catalogs:
            return table({"catalog name"}, filtered(catalog_->catalogs()));
        case ast::ShowKind::Databases:
            return table({"database name"},
                         filtered(catalog_->databases(s.name.parts.empty() ? catalog_->currentCatalog()
                                                                           : s.name.parts[0])));
        case ast::ShowKind::Tables: {
            auto [c, d] = dbOf();
            return table({"table name"}, filtered(catalog_->tables(c, d)));
        }
        case ast::ShowKind::Views: {
            auto [c, d] = dbOf();
            return table({"view name"}, filtered(catalog_->views(c, d)));
        }
        case ast::ShowKind::Functions:
            return table({"function name"}, filtered(functions_.functionNames()));
        case ast::ShowKind::UserFunctions:
            return table({"function name"}, {});
        case ast::ShowKind::CurrentCatalog:
            return table({"current catalog name"}, {{catalog_->currentCatalog()}});
        case ast::ShowKind::CurrentDatabase:
            return table({"current database name"}, {{catalog_->currentDatabase()}});
        case ast::ShowKind::Modules:
            return s.full ? table({"module name", "used"}, {{"core", "true"}})
                          : table({"module name"}, {{"core"}});
        case ast::ShowKind::Jars:
            return table({"jars"}, {});
        case ast::ShowKind::Jobs: {
            // Flink's columns first (job id, job name, status, start time), then what a local engine
            // can add: rows in/out and the last completed checkpoint.
            std::vector<std::vector<std::string>> rows;
            TimeZone z = zone();
            for (const auto& j : jobs()) {
                std::string start;
                {
                    std::lock_guard<std::mutex> lock(jobsMutex_);
                    auto it = jobStartMicros_.find(j->id());
                    if (it != jobStartMicros_.end()) start = formatTimestamp(z.toLocal(it->second), 3);
                }
                std::replace(start.begin(), start.end(), ' ', 'T');  // java.time.LocalDateTime text
                std::string checkpoint;
                if (auto stats = j->checkpointStats(); stats && stats->lastCompletedId > 0)
                    checkpoint = fmt::format("chk-{} ({} ms)", stats->lastCompletedId, stats->lastDurationMs);
                rows.push_back({j->id(), j->name(), runtime::jobStatusName(j->status()), start,
                                std::to_string(j->rowsIn()), std::to_string(j->rowsOut()), checkpoint});
            }
            return table(
                {"job id", "job name", "status", "start time", "rows in", "rows out", "last checkpoint"},
                rows);
        }
        case ast::ShowKind::CreateTable:
        case ast::ShowKind::CreateView: {
            ObjectPath p = catalog_->resolve(s.name.parts);
            if (s.what == ast::ShowKind::CreateTable) {
                if (const CatalogTable* t = catalog_->findTable(p))
                    return table({"result"}, {{t->createStatement()}});
                if (catalog_->findView(p))
                    throw ValidationError(
                        fmt::format("SHOW CREATE TABLE is only supported for tables, but {} is a view. "
                                    "Please use SHOW CREATE "
                                    "VIEW instead.",
                                    p.quoted()));
                throw ValidationError(
                    fmt::format("Could not execute SHOW CREATE TABLE. Table with identifier {} "
                                "does not exist.",
                                p.quoted()));
            }
            if (const CatalogView* v = catalog_->findView(p))
                return table({"result"}, {{v->createStatement()}});
            throw ValidationError(fmt::format(
                "Could not execute SHOW CREATE VIEW. View with identifier {} does not exist.", p.quoted()));
        }
        case ast::ShowKind::Columns: {
            ast::Describe d;
            d.name = s.name;
            StatementResult r = describe(d);
            if (s.likePattern.empty()) return r;
            // SHOW COLUMNS ... [NOT] LIKE filters by column name.
            std::vector<uint32_t> keep;
            const RecordBatch& all = r.rows.at(0);
            for (size_t i = 0; i < all.numRows; ++i)
                if (likeMatch(std::string(all.columns[0].stringAt(i)), s.likePattern) != s.notLike)
                    keep.push_back(static_cast<uint32_t>(i));
            r.rows[0] = all.gather(keep);
            return r;
        }
    }
    throw InternalError("unknown SHOW");
}

StatementResult Session::describe(const ast::Describe& d) {
    ObjectPath p = catalog_->resolve(d.name.parts);
    StatementResult r;
    r.kind = StatementResult::Kind::Table;
    r.schema.fields = {{"name", DataType::string().withNullable(false)},
                       {"type", DataType::string().withNullable(false)},
                       {"null", DataType::boolean().withNullable(false)},
                       {"key", DataType::string()},
                       {"extras", DataType::string()},
                       {"watermark", DataType::string()}};
    RecordBatch b(r.schema);
    auto addRow = [&](const std::string& name, const std::string& type, bool nullable, const std::string& key,
                      const std::string& extras, const std::string& watermark) {
        b.columns[0].appendString(name);
        b.columns[1].appendString(type);
        b.columns[2].append<uint8_t>(nullable);
        for (auto [i, s] : {std::pair<int, const std::string*>{3, &key}, {4, &extras}, {5, &watermark}}) {
            if (s->empty())
                b.columns[i].appendNull();
            else
                b.columns[i].appendString(*s);
        }
        ++b.numRows;
    };
    if (const CatalogTable* t = catalog_->findTable(p)) {
        std::string pk = t->primaryKey.empty() ? "" : fmt::format("PRI({})", fmt::join(t->primaryKey, ", "));
        for (const auto& c : t->columns) {
            bool isKey = std::find(t->primaryKey.begin(), t->primaryKey.end(), c.name) != t->primaryKey.end();
            std::string type = c.type.withNullable(true).toString();
            if (c.name == t->watermarkColumn) type += " *ROWTIME*";
            std::string extras;
            if (c.kind == ColumnKind::Computed) extras = "AS " + c.expr;
            if (c.kind == ColumnKind::Metadata) {
                extras = "METADATA";
                if (!c.metadataKey.empty()) extras += " FROM '" + c.metadataKey + "'";
                if (c.isVirtual) extras += " VIRTUAL";
            }
            addRow(c.name, type, c.type.nullable, isKey ? pk : "", extras,
                   c.name == t->watermarkColumn ? t->watermarkExpr : "");
        }
    } else if (const CatalogView* v = catalog_->findView(p)) {
        for (const auto& f : v->schema.fields)
            addRow(f.name, f.type.withNullable(true).toString(), f.type.nullable, "", "", "");
    } else {
        throw ValidationError(
            fmt::format("Tables or views with the identifier '{}' doesn't exist.", p.toString()));
    }
    r.rows.push_back(std::move(b));
    return r;
}

FactoryContext Session::factoryContext() const {
    FactoryContext ctx;
    ctx.zone = zone();
    ctx.streamingMode = !equalsIgnoreCase(config("execution.runtime-mode"), "batch");
    ctx.defaultParallelism = std::max(1, std::atoi(config("parallelism.default").c_str()));
    ctx.config = config_;
    return ctx;
}

runtime::JobGraph Session::planDml(const ast::Statement& statement, std::string* logicalText) {
    Binder binder(*catalog_, connectors_, functions_, zone());
    binder.setTrimPadSinkLengths(
        equalsIgnoreCase(config("table.exec.sink.type-length-enforcer"), "TRIM_PAD"));
    Optimizer optimizer(functions_);
    std::vector<LogicalPtr> plans;
    if (statement.kind == ast::StatementKind::Insert) {
        plans.push_back(binder.bindInsert(statement.as<ast::Insert>()));
    } else if (statement.kind == ast::StatementKind::CreateTable) {
        const auto& ct = statement.as<ast::CreateTable>();
        plans.push_back(binder.bindInsertInto(ct.name, {}, *ct.asQuery, ct.pos));
    } else {
        for (const auto& i : statement.as<ast::StatementSet>().inserts)
            plans.push_back(binder.bindInsert(*i));
        if (plans.empty())
            throw ValidationError("A statement set must contain at least one INSERT statement.");
    }
    std::string name = config("pipeline.name");
    if (name.empty()) {
        std::vector<std::string> targets;
        for (const auto& p : plans) targets.push_back(static_cast<SinkNode&>(*p).path.toString());
        name = "insert-into_" + fmt::format("{}", fmt::join(targets, ","));
    }
    PhysicalPlanner physical(factoryContext(), name);
    for (auto& bound : plans) {
        LogicalPtr plan = optimizer.optimize(std::move(bound));
        if (logicalText) *logicalText += plan->explain();
        physical.addSink(static_cast<SinkNode&>(*plan));
    }
    if (!physical.allSourcesBounded() && equalsIgnoreCase(config("execution.runtime-mode"), "batch"))
        throw ValidationError(
            fmt::format("Querying an unbounded table '{}' in batch mode is not allowed. The table "
                        "source is unbounded.",
                        physical.firstUnboundedSource()));
    return physical.finish();
}

runtime::JobOptions Session::jobOptions() const {
    runtime::JobOptions o;
    o.zone = zone();
    if (equalsIgnoreCase(config("execution.runtime-mode"), "batch"))
        o.queryStartMicros = std::chrono::duration_cast<std::chrono::microseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    return o;
}

runtime::JobOptions Session::dmlJobOptions() const {
    runtime::JobOptions o = jobOptions();
    CheckpointConfig cc = CheckpointConfig::parse(config_);
    o.checkpoints = cc.checkpoints;
    o.restart = cc.restart;
    // pipeline.name names the job's checkpoint folder, so a job finds its checkpoints again after a
    // restart even when its statements changed in ways that keep the plan; otherwise the runtime keys
    // the job by a hash of its plan.
    std::string name = config("pipeline.name");
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
    o.jobKey = name;
    o.log = jobLog_ ? jobLog_ : [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
    if (adjustDmlJob_) adjustDmlJob_(o);
    return o;
}

std::vector<std::string> Session::stopJobsWithSavepoint() {
    std::vector<std::string> lines;
    auto all = jobs();
    for (auto& j : all) {
        if (j->status() != runtime::JobStatus::Running) continue;
        if (!j->checkpointing()) {
            j->cancel();
            continue;
        }
        try {
            std::string path = j->stopWithSavepoint(
                std::chrono::milliseconds(CheckpointConfig::parseCheckpointSettings(config_).timeoutMs));
            lines.push_back(fmt::format("Job {} stopped with a savepoint: {}", j->id(), path));
        } catch (const std::exception& e) {
            lines.push_back(fmt::format("Job {}: {}; cancelling it without one.", j->id(), e.what()));
            j->cancel();
        }
    }
    for (auto& j : all) j->wait();
    return lines;
}

StatementResult Session::executeDml(const ast::Statement& statement) {
    auto job = std::make_shared<runtime::Job>(planDml(statement, nullptr), dmlJobOptions());
    job->start();
    {
        std::lock_guard<std::mutex> lock(jobsMutex_);
        jobs_.push_back(job);
        jobStartMicros_[job->id()] = std::chrono::duration_cast<std::chrono::microseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count();
    }
    if (equalsIgnoreCase(config("table.dml-sync"), "true")) {
        if (job->wait() == runtime::JobStatus::Failed) {
            std::lock_guard<std::mutex> lock(jobsMutex_);
            reportedFailures_.insert(job->id());  // waitForJobs() does not report it again
            throw JobFailedError(*job->error());
        }
        return info("Complete execution of the SQL update statement.");
    }
    return info(
        fmt::format("Submitting SQL update statement to the cluster...\n[INFO] SQL update statement has been "
                    "successfully "
                    "submitted to the cluster:\nJob ID: {}",
                    job->id()));
}

StatementResult Session::executeQuery(const ast::QueryStatement& q) {
    Binder binder(*catalog_, connectors_, functions_, zone());
    Optimizer optimizer(functions_);
    LogicalPtr plan = binder.bindQuery(*q.query);
    auto sink = std::make_unique<SinkNode>();
    sink->collect = true;
    sink->schema = plan->schema;
    sink->inputs.push_back(std::move(plan));
    LogicalPtr optimized = optimizer.optimize(std::move(sink));
    auto queue = std::make_shared<runtime::ResultQueue>();
    Schema schema = optimized->schema;
    PhysicalPlanner physical(factoryContext(), "collect");
    physical.addSink(static_cast<SinkNode&>(*optimized),
                     std::make_shared<runtime::CollectSinkProvider>(queue));
    bool batch = equalsIgnoreCase(config("execution.runtime-mode"), "batch");
    if (!physical.allSourcesBounded() && batch)
        throw ValidationError(
            fmt::format("Querying an unbounded table '{}' in batch mode is not allowed. The table "
                        "source is unbounded.",
                        physical.firstUnboundedSource()));
    auto job = std::make_shared<runtime::Job>(physical.finish(), jobOptions());
    job->start();
    StatementResult r;
    r.kind = StatementResult::Kind::Query;
    r.schema = schema;
    r.stream = queue;
    r.job = job;
    r.streaming = !batch;
    return r;
}

std::string Session::explain(const ast::Statement& statement) {
    std::string logical;
    runtime::JobGraph graph;
    if (statement.kind == ast::StatementKind::Query) {
        Binder binder(*catalog_, connectors_, functions_, zone());
        Optimizer optimizer(functions_);
        auto sink = std::make_unique<SinkNode>();
        sink->collect = true;
        LogicalPtr plan = binder.bindQuery(*statement.as<ast::QueryStatement>().query);
        sink->schema = plan->schema;
        sink->inputs.push_back(std::move(plan));
        LogicalPtr optimized = optimizer.optimize(std::move(sink));
        logical = optimized->explain();
        PhysicalPlanner physical(factoryContext(), "collect");
        physical.addSink(static_cast<SinkNode&>(*optimized), std::make_shared<runtime::CollectSinkProvider>(
                                                                 std::make_shared<runtime::ResultQueue>()));
        graph = physical.finish();
    } else if (statement.kind == ast::StatementKind::Insert ||
               statement.kind == ast::StatementKind::StatementSet) {
        graph = planDml(statement, &logical);
    } else {
        throw ValidationError("EXPLAIN supports queries, INSERT and STATEMENT SET statements only");
    }
    return fmt::format("== Optimized Logical Plan ==\n{}\n== Physical Execution Plan ==\n{}", logical,
                       graph.explain());
}

std::vector<std::shared_ptr<runtime::Job>> Session::jobs() const {
    std::lock_guard<std::mutex> lock(jobsMutex_);
    return jobs_;
}

void Session::waitForJobs() {
    for (auto& j : jobs()) {
        bool reported;
        {
            std::lock_guard<std::mutex> lock(jobsMutex_);
            reported = reportedFailures_.count(j->id()) > 0;
        }
        if (j->wait() == runtime::JobStatus::Failed && !reported)
            throw JobFailedError(*j->error() + fmt::format("\n(job '{}', id {})", j->name(), j->id()));
    }
}

void Session::cancelJobs() {
    auto all = jobs();
    for (auto& j : all) j->cancel();
    for (auto& j : all) j->wait();
}

std::string Session::helpText() {
    return "The following commands are available:\n\n"
           "CLEAR\t\tClears the current terminal.\n"
           "CREATE TABLE\t\tCreate table under current catalog and database.\n"
           "DROP TABLE\t\tDrop table with optional catalog and database. Syntax: \"DROP TABLE [IF EXISTS] "
           "<name>;\"\n"
           "CREATE VIEW\t\tCreates a virtual table from a SQL query. Syntax: \"CREATE VIEW <name> AS "
           "<query>;\"\n"
           "DESCRIBE\t\tDescribes the schema of a table with the given name.\n"
           "DROP VIEW\t\tDeletes a previously created virtual table. Syntax: \"DROP VIEW <name>;\"\n"
           "EXPLAIN\t\tDescribes the execution plan of a query or table with the given name.\n"
           "HELP\t\tPrints the available commands.\n"
           "INSERT INTO\t\tInserts the results of a SQL SELECT query into a declared table sink.\n"
           "QUIT\t\tQuits the SQL CLI client.\n"
           "RESET\t\tResets a session configuration property. Syntax: \"RESET '<key>';\". Use \"RESET;\" for "
           "reset all session properties.\n"
           "SELECT\t\tExecutes a SQL SELECT query on the Sluice engine.\n"
           "SET\t\tSets a session configuration property. Syntax: \"SET '<key>'='<value>';\". Use \"SET;\" "
           "for "
           "listing all properties.\n"
           "SHOW FUNCTIONS\t\tShows all user-defined and built-in functions.\n"
           "SHOW TABLES\t\tShows all registered tables.\n"
           "USE CATALOG\t\tSets the current catalog.\n"
           "USE\t\tSets the current default database.\n";
}

}  // namespace sluice::planner
