#pragma once

#include "planner/connector_factory.h"

namespace sluice::connectors::jdbc {

/// 'connector' = 'jdbc' (Flink's JdbcDynamicTableFactory) for PostgreSQL URLs: a sink in append
/// (no PRIMARY KEY) or upsert mode (jdbc_sink.h) and a bounded scan source (jdbc_source.h).
class JdbcFactory : public planner::ConnectorFactory {
public:
    std::string identifier() const override { return "jdbc"; }
    std::unique_ptr<runtime::SourceProvider> createSource(const planner::ConnectorTable& table,
                                                          const planner::ScanRequest& scan,
                                                          const planner::FactoryContext& ctx) const override;
    std::unique_ptr<runtime::SinkProvider> createSink(const planner::ConnectorTable& table,
                                                      const planner::FactoryContext& ctx) const override;
    std::vector<std::string> optionKeys() const override;
};

}  // namespace sluice::connectors::jdbc
