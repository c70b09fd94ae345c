#pragma once

#include "planner/connector_factory.h"

namespace sluice::connectors {

/// 'connector' = 'filesystem' (Flink's FileSystemTableFactory): a bounded source over a file or a
/// directory, and an append-only sink writing part files committed at checkpoints.
class FilesystemFactory : public planner::ConnectorFactory {
public:
    std::string identifier() const override { return "filesystem"; }
    std::unique_ptr<runtime::SourceProvider> createSource(const planner::ConnectorTable& table,
                                                          const planner::ScanRequest& scan,
                                                          const planner::FactoryContext& ctx) const override;
    std::unique_ptr<runtime::SinkProvider> createSink(const planner::ConnectorTable& table,
                                                      const planner::FactoryContext& ctx) const override;
    std::vector<std::string> optionKeys() const override;
};

}  // namespace sluice::connectors
