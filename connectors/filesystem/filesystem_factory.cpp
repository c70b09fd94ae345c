#include "connectors/filesystem/filesystem_factory.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "connectors/connector_util.h"
#include "connectors/filesystem/filesystem_sink.h"
#include "connectors/filesystem/filesystem_source.h"
#include "connectors/filesystem/partition_path.h"
#include "connectors/formats/format_registry.h"

namespace sluice::connectors {

namespace {

struct MetadataKey {
    const char* key;
    TypeId type;
};
constexpr MetadataKey kMetadataKeys[] = {{"file.path", TypeId::Varchar},
                                         {"file.name", TypeId::Varchar},
                                         {"file.size", TypeId::BigInt},
                                         {"file.modification-time", TypeId::TimestampLtz}};

// Validates the table's options (the format's included) and returns its format.
const FormatFactory& validateOptions(const FilesystemFactory& factory, const planner::ConnectorTable& table) {
    const auto& o = table.options;
    const FormatFactory& format = FormatRegistry::builtin().get(o.require("format"));
    auto keys = factory.optionKeys();
    keys.push_back("connector");
    for (const auto& k : format.optionKeys()) keys.push_back(k);
    o.validate(factory.identifier(), {"path", "format"},
               std::vector<std::string>(keys.begin() + 2, keys.end()));
    if (o.getBool("auto-compaction").value_or(false))
        throw NotSupportedError(
            "'auto-compaction' = 'true' is not supported yet by the filesystem connector.");
    for (const auto& key : table.partitionKeys) {
        int i = table.physical.indexOf(key);
        if (i < 0)
            throw ValidationError(fmt::format("Partition column '{}' of table '{}' is not a physical column.",
                                              key, table.name));
        const DataType& type = table.physical.fields[static_cast<size_t>(i)].type;
        if (!supportedPartitionType(type))
            throw NotSupportedError(
                fmt::format("Partition column '{}' of table '{}' has type {}: the filesystem connector "
                            "supports partition columns of character string, boolean, numeric, DATE and "
                            "TIMESTAMP types only.",
                            key, table.name, type.toString()));
    }
    if (!table.partitionKeys.empty() && table.partitionKeys.size() == table.physical.fields.size())
        throw ValidationError(fmt::format(
            "Table '{}' has only partition columns: the filesystem connector needs at least one column that "
            "is not a partition column to write into its files.",
            table.name));
    return format;
}

// Flink's FileSystemTableFactory.validateTimeZone.
TimeZone watermarkTimeZone(const planner::TableOptions& o) {
    std::string zone = o.getOr("sink.partition-commit.watermark-time-zone", "UTC");
    bool valid = zone == "UTC" || zone.rfind("GMT", 0) == 0 || zone.find('/') != std::string::npos;
    if (valid) {
        try {
            return TimeZone::fromName(zone);
        } catch (const SluiceError&) {
        }
    }
    throw ValidationError(
        "Invalid time zone for 'sink.partition-commit.watermark-time-zone'. The value should be a Time Zone "
        "Database (TZDB) ID such as 'America/Los_Angeles' to include daylight saving time. Fixed offsets are "
        "supported using 'GMT-03:00' or 'GMT+03:00'. Or use 'UTC' without time zone and daylight saving "
        "time.");
}

// The partition commit options; null when nothing is committed (no partitions or no policy, as Flink).
std::shared_ptr<const PartitionCommitConfig> partitionCommitConfig(const planner::ConnectorTable& table) {
    const auto& o = table.options;
    auto c = std::make_shared<PartitionCommitConfig>();
    auto trigger = o.getEnum("sink.partition-commit.trigger", {"process-time", "partition-time"});
    if (trigger == "partition-time") c->trigger = PartitionCommitConfig::Trigger::PartitionTime;
    c->delayMillis = o.getDurationMillis("sink.partition-commit.delay").value_or(0);
    c->watermarkZone = watermarkTimeZone(o);
    c->successFileName = o.getOr("sink.partition-commit.success-file.name", "_SUCCESS");
    std::string kind = o.getOr("partition.time-extractor.kind", "default");
    if (kind == "custom")
        throw NotSupportedError(
            "'partition.time-extractor.kind' = 'custom' (a Java PartitionTimeExtractor class) is not "
            "supported yet by the filesystem connector.");
    if (kind != "default") throw ValidationError(fmt::format("Unsupported extractor kind: {}", kind));
    c->extractor =
        std::make_shared<PartitionTimeExtractor>(o.get("partition.time-extractor.timestamp-pattern"),
                                                 o.get("partition.time-extractor.timestamp-formatter"));
    auto policies = o.get("sink.partition-commit.policy.kind");
    if (policies) {
        size_t start = 0;
        while (start <= policies->size()) {
            size_t comma = policies->find(',', start);
            if (comma == std::string::npos) comma = policies->size();
            std::string name = policies->substr(start, comma - start);
            start = comma + 1;
            std::string lower;
            for (char ch : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            if (lower == "success-file") {
                c->successFile = true;
            } else if (lower == "metastore") {
                throw ValidationError(
                    "Can not configure a 'metastore' partition commit policy for a file system table. You "
                    "can only configure 'metastore' partition commit policy for a hive table. (Sluice has "
                    "no Hive metastore: use 'success-file'.)");
            } else if (lower == "custom") {
                throw NotSupportedError(
                    "'sink.partition-commit.policy.kind' = 'custom' (a Java PartitionCommitPolicy class) is "
                    "not supported yet by the filesystem connector.");
            } else {
                throw ValidationError(fmt::format("Unsupported policy: {}", name));
            }
        }
    }
    if (table.partitionKeys.empty() || !policies) return nullptr;
    c->partitionKeys = table.partitionKeys;
    return c;
}

}  // namespace

std::vector<std::string> FilesystemFactory::optionKeys() const {
    return {"path",
            "format",
            "source.monitor-interval",
            "source.path.regex-pattern",
            "partition.default-name",
            "sink.rolling-policy.file-size",
            "sink.rolling-policy.rollover-interval",
            "sink.rolling-policy.check-interval",
            "sink.rolling-policy.inactivity-interval",
            "sink.parallelism",
            "sink.shuffle-by-partition.enable",
            "auto-compaction",
            "compaction.file-size",
            "compaction.parallelism",
            "sink.partition-commit.trigger",
            "sink.partition-commit.delay",
            "sink.partition-commit.watermark-time-zone",
            "sink.partition-commit.policy.kind",
            "sink.partition-commit.policy.class",
            "sink.partition-commit.policy.class.parameters",
            "sink.partition-commit.success-file.name",
            "partition.time-extractor.kind",
            "partition.time-extractor.class",
            "partition.time-extractor.timestamp-pattern",
            "partition.time-extractor.timestamp-formatter",
            "source.report-statistics"};
}

std::unique_ptr<runtime::SourceProvider> FilesystemFactory::createSource(
    const planner::ConnectorTable& table, const planner::ScanRequest& scan,
    const planner::FactoryContext&) const {
    const FormatFactory& format = validateOptions(*this, table);
    const auto& o = table.options;
    watermarkTimeZone(o);
    if (o.has("source.monitor-interval"))
        throw NotSupportedError(
            "'source.monitor-interval' (continuously monitoring the path for new files) is not supported yet "
            "by the "
            "filesystem connector.");
    if (o.has("source.path.regex-pattern"))
        throw NotSupportedError(
            "'source.path.regex-pattern' is not supported yet by the filesystem connector.");
    auto config = std::make_shared<FilesystemScanConfig>();
    config->path = o.require("path");
    config->format = &format;
    config->options = o;
    config->physical = table.physical;
    config->projection = scan.physicalFields;
    config->defaultPartitionName = o.getOr("partition.default-name", kDefaultPartitionName);
    for (const auto& key : table.partitionKeys)
        config->partitionColumns.push_back(table.physical.indexOf(key));
    config->partitionKeys = table.partitionKeys;
    for (size_t i = 0; i < table.physical.fields.size(); ++i)
        if (std::find(config->partitionColumns.begin(), config->partitionColumns.end(),
                      static_cast<int>(i)) == config->partitionColumns.end())
            config->fileSchema.fields.push_back(table.physical.fields[i]);
    for (int p : scan.physicalFields) {
        auto it = std::find(config->partitionColumns.begin(), config->partitionColumns.end(), p);
        if (it != config->partitionColumns.end()) {
            config->outputSlots.push_back({true, static_cast<int>(it - config->partitionColumns.begin())});
        } else {
            config->outputSlots.push_back({false, static_cast<int>(config->fileProjection.size())});
            config->fileProjection.push_back(
                config->fileSchema.indexOf(table.physical.fields[static_cast<size_t>(p)].name));
        }
    }
    for (int m : scan.metadataFields) {
        const auto& info = table.metadata.at(static_cast<size_t>(m));
        const MetadataKey* found = nullptr;
        for (const auto& k : kMetadataKeys)
            if (info.key == k.key) found = &k;
        if (!found) {
            std::string list;
            for (const auto& k : kMetadataKeys) list += std::string("\n") + k.key;
            throw ValidationError(
                fmt::format("Invalid metadata key '{}' in column '{}' of table '{}'. The filesystem "
                            "connector supports the "
                            "following metadata keys for reading:{}",
                            info.key, info.name, table.name, list));
        }
        bool compatible = found->type == TypeId::Varchar ? info.type.isString() : info.type.id == found->type;
        if (!compatible)
            throw ValidationError(
                fmt::format("Metadata column '{}' of table '{}' has type {}, but '{}' is {}.", info.name,
                            table.name, info.type.toString(), info.key,
                            found->type == TypeId::Varchar  ? "STRING"
                            : found->type == TypeId::BigInt ? "BIGINT"
                                                            : "TIMESTAMP_LTZ(3)"));
        config->metadataKeys.push_back(info.key);
    }
    config->outputSchema = scanSchema(table, scan);
    // fail at plan time on bad format options or unsupported column types
    format.createDecoder(o, "", config->fileSchema, config->fileProjection);
    return std::make_unique<FilesystemSourceProvider>(std::move(config));
}

std::unique_ptr<runtime::SinkProvider> FilesystemFactory::createSink(const planner::ConnectorTable& table,
                                                                     const planner::FactoryContext&) const {
    const FormatFactory& format = validateOptions(*this, table);
    const auto& o = table.options;
    auto config = std::make_shared<FilesystemSinkConfig>();
    config->path = o.require("path");
    config->format = &format;
    config->options = o;
    config->physical = table.physical;
    config->partitionKeys = table.partitionKeys;
    for (const auto& key : table.partitionKeys)
        config->partitionColumns.push_back(table.physical.indexOf(key));
    for (size_t i = 0; i < table.physical.fields.size(); ++i)
        if (std::find(config->partitionColumns.begin(), config->partitionColumns.end(),
                      static_cast<int>(i)) == config->partitionColumns.end())
            config->fileSchema.fields.push_back(table.physical.fields[i]);
    config->defaultPartitionName = o.getOr("partition.default-name", kDefaultPartitionName);
    if (config->defaultPartitionName.empty())
        throw ValidationError("Invalid value for option 'partition.default-name': it must not be empty.");
    config->fileSizeBytes = o.getMemoryBytes("sink.rolling-policy.file-size").value_or(128LL << 20);
    config->rolloverIntervalMillis =
        o.getDurationMillis("sink.rolling-policy.rollover-interval").value_or(30 * 60000);
    config->checkIntervalMillis = o.getDurationMillis("sink.rolling-policy.check-interval").value_or(60000);
    config->inactivityIntervalMillis =
        o.getDurationMillis("sink.rolling-policy.inactivity-interval").value_or(30 * 60000);
    // Accepted for compatibility. Flink shuffles rows by their partition before its writers when set;
    // here each subtask writes its own files into every partition it sees either way.
    o.getBool("sink.shuffle-by-partition.enable");
    config->commit = partitionCommitConfig(table);
    config->parallelism = static_cast<int>(o.getInt("sink.parallelism").value_or(0));
    if (o.has("sink.parallelism") && config->parallelism < 1)
        throw ValidationError("Invalid value for option 'sink.parallelism': it must be at least 1.");
    config->uuid = randomUuid();
    format.createEncoder(o, "", config->fileSchema);
    return std::make_unique<FilesystemSinkProvider>(std::move(config));
}

}  // namespace sluice::connectors
