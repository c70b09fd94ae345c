#pragma once

#include "planner/connector_factory.h"

namespace sluice::connectors {

/// 'connector' = 'blackhole': a sink that discards every row (any row kind).
class BlackholeFactory : public planner::ConnectorFactory {
public:
    std::string identifier() const override { return "blackhole"; }
    std::unique_ptr<runtime::SinkProvider> createSink(const planner::ConnectorTable& table,
                                                      const planner::FactoryContext& ctx) const override;
};

}  // namespace sluice::connectors
