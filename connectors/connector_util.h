#pragma once

#include <string>
#include <vector>

#include "common/record_batch.h"
#include "planner/connector_factory.h"

namespace sluice::connectors {

/// The schema a scan emits: the projected physical columns, then the projected metadata columns.
Schema scanSchema(const planner::ConnectorTable& table, const planner::ScanRequest& scan);

/// Throws ValidationError naming the first metadata column, for connectors that offer none.
void rejectMetadata(const planner::ConnectorTable& table, const std::string& connector);

/// Throws NotSupportedError for PARTITIONED BY tables, for connectors that have no partitions (all but
/// filesystem).
void rejectPartitions(const planner::ConnectorTable& table, const std::string& connector);

/// A random RFC 4122 version-4 UUID, as java.util.UUID.randomUUID() prints it.
std::string randomUuid();

/// "a, b, c"
std::string joinNames(const std::vector<std::string>& names);

}  // namespace sluice::connectors
