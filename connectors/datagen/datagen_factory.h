#pragma once

#include "planner/connector_factory.h"

namespace sluice::connectors {

/// 'connector' = 'datagen' (Flink's DataGenTableSourceFactory): source only, no metadata columns.
class DatagenFactory : public planner::ConnectorFactory {
public:
    std::string identifier() const override { return "datagen"; }
    std::unique_ptr<runtime::SourceProvider> createSource(const planner::ConnectorTable& table,
                                                          const planner::ScanRequest& scan,
                                                          const planner::FactoryContext& ctx) const override;
    std::vector<std::string> optionKeys() const override;
};

}  // namespace sluice::connectors
