#pragma once

// A Kafka scan's settings, read once from the table's options (Flink's KafkaConnectorOptionsUtil
// validation and messages) and shared read-only by the scan's parallel sources.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/record_batch.h"
#include "common/time_util.h"
#include "connectors/formats/format.h"
#include "connectors/kafka/kafka_properties.h"
#include "planner/connector_factory.h"

namespace sluice::connectors::kafka {

enum class StartupMode { Earliest, Latest, GroupOffsets, Timestamp, SpecificOffsets };
enum class BoundedMode { Unbounded, Latest, GroupOffsets, Timestamp, SpecificOffsets };

/// The readable metadata keys (Flink's KafkaDynamicSource.ReadableMetadata).
enum class MetadataKind { Topic, Partition, Offset, Timestamp, TimestampType, Headers, LeaderEpoch };

struct MetadataOutput {
    MetadataKind kind;
    DataType type;  // the declared column type the source writes
};

/// One format's part of a record (the key or the value).
struct FormatPart {
    const FormatFactory* format = nullptr;  // null: the part is not decoded
    std::string optionPrefix;               // "" for 'format', "value." / "key." otherwise
    Schema schema;                          // the fields this format sees (key fields without prefix)
    std::vector<int> projection;            // indices into `schema` the scan needs
};

/// Where an output physical column comes from.
struct ColumnSource {
    bool fromKey = false;
    int index = 0;  // position in that part's projection
};

struct KafkaScanConfig {
    std::string tableName;
    std::vector<std::string> topics;  // empty when `topicPattern` is set
    std::string topicPattern;
    KafkaClientProperties client;
    std::string groupId;
    bool groupIdSet = false;

    StartupMode startupMode = StartupMode::GroupOffsets;
    int64_t startupTimestampMillis = 0;
    std::map<int32_t, int64_t> startupOffsets;
    BoundedMode boundedMode = BoundedMode::Unbounded;
    int64_t boundedTimestampMillis = 0;
    std::map<int32_t, int64_t> boundedOffsets;
    int64_t discoveryIntervalMs = 5 * 60 * 1000;  // <= 0: no discovery

    bool upsert = false;
    planner::TableOptions options;  // for the decoders
    FormatPart key;
    FormatPart value;
    std::vector<ColumnSource> columns;  // one per projected physical column
    std::vector<MetadataOutput> metadata;
    Schema outputSchema;
    TimeZone zone = TimeZone::utc();
    int parallelism = 0;  // 'scan.parallelism' (0: the job's default)
};

/// Flink's 'partition:0,offset:42;partition:1,offset:300'; throws ValidationError with Flink's message.
std::map<int32_t, int64_t> parseSpecificOffsets(const std::string& text, const std::string& optionKey);

/// Validates the source options (topic/pattern, startup and bounded modes, formats, key fields,
/// metadata keys and types) and returns the scan's settings. Throws ValidationError.
KafkaScanConfig readKafkaScanConfig(const planner::ConnectorTable& table, const planner::ScanRequest& scan,
                                    const planner::FactoryContext& ctx, bool upsert);

/// Flink's key/value field split, shared with the sink: indices into table.physical of the key
/// fields ('key.fields', or the PRIMARY KEY for upsert) and of the value fields
/// ('value.fields-include'). Throws ValidationError with Flink's messages.
void keyValueProjections(const planner::ConnectorTable& table, bool upsert, std::vector<int>& keyFields,
                         std::vector<int>& valueFields);

/// The readable metadata keys, in Flink's order, for messages.
std::vector<std::string> readableMetadataKeys();

}  // namespace sluice::connectors::kafka
