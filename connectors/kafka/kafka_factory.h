#pragma once

#include "planner/connector_factory.h"

namespace sluice::connectors::kafka {

/// 'connector' = 'kafka' (Flink's KafkaDynamicTableFactory): validates the source and sink options
/// with Flink's names, defaults and messages, then builds the source (kafka_source.cpp) or the sink
/// (kafka_sink*.cpp).
class KafkaFactory : public planner::ConnectorFactory {
public:
    std::string identifier() const override { return "kafka"; }
    std::unique_ptr<runtime::SourceProvider> createSource(const planner::ConnectorTable& table,
                                                          const planner::ScanRequest& scan,
                                                          const planner::FactoryContext& ctx) const override;
    std::unique_ptr<runtime::SinkProvider> createSink(const planner::ConnectorTable& table,
                                                      const planner::FactoryContext& ctx) const override;
    std::vector<std::string> optionKeys() const override;
};

/// 'connector' = 'upsert-kafka' (Flink's UpsertKafkaDynamicTableFactory): the PRIMARY KEY is the message
/// key; a null value is a DELETE when read and a DELETE is written as a tombstone.
class UpsertKafkaFactory : public planner::ConnectorFactory {
public:
    std::string identifier() const override { return "upsert-kafka"; }
    /// Upserts keyed by the PRIMARY KEY, tombstones as deletes (Flink's ChangelogMode.upsert()).
    planner::ChangelogMode scanChangelogMode(const planner::ConnectorTable& table) const override {
        return planner::ChangelogMode::upsert(table.primaryKey);
    }
    std::unique_ptr<runtime::SourceProvider> createSource(const planner::ConnectorTable& table,
                                                          const planner::ScanRequest& scan,
                                                          const planner::FactoryContext& ctx) const override;
    std::unique_ptr<runtime::SinkProvider> createSink(const planner::ConnectorTable& table,
                                                      const planner::FactoryContext& ctx) const override;
    std::vector<std::string> optionKeys() const override;
};

}  // namespace sluice::connectors::kafka
