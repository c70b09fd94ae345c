#include "connectors/kafka/kafka_factory.h"

#include <fmt/format.h>

#include "common/error.h"
#include "connectors/connector_util.h"
#include "connectors/formats/format_registry.h"
#include "connectors/kafka/kafka_connector.h"
#include "connectors/kafka/kafka_properties.h"
#include "connectors/kafka/kafka_source_config.h"

namespace sluice::connectors::kafka {

namespace {

const std::vector<std::string> kKafkaOptional = {"format",
                                                 "key.format",
                                                 "key.fields",
                                                 "key.fields-prefix",
                                                 "value.format",
                                                 "value.fields-include",
                                                 "topic",
                                                 "topic-pattern",
                                                 "properties.group.id",
                                                 "scan.startup.mode",
                                                 "scan.startup.specific-offsets",
                                                 "scan.topic-partition-discovery.interval",
                                                 "scan.startup.timestamp-millis",
                                                 "scan.bounded.mode",
                                                 "scan.bounded.specific-offsets",
                                                 "scan.bounded.timestamp-millis",
                                                 "scan.parallelism",
                                                 "sink.partitioner",
                                                 "sink.parallelism",
                                                 "sink.delivery-guarantee",
                                                 "sink.transactional-id-prefix",
                                                 "sink.semantic"};

const std::vector<std::string> kUpsertOptional = {"topic",
                                                  "topic-pattern",
                                                  "key.fields-prefix",
                                                  "value.fields-include",
                                                  "sink.parallelism",
                                                  "sink.buffer-flush.interval",
                                                  "sink.buffer-flush.max-rows",
                                                  "scan.bounded.mode",
                                                  "scan.bounded.specific-offsets",
                                                  "scan.bounded.timestamp-millis",
                                                  "scan.parallelism",
                                                  "sink.delivery-guarantee",
                                                  "sink.transactional-id-prefix"};

// FactoryUtil's validateExcept("properties."): the connector's keys plus the options of the formats
// the table names ('format' options unprefixed, 'key.format'/'value.format' options prefixed).
void validateKeys(const std::string& identifier, const planner::TableOptions& o,
                  const std::vector<std::string>& required, std::vector<std::string> optional) {
    auto addFormat = [&](const std::string& key, const std::string& prefix) {
        if (auto name = o.get(key))
            for (const auto& k : FormatRegistry::builtin().get(*name).optionKeys(prefix))
                optional.push_back(k);
    };
    addFormat("format", "");
    addFormat("value.format", "value.");
    addFormat("key.format", "key.");
    optional.push_back("connector");
    o.validate(identifier, required, optional, {"properties."});
}

void validateTopic(const planner::TableOptions& o) {
    if (o.has("topic") && o.has("topic-pattern"))
        throw ValidationError("Option 'topic' and 'topic-pattern' shouldn't be set together.");
    if (!o.has("topic") && !o.has("topic-pattern"))
        throw ValidationError("Either 'topic' or 'topic-pattern' must be set.");
}

// KafkaDynamicTableFactory.validatePKConstraints: json, csv and raw are insert-only formats.
void rejectPrimaryKey(const planner::ConnectorTable& table) {
    if (table.primaryKey.empty()) return;
    std::string format = table.options.get("format").value_or(table.options.getOr("value.format", ""));
    throw ValidationError(fmt::format(
        "The Kafka table '{}' with '{}' format doesn't support defining PRIMARY KEY constraint on the table, "
        "because it can't guarantee the semantic of primary key.",
        table.name, format));
}

void requireValueFormat(const planner::TableOptions& o) {
    if (!o.has("format") && !o.has("value.format"))
        throw ValidationError(
            "Could not find required scan format 'value.format'. Set 'format' (or 'value.format').");
}

// The sink options both factories share (Flink's validateTableSinkOptions, validateDeliveryGuarantee).
void validateSinkOptions(const planner::TableOptions& o, bool upsert) {
    if (o.has("topic-pattern") && !o.has("topic"))
        throw NotSupportedError(
            "Writing to a 'topic-pattern' is not supported by the Kafka sink: set 'topic' to one topic.");
    if (auto p = o.get("sink.partitioner")) {
        if (*p == "round-robin" && o.has("key.fields"))
            throw ValidationError(
                "Currently 'round-robin' partitioner only works when option 'key.fields' is not specified.");
        if (p->empty()) throw ValidationError("Option 'sink.partitioner' should be a non-empty string.");
        if (*p != "default" && *p != "fixed" && *p != "round-robin")
            throw NotSupportedError(fmt::format(
                "Custom sink partitioner class '{}' is not supported: Sluice runs no Java classes. Use "
                "'default', 'fixed' or 'round-robin'.",
                *p));
    }
    std::string guarantee = "at-least-once";
    if (auto semantic = o.get("sink.semantic")) {
        // the deprecated Flink option, mapped as validateDeprecatedSemantic does
        guarantee = *o.getEnum("sink.semantic", {"exactly-once", "at-least-once", "none"});
    } else {
        guarantee = o.getEnum("sink.delivery-guarantee", {"none", "at-least-once", "exactly-once"})
                        .value_or("at-least-once");
    }
    if (guarantee == "exactly-once" && !o.has("sink.transactional-id-prefix"))
        throw ValidationError(
            "sink.transactional-id-prefix must be specified when using DeliveryGuarantee.EXACTLY_ONCE.");
    if (o.has("sink.parallelism")) {
        auto p = o.getInt("sink.parallelism");
        if (!p || *p < 1)
            throw ValidationError("Invalid value for option 'sink.parallelism': it must be at least 1.");
    }
    if (upsert) {
        int64_t maxRows = o.getInt("sink.buffer-flush.max-rows").value_or(0);
        int64_t interval = o.getDurationMillis("sink.buffer-flush.interval").value_or(0);
        if ((maxRows > 0) != (interval > 0))
            throw ValidationError(
                "'sink.buffer-flush.max-rows' and 'sink.buffer-flush.interval' must be set to be greater "
                "than "
                "zero together to enable sink buffer flushing.");
    }
    readKafkaProperties(o, ClientRole::Producer);
}

std::vector<std::string> withRequired(const std::vector<std::string>& required,
                                      const std::vector<std::string>& optional) {
    std::vector<std::string> all = required;
    all.insert(all.end(), optional.begin(), optional.end());
    return all;
}

}  // namespace

// --- kafka

std::vector<std::string> KafkaFactory::optionKeys() const {
    return withRequired({"properties.bootstrap.servers"}, kKafkaOptional);
}

std::unique_ptr<runtime::SourceProvider> KafkaFactory::createSource(
    const planner::ConnectorTable& table, const planner::ScanRequest& scan,
    const planner::FactoryContext& ctx) const {
    const auto& o = table.options;
    requireValueFormat(o);
    validateKeys(identifier(), o, {"properties.bootstrap.servers"}, kKafkaOptional);
    rejectPartitions(table, identifier());
    rejectPrimaryKey(table);
    return createKafkaSource(table, scan, ctx, false);
}

std::unique_ptr<runtime::SinkProvider> KafkaFactory::createSink(const planner::ConnectorTable& table,
                                                                const planner::FactoryContext& ctx) const {
    const auto& o = table.options;
    requireValueFormat(o);
    validateKeys(identifier(), o, {"properties.bootstrap.servers"}, kKafkaOptional);
    rejectPartitions(table, identifier());
    validateTopic(o);
    validateSinkOptions(o, false);
    rejectPrimaryKey(table);
    std::vector<int> keyFields, valueFields;
    keyValueProjections(table, false, keyFields, valueFields);
    return createKafkaSink(table, ctx, false);
}

// --- upsert-kafka

std::vector<std::string> UpsertKafkaFactory::optionKeys() const {
    return withRequired({"properties.bootstrap.servers", "key.format", "value.format"}, kUpsertOptional);
}

std::unique_ptr<runtime::SourceProvider> UpsertKafkaFactory::createSource(
    const planner::ConnectorTable& table, const planner::ScanRequest& scan,
    const planner::FactoryContext& ctx) const {
    validateKeys(identifier(), table.options, {"properties.bootstrap.servers", "key.format", "value.format"},
                 kUpsertOptional);
    rejectPartitions(table, identifier());
    return createKafkaSource(table, scan, ctx, true);
}

std::unique_ptr<runtime::SinkProvider> UpsertKafkaFactory::createSink(
    const planner::ConnectorTable& table, const planner::FactoryContext& ctx) const {
    const auto& o = table.options;
    validateKeys(identifier(), o, {"properties.bootstrap.servers", "key.format", "value.format"},
                 kUpsertOptional);
    rejectPartitions(table, identifier());
    validateTopic(o);
    if (table.primaryKey.empty())
        throw ValidationError(
            "'upsert-kafka' tables require to define a PRIMARY KEY constraint. The PRIMARY KEY specifies "
            "which "
            "columns should be read from or write to the Kafka message key. The PRIMARY KEY also defines "
            "records in the 'upsert-kafka' table should update or delete on which keys.");
    validateSinkOptions(o, true);
    std::vector<int> keyFields, valueFields;
    keyValueProjections(table, true, keyFields, valueFields);
    return createKafkaSink(table, ctx, true);
}

}  // namespace sluice::connectors::kafka
