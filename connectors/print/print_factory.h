#pragma once

#include "planner/connector_factory.h"

namespace sluice::connectors {

/// 'connector' = 'print' (Flink's PrintTableSinkFactory): sink only.
class PrintFactory : public planner::ConnectorFactory {
public:
    std::string identifier() const override { return "print"; }
    std::unique_ptr<runtime::SinkProvider> createSink(const planner::ConnectorTable& table,
                                                      const planner::FactoryContext& ctx) const override;
    std::vector<std::string> optionKeys() const override;
};

}  // namespace sluice::connectors
