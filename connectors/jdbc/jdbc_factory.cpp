#include "connectors/jdbc/jdbc_factory.h"

#include <fmt/format.h>

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
                                                                   const planner::FactoryContext&) const {
    auto options = JdbcOptions::fromTable(table);
    validateTypes(*options);
    if (!scan.metadataFields.empty())
        throw ValidationError(fmt::format("The jdbc table '{}' has no metadata columns.", table.name));
    return std::make_unique<JdbcSourceProvider>(options, scan.physicalFields);
}

}  // namespace sluice::connectors::jdbc
