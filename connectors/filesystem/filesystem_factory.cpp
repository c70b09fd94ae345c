#include "connectors/filesystem/filesystem_factory.h"

#include <fmt/format.h>

#include "common/error.h"
#include "connectors/connector_util.h"
#include "connectors/filesystem/filesystem_sink.h"
#include "connectors/filesystem/filesystem_source.h"
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
               std::vector<std::string>(keys.begin() + 2, keys.end()), {"partition.time-extractor."});
    if (o.getBool("auto-compaction").value_or(false))
        throw NotSupportedError(
            "'auto-compaction' = 'true' is not supported yet by the filesystem connector.");
    return format;
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
            "sink.partition-commit.success-file-name"};
}

std::unique_ptr<runtime::SourceProvider> FilesystemFactory::createSource(
    const planner::ConnectorTable& table, const planner::ScanRequest& scan,
    const planner::FactoryContext&) const {
    const FormatFactory& format = validateOptions(*this, table);
    rejectPartitions(table, identifier());
    const auto& o = table.options;
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
    format.createDecoder(o, "", table.physical, scan.physicalFields);
    return std::make_unique<FilesystemSourceProvider>(std::move(config));
}

std::unique_ptr<runtime::SinkProvider> FilesystemFactory::createSink(const planner::ConnectorTable& table,
                                                                     const planner::FactoryContext&) const {
    const FormatFactory& format = validateOptions(*this, table);
    rejectPartitions(table, identifier());
    const auto& o = table.options;
    auto config = std::make_shared<FilesystemSinkConfig>();
    config->path = o.require("path");
    config->format = &format;
    config->options = o;
    config->physical = table.physical;
    config->fileSizeBytes = o.getMemoryBytes("sink.rolling-policy.file-size").value_or(128LL << 20);
    config->rolloverIntervalMillis =
        o.getDurationMillis("sink.rolling-policy.rollover-interval").value_or(30 * 60000);
    o.getDurationMillis("sink.rolling-policy.check-interval");
    o.getDurationMillis("sink.rolling-policy.inactivity-interval");
    config->parallelism = static_cast<int>(o.getInt("sink.parallelism").value_or(0));
    if (o.has("sink.parallelism") && config->parallelism < 1)
        throw ValidationError("Invalid value for option 'sink.parallelism': it must be at least 1.");
    config->uuid = randomUuid();
    format.createEncoder(o, "", table.physical);
    return std::make_unique<FilesystemSinkProvider>(std::move(config));
}

}  // namespace sluice::connectors
