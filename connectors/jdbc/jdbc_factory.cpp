#include "connectors/jdbc/jdbc_factory.h"

#include <fmt/format.h>

#include <cctype>
#include <map>

#include "common/error.h"
#include "connectors/jdbc/jdbc_options.h"
#include "connectors/jdbc/jdbc_sink.h"
#include "connectors/jdbc/jdbc_source.h"
#include "connectors/jdbc/pg_table.h"

namespace sluice::connectors::jdbc {

namespace {

// Flink's JdbcDialect.validate for the PostgreSQL dialect: types without a PostgreSQL counterpart and
// timestamps finer than PostgreSQL's microseconds.
void validateTypes(const JdbcOptions& o) {
    for (const auto& f : o.physical.fields) {
        if (PgTable::pgTypeName(f.type).empty())
            throw ValidationError(
                fmt::format("The PostgreSQL dialect doesn't support type: {}.", f.type.toString()));
        if (f.type.isTimestamp() && f.type.precision > 6)
            throw ValidationError(fmt::format(
                "The precision of field '{}' is out of the TIMESTAMP precision range [0, 6] supported "
                "by PostgreSQL dialect.",
                f.name));
    }
}

// Whether the job may take checkpoints (or restore one): then the scan reads in a stable order, so
// that a checkpoint's row count says which rows are still to come. The planner parses these keys
// fully; a value it will reject anyway counts as on.
bool mayCheckpoint(const std::map<std::string, std::string>& config) {
    for (const char* key : {"execution.state-recovery.path", "execution.savepoint.path"}) {
        auto it = config.find(key);
        if (it != config.end() && !it->second.empty()) return true;
    }
    auto it = config.find("execution.checkpointing.interval");
    if (it == config.end()) return false;
    // "0", "0 ms", "00s" turn checkpointing off; anything else is an interval (or an error)
    const std::string& v = it->second;
    size_t digits = v.find_first_not_of(" \t");
    if (digits == std::string::npos) return false;
    size_t end = v.find_first_not_of("0123456789", digits);
    if (end == digits) return true;
    return v.find_first_not_of('0', digits) < end;
}

}  // namespace

std::vector<std::string> JdbcFactory::optionKeys() const {
    return JdbcOptions::optionKeys();
}

std::unique_ptr<runtime::SinkProvider> JdbcFactory::createSink(const planner::ConnectorTable& table,
                                                               const planner::FactoryContext&) const {
    auto options = JdbcOptions::fromTable(table);
    validateTypes(*options);
    return std::make_unique<JdbcSinkProvider>(options);
}

std::unique_ptr<runtime::SourceProvider> JdbcFactory::createSource(const planner::ConnectorTable& table,
                                                                   const planner::ScanRequest& scan,
                                                                   const planner::FactoryContext& ctx) const {
    auto options = JdbcOptions::fromTable(table);
    validateTypes(*options);
    if (!scan.metadataFields.empty())
        throw ValidationError(fmt::format("The jdbc table '{}' has no metadata columns.", table.name));
    return std::make_unique<JdbcSourceProvider>(options, scan.physicalFields, mayCheckpoint(ctx.config));
}

}  // namespace sluice::connectors::jdbc
