#include "connectors/kafka/kafka_source_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <regex>

#include "common/error.h"
#include "connectors/connector_util.h"
#include "connectors/formats/format_registry.h"

namespace sluice::connectors::kafka {

namespace {

struct MetadataSpec {
    const char* key;
    MetadataKind kind;
    const char* typeText;  // Flink's declared type, for messages
};
// Flink's ReadableMetadata order (header-list, newer than our reference version, is not offered).
constexpr MetadataSpec kMetadata[] = {
    {"topic", MetadataKind::Topic, "STRING NOT NULL"},
    {"partition", MetadataKind::Partition, "INT NOT NULL"},
    {"headers", MetadataKind::Headers, "MAP<STRING, BYTES> NOT NULL"},
    {"leader-epoch", MetadataKind::LeaderEpoch, "INT"},
    {"offset", MetadataKind::Offset, "BIGINT NOT NULL"},
    {"timestamp", MetadataKind::Timestamp, "TIMESTAMP_LTZ(3) NOT NULL"},
    {"timestamp-type", MetadataKind::TimestampType, "STRING NOT NULL"},
};

std::vector<std::string> splitList(const std::string& text) {
    // Flink's list options: ';'-separated, blanks trimmed
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(';', start);
        if (end == std::string::npos) end = text.size();
        std::string item = text.substr(start, end - start);
        auto b = item.find_first_not_of(" \t");
        auto e = item.find_last_not_of(" \t");
        item = b == std::string::npos ? "" : item.substr(b, e - b + 1);
        if (!item.empty()) out.push_back(item);
        start = end + 1;
    }
    return out;
}

// The declared type must hold the metadata value without a planner-side cast (Sluice's planner
// does not insert one yet): the natural type, a wider integer, any string, a TIMESTAMP(_LTZ).
bool metadataTypeFits(MetadataKind kind, const DataType& t) {
    switch (kind) {
        case MetadataKind::Topic:
        case MetadataKind::TimestampType:
            return t.isString();
        case MetadataKind::Partition:
        case MetadataKind::LeaderEpoch:
            return t.id == TypeId::Int || t.id == TypeId::BigInt;
        case MetadataKind::Offset:
            return t.id == TypeId::BigInt;
        case MetadataKind::Timestamp:
            return t.id == TypeId::TimestampLtz || t.id == TypeId::Timestamp;
        case MetadataKind::Headers:
            return t.id == TypeId::Map && t.children.size() == 2 && t.children[0].isString() &&
                   (t.children[1].isBinary() || t.children[1].isString());
    }
    return false;
}

bool isSingleTopic(const planner::TableOptions& o) {
    auto t = o.get("topic");
    return t && splitList(*t).size() == 1;
}

const FormatFactory* lookupFormat(const planner::TableOptions& o, const std::string& key) {
    auto name = o.get(key);
    if (!name) return nullptr;
    return &FormatRegistry::builtin().get(*name);
}

}  // namespace

std::vector<std::string> readableMetadataKeys() {
    std::vector<std::string> keys;
    for (const auto& m : kMetadata) keys.push_back(m.key);
    return keys;
}

std::map<int32_t, int64_t> parseSpecificOffsets(const std::string& text, const std::string& optionKey) {
    const std::string message = fmt::format(
        "Invalid properties '{}' should follow the format 'partition:0,offset:42;partition:1,offset:300', "
        "but "
        "is '{}'.",
        optionKey, text);
    std::map<int32_t, int64_t> offsets;
    size_t start = 0;
    if (text.empty()) throw ValidationError(message);
    while (start < text.size()) {
        size_t end = text.find(';', start);
        if (end == std::string::npos) end = text.size();
        std::string pair = text.substr(start, end - start);
        start = end + 1;
        auto comma = pair.find(',');
        if (pair.empty() || comma == std::string::npos || pair.find(',', comma + 1) != std::string::npos)
            throw ValidationError(message);
        std::string p = pair.substr(0, comma), off = pair.substr(comma + 1);
        if (p.rfind("partition:", 0) != 0 || off.rfind("offset:", 0) != 0) throw ValidationError(message);
        p = p.substr(10);
        off = off.substr(7);
        int32_t partition = 0;
        int64_t offset = 0;
        auto r1 = std::from_chars(p.data(), p.data() + p.size(), partition);
        auto r2 = std::from_chars(off.data(), off.data() + off.size(), offset);
        if (r1.ec != std::errc() || r1.ptr != p.data() + p.size() || r2.ec != std::errc() ||
            r2.ptr != off.data() + off.size())
            throw ValidationError(message);
        offsets[partition] = offset;
    }
    return offsets;
}

void keyValueProjections(const planner::ConnectorTable& table, bool upsert, std::vector<int>& keyFields,
                         std::vector<int>& valueFields) {
    const auto& o = table.options;
    keyFields.clear();
    valueFields.clear();
    std::vector<std::string> names;
    for (const auto& f : table.physical.fields) names.push_back(f.name);
    std::vector<std::string> keyNames;
    if (upsert) {
        keyNames = table.primaryKey;
    } else {
        bool hasFormat = o.has("key.format");
        auto fields = o.get("key.fields");
        if (!hasFormat && fields)
            throw ValidationError(
                "The option 'key.fields' can only be declared if a key format is defined using "
                "'key.format'.");
        if (hasFormat && (!fields || splitList(*fields).empty()))
            throw ValidationError(
                "A key format 'key.format' requires the declaration of one or more of key fields using "
                "'key.fields'.");
        if (fields) keyNames = splitList(*fields);
    }
    std::string prefix = o.getOr("key.fields-prefix", "");
    for (const auto& k : keyNames) {
        auto it = std::find(names.begin(), names.end(), k);
        if (it == names.end())
            throw ValidationError(fmt::format(
                "Could not find the field '{}' in the table schema for usage in the key format. A key field "
                "must be a regular, physical column. The following columns can be selected in the '{}' "
                "option:\n[{}]",
                k, "key.fields", joinNames(names)));
        if (k.rfind(prefix, 0) != 0)
            throw ValidationError(
                fmt::format("All fields in '{}' must be prefixed with '{}' when option '{}' is set but field "
                            "'{}' is not prefixed.",
                            "key.fields", prefix, "key.fields-prefix", k));
        keyFields.push_back(static_cast<int>(it - names.begin()));
    }
    std::string include = o.getEnum("value.fields-include", {"ALL", "EXCEPT_KEY"}).value_or("ALL");
    if (include == "ALL") {
        if (!prefix.empty())
            throw ValidationError(
                "A key prefix is not allowed when option 'value.fields-include' is set to 'ALL'. Set it to "
                "'EXCEPT_KEY' instead to avoid field overlaps.");
        for (size_t i = 0; i < names.size(); ++i) valueFields.push_back(static_cast<int>(i));
    } else {
        for (size_t i = 0; i < names.size(); ++i)
            if (std::find(keyFields.begin(), keyFields.end(), static_cast<int>(i)) == keyFields.end())
                valueFields.push_back(static_cast<int>(i));
    }
}

KafkaScanConfig readKafkaScanConfig(const planner::ConnectorTable& table, const planner::ScanRequest& scan,
                                    const planner::FactoryContext& ctx, bool upsert) {
    const auto& o = table.options;
    KafkaScanConfig c;
    c.tableName = table.name;
    c.upsert = upsert;
    c.options = o;
    c.zone = ctx.zone;

    // --- topic / topic-pattern (KafkaConnectorOptionsUtil.validateTopic)
    bool hasTopic = o.has("topic"), hasPattern = o.has("topic-pattern");
    if (hasTopic && hasPattern)
        throw ValidationError("Option 'topic' and 'topic-pattern' shouldn't be set together.");
    if (!hasTopic && !hasPattern) throw ValidationError("Either 'topic' or 'topic-pattern' must be set.");
    if (hasTopic) {
        c.topics = splitList(*o.get("topic"));
        if (c.topics.empty()) throw ValidationError("Either 'topic' or 'topic-pattern' must be set.");
    } else {
        c.topicPattern = *o.get("topic-pattern");
        try {
            std::regex check(c.topicPattern, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            throw ValidationError(fmt::format(
                "Invalid value for option 'topic-pattern': '{}' is not a valid regular expression: {}",
                c.topicPattern, e.what()));
        }
    }

    // --- startup mode (validateScanStartupMode); upsert-kafka always reads from the earliest offset
    if (upsert) {
        c.startupMode = StartupMode::Earliest;
    } else {
        auto mode = o.getEnum("scan.startup.mode", {"earliest-offset", "latest-offset", "group-offsets",
                                                    "timestamp", "specific-offsets"})
                        .value_or("group-offsets");
        if (mode == "earliest-offset") c.startupMode = StartupMode::Earliest;
        if (mode == "latest-offset") c.startupMode = StartupMode::Latest;
        if (mode == "group-offsets") c.startupMode = StartupMode::GroupOffsets;
        if (mode == "timestamp") {
            c.startupMode = StartupMode::Timestamp;
            auto ts = o.getInt("scan.startup.timestamp-millis");
            if (!ts)
                throw ValidationError(
                    "'scan.startup.timestamp-millis' is required in 'timestamp' startup mode but missing.");
            c.startupTimestampMillis = *ts;
        }
        if (mode == "specific-offsets") {
            c.startupMode = StartupMode::SpecificOffsets;
            auto text = o.get("scan.startup.specific-offsets");
            if (!text)
                throw ValidationError(
                    "'scan.startup.specific-offsets' is required in 'specific-offsets' startup mode but "
                    "missing.");
            if (!isSingleTopic(o))
                throw ValidationError(
                    "Currently Kafka source only supports specific offset for single topic.");
            c.startupOffsets = parseSpecificOffsets(*text, "scan.startup.specific-offsets");
        }
        if (o.has("scan.startup.timestamp-millis")) o.getInt("scan.startup.timestamp-millis");
    }

    // --- bounded mode (validateScanBoundedMode)
    auto bounded = o.getEnum("scan.bounded.mode",
                             {"unbounded", "latest-offset", "group-offsets", "timestamp", "specific-offsets"})
                       .value_or("unbounded");
    if (bounded == "latest-offset") c.boundedMode = BoundedMode::Latest;
    if (bounded == "group-offsets") c.boundedMode = BoundedMode::GroupOffsets;
    if (bounded == "timestamp") {
        c.boundedMode = BoundedMode::Timestamp;
        auto ts = o.getInt("scan.bounded.timestamp-millis");
        if (!ts)
            throw ValidationError(
                "'scan.bounded.timestamp-millis' is required in 'timestamp' bounded mode but missing.");
        c.boundedTimestampMillis = *ts;
    }
    if (bounded == "specific-offsets") {
        c.boundedMode = BoundedMode::SpecificOffsets;
        auto text = o.get("scan.bounded.specific-offsets");
        if (!text)
            throw ValidationError(
                "'scan.bounded.specific-offsets' is required in 'specific-offsets' bounded mode but "
                "missing.");
        if (!isSingleTopic(o))
            throw ValidationError("Currently Kafka source only supports specific offset for single topic.");
        c.boundedOffsets = parseSpecificOffsets(*text, "scan.bounded.specific-offsets");
    }

    // --- client properties and the consumer group
    c.client = readKafkaProperties(o, ClientRole::Consumer);
    c.discoveryIntervalMs =
        o.getDurationMillis("scan.topic-partition-discovery.interval").value_or(5 * 60 * 1000);
    if (c.client.partitionDiscoveryIntervalMs) c.discoveryIntervalMs = *c.client.partitionDiscoveryIntervalMs;
    if (auto g = o.get("properties.group.id")) {
        c.groupId = *g;
        c.groupIdSet = true;
    } else {
        c.groupId = "KafkaSource-" + table.name;
    }
    if (o.has("scan.parallelism")) {
        c.parallelism = static_cast<int>(o.getInt("scan.parallelism").value_or(0));
        if (c.parallelism < 1)
            throw ValidationError("Invalid value for option 'scan.parallelism': it must be at least 1.");
    }

    // --- formats and the key/value split
    std::vector<int> keyFields, valueFields;
    keyValueProjections(table, upsert, keyFields, valueFields);
    if (upsert) {
        if (table.primaryKey.empty())
            throw ValidationError(
                "'upsert-kafka' tables require to define a PRIMARY KEY constraint. The PRIMARY KEY specifies "
                "which columns should be read from or write to the Kafka message key. The PRIMARY KEY also "
                "defines records in the 'upsert-kafka' table should update or delete on which keys.");
        c.value.format = lookupFormat(o, "value.format");
        c.value.optionPrefix = "value.";
    } else if (o.has("format")) {
        c.value.format = lookupFormat(o, "format");
        c.value.optionPrefix = "";
    } else {
        c.value.format = lookupFormat(o, "value.format");
        c.value.optionPrefix = "value.";
    }
    if (!c.value.format)
        throw ValidationError(
            "Could not find required scan format 'value.format'. Set 'format' or 'value.format'.");
    std::string keyPrefix = o.getOr("key.fields-prefix", "");
    if (o.has("key.format")) {
        c.key.format = lookupFormat(o, "key.format");
        c.key.optionPrefix = "key.";
    }
    for (int k : keyFields) {
        Field f = table.physical.fields.at(static_cast<size_t>(k));
        f.name = f.name.substr(keyPrefix.size());  // the key format sees names without the prefix
        c.key.schema.fields.push_back(f);
    }
    for (int v : valueFields)
        c.value.schema.fields.push_back(table.physical.fields.at(static_cast<size_t>(v)));

    // A projected column comes from the value when the value holds it (Flink's value-wins order),
    // else from the key.
    for (int p : scan.physicalFields) {
        auto vi = std::find(valueFields.begin(), valueFields.end(), p);
        ColumnSource src;
        if (vi != valueFields.end()) {
            src.fromKey = false;
            src.index = static_cast<int>(c.value.projection.size());
            c.value.projection.push_back(static_cast<int>(vi - valueFields.begin()));
        } else {
            auto ki = std::find(keyFields.begin(), keyFields.end(), p);
            SLUICE_CHECK(ki != keyFields.end());
            src.fromKey = true;
            src.index = static_cast<int>(c.key.projection.size());
            c.key.projection.push_back(static_cast<int>(ki - keyFields.begin()));
        }
        c.columns.push_back(src);
    }
    // upsert: a DELETE (null value) row carries its key columns, so the key is decoded for every
    // projected key field, and those columns come from the key
    if (upsert && c.key.format) {
        for (size_t j = 0; j < scan.physicalFields.size(); ++j) {
            int p = scan.physicalFields[j];
            auto ki = std::find(keyFields.begin(), keyFields.end(), p);
            if (ki == keyFields.end() || c.columns[j].fromKey) continue;
            c.columns[j].fromKey = true;
            c.columns[j].index = static_cast<int>(c.key.projection.size());
            c.key.projection.push_back(static_cast<int>(ki - keyFields.begin()));
        }
    }
    if (c.key.projection.empty() && !upsert) c.key.format = nullptr;  // nothing needed from the key

    // fail at plan time on bad format options or unsupported column types
    c.value.format->createDecoder(o, c.value.optionPrefix, c.value.schema, c.value.projection);
    if (c.key.format) c.key.format->createDecoder(o, c.key.optionPrefix, c.key.schema, c.key.projection);

    // --- metadata columns
    for (int m : scan.metadataFields) {
        const auto& info = table.metadata.at(static_cast<size_t>(m));
        const MetadataSpec* spec = nullptr;
        for (const auto& s : kMetadata)
            if (info.key == s.key) spec = &s;
        if (!spec) {
            std::string list;
            for (const auto& s : kMetadata) list += std::string("\n") + s.key;
            throw ValidationError(
                fmt::format("Invalid metadata key '{}' in column '{}' of table '{}'. The DynamicTableSource "
                            "class 'org.apache.flink.streaming.connectors.kafka.table.KafkaDynamicSource' "
                            "supports the following metadata keys for reading:{}",
                            info.key, info.name, table.name, list));
        }
        if (!metadataTypeFits(spec->kind, info.type))
            throw ValidationError(fmt::format(
                "Metadata column '{}' of table '{}' has type {}, but metadata key '{}' is {}; declare "
                "the column with that type (Sluice does not cast metadata yet).",
                info.name, table.name, info.type.toString(), info.key, spec->typeText));
        c.metadata.push_back({spec->kind, info.type});
    }
    c.outputSchema = scanSchema(table, scan);
    return c;
}

}  // namespace sluice::connectors::kafka
