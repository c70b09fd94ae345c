#include "connectors/jdbc/jdbc_options.h"

#include <fmt/format.h>

#include "common/error.h"
#include "connectors/connector_util.h"

namespace sluice::connectors::jdbc {

namespace {

const std::vector<std::string> kRequired = {"url", "table-name"};
const std::vector<std::string> kOptional = {"driver",
                                            "username",
                                            "password",
                                            "connection.max-retry-timeout",
                                            "scan.partition.column",
                                            "scan.partition.num",
                                            "scan.partition.lower-bound",
                                            "scan.partition.upper-bound",
                                            "scan.fetch-size",
                                            "scan.auto-commit",
                                            "lookup.cache",
                                            "lookup.cache.max-rows",
                                            "lookup.cache.ttl",
                                            "lookup.cache.caching-missing-key",
                                            "lookup.partial-cache.expire-after-access",
                                            "lookup.partial-cache.expire-after-write",
                                            "lookup.partial-cache.max-rows",
                                            "lookup.partial-cache.cache-missing-key",
                                            "lookup.max-retries",
                                            "sink.buffer-flush.max-rows",
                                            "sink.buffer-flush.interval",
                                            "sink.max-retries",
                                            "sink.parallelism",
                                            "property-version"};

// Flink's FactoryUtil/JdbcDynamicTableFactory.checkAllOrNone.
void checkAllOrNone(const planner::TableOptions& o, const std::vector<std::string>& keys) {
    size_t present = 0;
    for (const auto& k : keys) present += o.has(k) ? 1 : 0;
    if (present != 0 && present != keys.size()) {
        std::string list;
        for (const auto& k : keys) list += "\n" + k;
        throw ValidationError("Either all or none of the following options should be provided:" + list);
    }
}

int64_t nonNegative(const planner::TableOptions& o, const std::string& key, int64_t fallback) {
    int64_t v = o.getInt(key).value_or(fallback);
    if (v < 0)
        throw ValidationError(
            fmt::format("The value of '{}' option shouldn't be negative, but is {}.", key, v));
    return v;
}

// One identifier of 'table-name' starting at `pos`: "quoted" (with "" escapes) or plain up to '.'.
NamePart readPart(const std::string& text, size_t& pos) {
    NamePart part;
    if (pos < text.size() && text[pos] == '"') {
        part.quoted = true;
        ++pos;
        while (true) {
            if (pos >= text.size())
                throw ValidationError(fmt::format("Invalid 'table-name' '{}': unterminated '\"'.", text));
            if (text[pos] == '"') {
                if (pos + 1 < text.size() && text[pos + 1] == '"') {
                    part.name += '"';
                    pos += 2;
                    continue;
                }
                ++pos;
                break;
            }
            part.name += text[pos++];
        }
    } else {
        size_t dot = text.find('.', pos);
        if (dot == std::string::npos) dot = text.size();
        part.name = text.substr(pos, dot - pos);
        pos = dot;
    }
    if (part.name.empty())
        throw ValidationError(fmt::format("Invalid 'table-name' '{}': an empty name.", text));
    return part;
}

}  // namespace

std::vector<std::string> JdbcOptions::optionKeys() {
    std::vector<std::string> all = kRequired;
    all.insert(all.end(), kOptional.begin(), kOptional.end());
    return all;
}

void JdbcOptions::parseTableName(const std::string& text, NamePart& schema, NamePart& table) {
    size_t pos = 0;
    NamePart first = readPart(text, pos);
    if (pos == text.size()) {
        schema = {};
        table = first;
        return;
    }
    if (text[pos] != '.')
        throw ValidationError(
            fmt::format("Invalid 'table-name' '{}': expected '.' after a quoted name.", text));
    ++pos;
    NamePart second = readPart(text, pos);
    if (pos != text.size())
        throw ValidationError(fmt::format(
            "Invalid 'table-name' '{}': expected 'table' or 'schema.table' (the database comes from 'url').",
            text));
    schema = first;
    table = second;
}

std::shared_ptr<const JdbcOptions> JdbcOptions::fromTable(const planner::ConnectorTable& t) {
    const auto& o = t.options;
    std::vector<std::string> optional = kOptional;
    optional.push_back("connector");
    o.validate("jdbc", kRequired, optional);
    rejectMetadata(t, "jdbc");
    rejectPartitions(t, "jdbc");

    auto c = std::make_shared<JdbcOptions>();
    c->tableName = t.name;
    c->url = o.require("url");
    c->parsedUrl = JdbcUrl::parse(c->url);
    parseTableName(o.require("table-name"), c->schemaName, c->table);
    if (auto d = o.get("driver"); d && *d != "org.postgresql.Driver")
        throw ValidationError(fmt::format(
            "Unsupported 'driver' '{}' for url '{}': Sluice speaks to PostgreSQL through libpq; use "
            "'org.postgresql.Driver' or leave 'driver' out.",
            *d, JdbcUrl::masked(c->url)));

    checkAllOrNone(o, {"username", "password"});
    c->username = o.getOr("username", "");
    c->password = o.getOr("password", "");
    checkAllOrNone(o, {"scan.partition.column", "scan.partition.num", "scan.partition.lower-bound",
                       "scan.partition.upper-bound"});
    if (o.has("scan.partition.column")) {
        c->partitionColumn = *o.get("scan.partition.column");
        c->partitionNum = *o.getInt("scan.partition.num");
        c->partitionLower = *o.getInt("scan.partition.lower-bound");
        c->partitionUpper = *o.getInt("scan.partition.upper-bound");
        if (c->partitionLower > c->partitionUpper)
            throw ValidationError(
                fmt::format("'scan.partition.lower-bound'='{}' must not be larger than "
                            "'scan.partition.upper-bound'='{}'.",
                            c->partitionLower, c->partitionUpper));
        if (c->partitionNum < 1)
            throw ValidationError(fmt::format(
                "The value of 'scan.partition.num' option must be at least 1, but is {}.", c->partitionNum));
    }
    c->fetchSize = nonNegative(o, "scan.fetch-size", 0);
    checkAllOrNone(o, {"lookup.cache.max-rows", "lookup.cache.ttl"});
    nonNegative(o, "lookup.max-retries", 3);
    c->maxRetries = static_cast<int>(nonNegative(o, "sink.max-retries", 3));
    c->bufferMaxRows = o.getInt("sink.buffer-flush.max-rows").value_or(100);
    c->bufferIntervalMs = o.getDurationMillis("sink.buffer-flush.interval").value_or(1000);
    if (c->bufferMaxRows < 0)
        throw ValidationError(
            fmt::format("The value of 'sink.buffer-flush.max-rows' option shouldn't be "
                        "negative, but is {}.",
                        c->bufferMaxRows));
    if (o.has("sink.parallelism")) {
        auto p = o.getInt("sink.parallelism");
        if (!p || *p < 1)
            throw ValidationError("Invalid value for option 'sink.parallelism': it must be at least 1.");
        c->parallelism = static_cast<int>(*p);
    }
    int64_t timeoutMs = o.getDurationMillis("connection.max-retry-timeout").value_or(60000);
    if (timeoutMs < 1000 || timeoutMs % 1000 != 0)
        throw ValidationError(fmt::format(
            "The value of 'connection.max-retry-timeout' option must be in second granularity and "
            "shouldn't be smaller than 1 second, but is {}.",
            o.getOr("connection.max-retry-timeout", "")));
    c->maxRetryTimeoutSec = timeoutMs / 1000;
    c->physical = t.physical;
    c->primaryKey = t.primaryKey;
    return c;
}

}  // namespace sluice::connectors::jdbc
