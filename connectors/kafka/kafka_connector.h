#pragma once

// The Kafka connectors ('kafka' and 'upsert-kafka'): the source side and the sink side are built in
// separate files; the factories call these two entry points.

#include <memory>

#include "planner/connector_factory.h"
#include "runtime/sink.h"
#include "runtime/source.h"

namespace sluice::connectors::kafka {

/// A scan of a Kafka table; `upsert` for 'upsert-kafka' (key = PRIMARY KEY, null value = DELETE).
/// Options are validated by the factory before this is called. Implemented in kafka_source*.cpp.
std::unique_ptr<runtime::SourceProvider> createKafkaSource(const planner::ConnectorTable& table,
                                                           const planner::ScanRequest& scan,
                                                           const planner::FactoryContext& ctx, bool upsert);

/// A sink into a Kafka table; `upsert` for 'upsert-kafka' (DELETE = tombstone). Implemented in
/// kafka_sink*.cpp.
std::unique_ptr<runtime::SinkProvider> createKafkaSink(const planner::ConnectorTable& table,
                                                       const planner::FactoryContext& ctx, bool upsert);

}  // namespace sluice::connectors::kafka
