#include "connectors/kafka/kafka_sink.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <thread>

#include "common/error.h"
#include "connectors/formats/format_registry.h"
#include "connectors/formats/json_encoder.h"
#include "connectors/kafka/kafka_connector.h"
#include "connectors/kafka/kafka_properties.h"

// Exactly-once (DESIGN.md, "Checkpoints and exactly-once"). librdkafka 2.0 cannot resume another
// process's transaction (init_transactions aborts it), so Flink's "pre-commit at the barrier, commit
// when the checkpoint completes" would lose the epoch if the process died in between; and committing at
// the barrier before the checkpoint's metadata exists would repeat the epoch if it died before that
// metadata was written (the restored, older checkpoint replays it). So a two-stage checkpoint
// (runtime/checkpoint_coordinator.h) sits in between:
//   - all subtasks of the table share one producer, transactional.id = 'sink.transactional-id-prefix',
//     and one transaction per epoch (KafkaSharedTransaction): rows go into the open transaction;
//   - at barrier n each subtask acknowledges and waits; once every task of the job acknowledged, n's
//     metadata is durable as *pending*; then the last subtask still running to reach commitCheckpoint(n)
//     appends {"checkpoint": n, "lineage": ...} to __sluice_sink_progress (compacted, key =
//     transactional.id) inside the transaction and commits, so the table's epoch is visible atomically
//     with its progress record; every subtask then resumes, and n is promoted to complete when every
//     barrier-committing sink of the job committed it. End of input: the last subtask to finish
//     commits the rest with "final": true.
//   - recovery (Job::settleBarrierCommits) with a pending n: init_transactions for the id (aborts an
//     open epoch, completes one the broker had decided to commit), then the newest progress record of
//     the id, read with isolation.level=read_committed. It says n: promote n and resume from it; else
//     discard n and resume from the previous checkpoint, whose replay rewrites the aborted epoch. A
//     "final" record of the same lineage: the table's output is complete; the restored run's subtasks
//     drop what they receive (dropOutput_), and write no new progress record.
// What remains: the progress record is the truth only per table. Several exactly-once Kafka sinks in
// one job commit independently (each when its own subtasks are at the barrier); a crash between two of
// them leaves one committed and one not, and recovery discards n (logged as a warning): the committed
// one's epoch n is written twice. Closing that needs one transaction across the tables (possible when
// they share a cluster: one producer for all of them) and is not done.
// Costs: the task pause includes the wait for the pending metadata and one commit round trip (about 20
// ms on a local broker); recovery reads the whole progress topic (compacted, but shared by all sinks).

namespace sluice::connectors::kafka {

namespace {

constexpr int kQueueFullPollMs = 5;

int64_t elapsedMs(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since)
        .count();
}

std::vector<std::string> splitFields(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(';', start);
        if (end == std::string::npos) end = text.size();
        std::string f = text.substr(start, end - start);
        f.erase(0, f.find_first_not_of(" \t"));
        f.erase(f.find_last_not_of(" \t") + 1);
        if (!f.empty()) out.push_back(f);
        start = end + 1;
    }
    return out;
}

const char* guaranteeName(DeliveryGuarantee g) {
    switch (g) {
        case DeliveryGuarantee::None:
            return "none";
        case DeliveryGuarantee::AtLeastOnce:
            return "at-least-once";
        case DeliveryGuarantee::ExactlyOnce:
            return "exactly-once";
    }
    return "?";
}

bool isIdentityPrefix(const std::vector<int>& columns) {
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i] != static_cast<int>(i)) return false;
    return true;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Options

std::shared_ptr<const KafkaSinkConfig> KafkaSinkConfig::fromTable(const planner::ConnectorTable& table,
                                                                  bool upsert) {
    auto c = std::make_shared<KafkaSinkConfig>();
    const auto& o = table.options;
    c->tableName = table.name;
    c->upsert = upsert;
    c->options = o;
    c->topic = o.require("topic");
    if (c->topic.find(';') != std::string::npos)
        throw ValidationError(fmt::format(
            "Flink Kafka sink currently only supports single topic, but got topic: {}. (table '{}')",
            c->topic, table.name));
    if (o.has("topic-pattern"))
        throw ValidationError(fmt::format(
            "Flink Kafka sink currently only supports single topic, but got topic-pattern: {}. (table '{}')",
            *o.get("topic-pattern"), table.name));
    c->bootstrapServers = o.require("properties.bootstrap.servers");
    c->client = readKafkaProperties(o, ClientRole::Producer);
    c->metadataTimeoutMs = static_cast<int>(c->client.apiTimeoutMs);

    // Formats.
    const auto& formats = FormatRegistry::builtin();
    std::string valueFormat;
    if (auto v = o.get("value.format")) {
        valueFormat = *v;
        c->valuePrefix = "value.";
    } else if (auto f = o.get("format")) {
        valueFormat = *f;
    } else {
        throw ValidationError(fmt::format(
            "Could not find required sink format 'value.format' (or 'format'). (table '{}')", table.name));
    }
    c->valueFormat = &formats.get(valueFormat);

    std::vector<std::string> keyNames;
    if (upsert) {
        keyNames = table.primaryKey;
        if (keyNames.empty())
            throw ValidationError(
                "'upsert-kafka' tables require to define a PRIMARY KEY constraint. The PRIMARY KEY specifies "
                "which columns should be read from or write to the Kafka message key. The PRIMARY KEY also "
                "defines records in the 'upsert-kafka' table should update or delete on which keys.");
    } else {
        keyNames = splitFields(o.getOr("key.fields", ""));
    }
    std::string keyPrefix = o.getOr("key.fields-prefix", "");
    if (!keyNames.empty()) {
        auto keyFormat = o.get("key.format");
        if (!keyFormat)
            throw ValidationError(fmt::format(
                "A key format 'key.format' requires the declaration of one or more of key fields using "
                "'key.fields'. (table '{}')",
                table.name));
        c->keyFormat = &formats.get(*keyFormat);
    } else if (o.has("key.format") && !upsert) {
        throw ValidationError(
            "A key format 'key.format' requires the declaration of one or more of key fields using "
            "'key.fields'.");
    }
    for (const auto& name : keyNames) {
        int idx = table.physical.indexOf(name);
        if (idx < 0)
            throw ValidationError(fmt::format(
                "Could not find the field '{}' in the table schema for usage in the key format. A key field "
                "must be a regular, physical column. (table '{}')",
                name, table.name));
        std::string keyName = name;
        if (!keyPrefix.empty()) {
            if (name.rfind(keyPrefix, 0) != 0)
                throw ValidationError(
                    fmt::format("All fields in 'key.fields' must be prefixed with '{}' when option "
                                "'key.fields-prefix' is "
                                "set but field '{}' is not prefixed.",
                                keyPrefix, name));
            keyName = name.substr(keyPrefix.size());
        }
        c->keyColumns.push_back(idx);
        c->keySchema.fields.push_back({keyName, table.physical.fields[idx].type});
    }
    auto include = o.getEnum("value.fields-include", {"ALL", "EXCEPT_KEY"}).value_or("ALL");
    if (!keyPrefix.empty() && include != "EXCEPT_KEY")
        throw ValidationError(
            "A key prefix is not allowed when option 'value.fields-include' is set to 'ALL'. Set it to "
            "'EXCEPT_KEY' instead to avoid field overlaps.");
    for (size_t i = 0; i < table.physical.fields.size(); ++i) {
        bool isKey =
            std::find(c->keyColumns.begin(), c->keyColumns.end(), static_cast<int>(i)) != c->keyColumns.end();
        if (include == "EXCEPT_KEY" && isKey) continue;
        c->valueColumns.push_back(static_cast<int>(i));
        c->valueSchema.fields.push_back(table.physical.fields[i]);
    }

    // Writable metadata: the sink's batch holds the physical columns, then the non-virtual metadata
    // columns in declaration order.
    int next = static_cast<int>(table.physical.fields.size());
    for (const auto& m : table.metadata) {
        if (m.isVirtual) continue;
        if (m.key == "timestamp") {
            if (m.type.id != TypeId::TimestampLtz)
                throw ValidationError(
                    fmt::format("Invalid data type for metadata key 'timestamp' of column '{}': expected "
                                "TIMESTAMP_LTZ(3) but "
                                "got {}. (table '{}')",
                                m.name, m.type.toString(), table.name));
            c->timestampColumn = next;
        } else if (m.key == "headers") {
            if (m.type.id != TypeId::Map)
                throw ValidationError(
                    fmt::format("Invalid data type for metadata key 'headers' of column '{}': expected "
                                "MAP<STRING, BYTES> but "
                                "got {}. (table '{}')",
                                m.name, m.type.toString(), table.name));
            c->headersColumn = next;
        } else {
            throw ValidationError(fmt::format(
                "Invalid metadata key '{}' in column '{}' of table '{}'. The {} sink supports the following "
                "metadata keys for writing:\nheaders\ntimestamp\nDeclare the column VIRTUAL to read it only.",
                m.key, m.name, table.name, upsert ? "upsert-kafka" : "kafka"));
        }
        ++next;
    }

    c->partitioner = KafkaPartitioner::parse(o.getOr("sink.partitioner", "default"));
    if (c->partitioner == KafkaPartitioner::Mode::RoundRobin && !c->keyColumns.empty())
        throw ValidationError(
            "Currently 'round-robin' partitioner only works when option 'key.fields' is not specified.");
    // 'sink.semantic' is Flink's deprecated spelling of the same choice.
    auto g = o.has("sink.semantic")
                 ? *o.getEnum("sink.semantic", {"none", "at-least-once", "exactly-once"})
                 : o.getEnum("sink.delivery-guarantee", {"none", "at-least-once", "exactly-once"})
                       .value_or("at-least-once");
    c->guarantee = g == "none"           ? DeliveryGuarantee::None
                   : g == "exactly-once" ? DeliveryGuarantee::ExactlyOnce
                                         : DeliveryGuarantee::AtLeastOnce;
    c->transactionalIdPrefix = o.getOr("sink.transactional-id-prefix", "");
    if (c->guarantee == DeliveryGuarantee::ExactlyOnce && c->transactionalIdPrefix.empty())
        throw ValidationError(
            "sink.transactional-id-prefix must be specified when using DeliveryGuarantee.EXACTLY_ONCE.");
    c->parallelism = static_cast<int>(o.getInt("sink.parallelism").value_or(0));
    c->bufferMaxRows = o.getInt("sink.buffer-flush.max-rows").value_or(0);
    c->bufferIntervalMs = o.getDurationMillis("sink.buffer-flush.interval").value_or(0);
    if ((c->bufferMaxRows > 0) != (c->bufferIntervalMs > 0))
        throw ValidationError(
            "'sink.buffer-flush.max-rows' and 'sink.buffer-flush.interval' must be set to be greater than "
            "zero "
            "together to enable sink buffer flushing.");
    if (!upsert) c->bufferMaxRows = c->bufferIntervalMs = 0;
    return c;
}

// ---------------------------------------------------------------------------------------------
// Sink

KafkaSink::KafkaSink(std::shared_ptr<const KafkaSinkConfig> config, int subtask, int parallelism,
                     std::shared_ptr<KafkaSharedTransaction> shared, bool dropOutput)
    : config_(std::move(config)),
      subtask_(subtask),
      parallelism_(parallelism),
      shared_(std::move(shared)),
      dropOutput_(dropOutput),
      partitioner_(config_->partitioner, subtask) {
    if (config_->guarantee == DeliveryGuarantee::ExactlyOnce && !shared_)
        shared_ = std::make_shared<KafkaSharedTransaction>(config_, 1, "", 0);
}

KafkaSink::~KafkaSink() {
    close();
}

void KafkaSink::fetchPartitionCount() {
    // Also the place where an unreachable broker shows up, as the Java producer's first send blocking
    // for up to max.block.ms on metadata.
    const auto& c = *config_;
    auto start = std::chrono::steady_clock::now();
    std::string last;
    while (true) {
        int remaining = static_cast<int>(std::max<int64_t>(1, c.metadataTimeoutMs - elapsedMs(start)));
        const rd_kafka_metadata_t* md = nullptr;
        rd_kafka_resp_err_t e = rd_kafka_metadata(producer_, 0, topic_, &md, std::min(remaining, 1000));
        if (e == RD_KAFKA_RESP_ERR_NO_ERROR) {
            int32_t n = 0;
            rd_kafka_resp_err_t te = RD_KAFKA_RESP_ERR_NO_ERROR;
            if (md->topic_cnt == 1) {
                n = md->topics[0].partition_cnt;
                te = md->topics[0].err;
            }
            rd_kafka_metadata_destroy(md);
            if (te == RD_KAFKA_RESP_ERR_NO_ERROR && n > 0) {
                partitioner_.setPartitionCount(n);
                partitionCountFetched_ = std::chrono::steady_clock::now();
                return;
            }
            last = te ? rd_kafka_err2str(te) : "no partitions";
            if (elapsedMs(start) >= c.metadataTimeoutMs)
                throw ConnectorError(fmt::format(
                    "Topic '{}' not present in metadata after {} ms ({}), writing table '{}' to the Kafka "
                    "brokers at {}.",
                    c.topic, c.metadataTimeoutMs, last, c.tableName, c.bootstrapServers));
        } else {
            last = rd_kafka_err2str(e);
        }
        bool refresh = partitionCountFetched_ != std::chrono::steady_clock::time_point{};
        if (elapsedMs(start) >= c.metadataTimeoutMs && refresh) {
            // A periodic refresh while the brokers are away (a restart) is transient: keep the count we
            // have, librdkafka buffers and retries the messages; look again at the next refresh.
            std::fprintf(
                stderr, "kafka: table '%s': refreshing the partitions of topic '%s' failed, keeping %d: %s\n",
                c.tableName.c_str(), c.topic.c_str(), partitioner_.partitionCount(), last.c_str());
            partitionCountFetched_ = std::chrono::steady_clock::now();
            return;
        }
        std::string clientError = errors_->clientError();
        if (elapsedMs(start) >= c.metadataTimeoutMs)
            throw ConnectorError(fmt::format("Cannot reach the Kafka brokers at {} "
                                             "('properties.bootstrap.servers' of table '{}') within {} ms: "
                                             "{}{}",
                                             c.bootstrapServers, c.tableName, c.metadataTimeoutMs, last,
                                             clientError.empty() ? "" : " (" + clientError + ")"),
                                 true);
        if (ctx_.stopping()) throw ConnectorError("Stopped while waiting for Kafka metadata.", true);
        rd_kafka_poll(producer_, 100);  // serves error_cb, and does not spin on an immediate error
    }
}

void KafkaSink::open(runtime::SinkContext& ctx) {
    ctx_ = ctx;
    subtask_ = ctx.subtask;
    parallelism_ = ctx.parallelism;
    partitioner_ = KafkaPartitioner(config_->partitioner, subtask_);
    stickyPartition_ = subtask_;  // subtasks start on different partitions
    const auto& c = *config_;
    if (dropOutput_) return;  // no producer: nothing may reach the topic or the progress record
    valueEncoder_ = c.valueFormat->createEncoder(c.options, c.valuePrefix, c.valueSchema);
    valueIsPrefix_ = isIdentityPrefix(c.valueColumns);
    if (c.keyFormat) {
        keyEncoder_ = c.keyFormat->createEncoder(c.options, "key.", c.keySchema);
        keyIsPrefix_ = isIdentityPrefix(c.keyColumns);
    }
    for (const auto& [key, v] : c.client.rdkafka)
        if (key == "partitioner") userPartitioner_ = true;
    if (shared_) {
        // The first subtask creates the table's producer and runs init_transactions.
        producer_ = shared_->open();
        errors_ = &shared_->errors();
        queueMaxMessages_ = shared_->queueMaxMessages();
    } else {
        producer_ = newKafkaSinkProducer(c, fmt::format("sluice-sink-{}", subtask_), "", ownErrors_,
                                         queueMaxMessages_);
    }
    topic_ = rd_kafka_topic_new(producer_, c.topic.c_str(), nullptr);
    fetchPartitionCount();
    lastFlush_ = std::chrono::steady_clock::now();
}

const RecordBatch& KafkaSink::project(const RecordBatch& batch, const std::vector<int>& columns,
                                      RecordBatch& out, bool identityPrefix) {
    if (identityPrefix) return batch;  // encoders read only their schema's leading columns
    // Copy-assignment keeps the reused vectors' capacity: no allocation once warmed up.
    out.columns.resize(columns.size());
    for (size_t i = 0; i < columns.size(); ++i) out.columns[i] = batch.columns[columns[i]];
    out.numRows = batch.numRows;
    return out;
}

void KafkaSink::throwIfFailed() {
    if (!errors_->failed.load(std::memory_order_acquire)) return;
    std::string msg = errors_->message();
    throw ConnectorError(
        fmt::format("{} (table '{}', brokers {})", msg, config_->tableName, config_->bootstrapServers));
}

void KafkaSink::produce(const char* key, size_t keyLen, const char* value, size_t valueLen, bool nullValue,
                        int64_t timestampMs, const Vector* headersColumn, size_t row,
                        const std::vector<std::pair<std::string, std::string>>* headers,
                        std::optional<int32_t> partition) {
    rd_kafka_vu_t vu[7];
    size_t n = 0;
    vu[n].vtype = RD_KAFKA_VTYPE_RKT;
    vu[n++].u.rkt = topic_;
    vu[n].vtype = RD_KAFKA_VTYPE_PARTITION;
    vu[n++].u.i32 = partition ? *partition : partitioner_.partition();
    vu[n].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    vu[n++].u.i = RD_KAFKA_MSG_F_COPY;
    if (key) {
        vu[n].vtype = RD_KAFKA_VTYPE_KEY;
        vu[n].u.mem.ptr = const_cast<char*>(key);
        vu[n++].u.mem.size = keyLen;
    }
    if (!nullValue) {
        vu[n].vtype = RD_KAFKA_VTYPE_VALUE;
        // a non-null pointer: an empty value is not a tombstone
        vu[n].u.mem.ptr = const_cast<char*>(valueLen ? value : "");
        vu[n++].u.mem.size = valueLen;
    }
    if (timestampMs != 0) {
        vu[n].vtype = RD_KAFKA_VTYPE_TIMESTAMP;
        vu[n++].u.i64 = timestampMs;
    }
    rd_kafka_headers_t* hdrs = nullptr;
    if (headersColumn && !headersColumn->isNull(row)) {
        const auto& entries = headersColumn->boxedAt(row).asList();
        hdrs = rd_kafka_headers_new(entries.size() / 2);
        for (size_t i = 0; i + 1 < entries.size(); i += 2) {
            if (entries[i].isNull()) continue;
            const std::string& name = entries[i].asString();
            if (entries[i + 1].isNull())
                rd_kafka_header_add(hdrs, name.data(), static_cast<ssize_t>(name.size()), nullptr, 0);
            else
                rd_kafka_header_add(hdrs, name.data(), static_cast<ssize_t>(name.size()),
                                    entries[i + 1].asString().data(),
                                    static_cast<ssize_t>(entries[i + 1].asString().size()));
        }
    } else if (headers && !headers->empty()) {
        hdrs = rd_kafka_headers_new(headers->size());
        for (const auto& [name, v] : *headers)
            rd_kafka_header_add(hdrs, name.data(), static_cast<ssize_t>(name.size()), v.data(),
                                static_cast<ssize_t>(v.size()));
    }
    if (hdrs) {
        vu[n].vtype = RD_KAFKA_VTYPE_HEADERS;
        vu[n++].u.headers = hdrs;
    }
    while (true) {
        rd_kafka_error_t* e = rd_kafka_produceva(producer_, vu, n);
        if (!e) return;  // librdkafka owns hdrs now
        rd_kafka_resp_err_t code = rd_kafka_error_code(e);
        if (code == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            rd_kafka_error_destroy(e);
            // The local queue is full: serve delivery reports until librdkafka has room again.
            rd_kafka_poll(producer_, kQueueFullPollMs);
            if (errors_->failed.load(std::memory_order_acquire) || ctx_.stopping()) {
                if (hdrs) rd_kafka_headers_destroy(hdrs);
                throwIfFailed();
                throw ConnectorError("Stopped while the Kafka producer queue was full.", true);
            }
            continue;
        }
        std::string msg = rd_kafka_error_string(e);
        rd_kafka_error_destroy(e);
        if (hdrs) rd_kafka_headers_destroy(hdrs);
        throw ConnectorError(fmt::format("Failed to send data to Kafka topic '{}' (table '{}'): {}",
                                         config_->topic, config_->tableName, msg));
    }
}

void KafkaSink::flushAll(const char* why) {
    while (true) {
        rd_kafka_resp_err_t e = rd_kafka_flush(producer_, 200);
        if (e == RD_KAFKA_RESP_ERR_NO_ERROR) break;
        throwIfFailed();
        // Messages time out after message.timeout.ms, so this loop ends even if the broker never returns.
        if (ctx_.stopping())
            throw ConnectorError(fmt::format("Stopped while flushing the Kafka sink at {}.", why), true);
    }
    throwIfFailed();
}

void KafkaSink::write(const RecordBatch& batch) {
    if (dropOutput_) return;
    if (!producer_) {
        runtime::SinkContext defaults;
        defaults.subtask = subtask_;
        defaults.parallelism = parallelism_;
        open(defaults);
    }
    throwIfFailed();
    if (batch.numRows == 0) return;
    const auto& c = *config_;
    if (shared_) shared_->ensureTransaction();
    const RecordBatch* keyRows =
        keyEncoder_ ? &project(batch, c.keyColumns, keyBatch_, keyIsPrefix_) : nullptr;
    const RecordBatch& valueRows = project(batch, c.valueColumns, valueBatch_, valueIsPrefix_);
    const Vector* ts = c.timestampColumn >= 0 ? &batch.columns[c.timestampColumn] : nullptr;
    const Vector* headers = c.headersColumn >= 0 ? &batch.columns[c.headersColumn] : nullptr;
    bool buffering = c.bufferMaxRows > 0;
    if (!buffering && !ts && !headers) {
        produceBatch(batch, keyRows, valueRows);
        rd_kafka_poll(producer_, 0);  // serve delivery reports without blocking
        throwIfFailed();
        return;
    }
    for (size_t r = 0; r < batch.numRows; ++r) {
        RowKind kind = batch.kind(r);
        bool tombstone = false;
        if (c.upsert) {
            if (kind == RowKind::UpdateBefore) continue;  // the +U that follows replaces it
            tombstone = kind == RowKind::Delete;
        } else if (kind != RowKind::Insert) {
            throw ExecutionError(
                fmt::format("The Kafka sink of table '{}' is append-only but received a {} row.", c.tableName,
                            rowKindShortString(kind)));
        }
        keyBuf_.clear();
        if (keyRows) keyEncoder_->encode(*keyRows, r, keyBuf_);
        valueBuf_.clear();
        if (!tombstone) valueEncoder_->encode(valueRows, r, valueBuf_);
        int64_t tsMs = 0;
        if (ts && !ts->isNull(r)) {
            int64_t micros = ts->data<int64_t>()[r];
            tsMs = micros >= 0 ? micros / 1000 : -((-micros + 999) / 1000);
        }
        if (buffering) {
            // Keep only the last row per key (Flink's ReducingUpsertWriter).
            auto [it, added] = bufferIndex_.try_emplace(keyBuf_, buffer_.size());
            if (added) buffer_.emplace_back();
            Buffered& b = buffer_[it->second];
            b.key = keyBuf_;
            b.value = valueBuf_;
            b.tombstone = tombstone;
            b.timestampMs = tsMs;
            b.headers.clear();
            if (headers && !headers->isNull(r)) {
                const auto& entries = headers->boxedAt(r).asList();
                for (size_t i = 0; i + 1 < entries.size(); i += 2)
                    if (!entries[i].isNull())
                        b.headers.emplace_back(entries[i].asString(),
                                               entries[i + 1].isNull() ? "" : entries[i + 1].asString());
            }
            continue;
        }
        produce(keyRows ? keyBuf_.data() : nullptr, keyBuf_.size(), valueBuf_.data(), valueBuf_.size(),
                tombstone, tsMs, headers, r, nullptr);
    }
    if (buffering && (static_cast<int64_t>(buffer_.size()) >= c.bufferMaxRows ||
                      elapsedMs(lastFlush_) >= c.bufferIntervalMs))
        flushBuffer();
    rd_kafka_poll(producer_, 0);  // serve delivery reports without blocking
    throwIfFailed();
}

void KafkaSink::waitForRoom(size_t messages) {
    size_t limit = queueMaxMessages_ > messages ? queueMaxMessages_ - messages : 0;
    while (static_cast<size_t>(rd_kafka_outq_len(producer_)) > limit) {
        rd_kafka_poll(producer_, kQueueFullPollMs);
        throwIfFailed();
        if (ctx_.stopping()) throw ConnectorError("Stopped while the Kafka producer queue was full.", true);
    }
}

void KafkaSink::produceBatch(const RecordBatch& batch, const RecordBatch* keyRows,
                             const RecordBatch& valueRows) {
    const auto& c = *config_;
    if (elapsedMs(partitionCountFetched_) >= kPartitionCountRefreshMs) fetchPartitionCount();
    valueArena_.clear();
    valueEnds_.clear();
    valueEncoder_->encodeBatch(valueRows, valueArena_, valueEnds_);
    if (keyRows) {
        keyArena_.clear();
        keyEnds_.clear();
        keyEncoder_->encodeBatch(*keyRows, keyArena_, keyEnds_);
    }
    // The partition of every message is chosen here, so that librdkafka gets one run per partition:
    // fixed and null-key default (sticky: one partition per batch, the next one for the next batch, as
    // Kafka's sticky partitioner switches per producer batch) give the whole batch one partition; keyed
    // default is murmur2 of the key through librdkafka's own function (the Java client's partition);
    // round-robin one after the other. A 'properties.partitioner' set by the user is left to librdkafka.
    const int32_t count = partitioner_.partitionCount();
    const bool librdkafkaChooses = userPartitioner_;
    int32_t single = RD_KAFKA_PARTITION_UA;  // one partition for the batch, or UA for "per message"
    if (!librdkafkaChooses) {
        if (partitioner_.mode() == KafkaPartitioner::Mode::Fixed) {
            single = partitioner_.partition();
        } else if (partitioner_.mode() == KafkaPartitioner::Mode::Default && !keyRows) {
            single = stickyPartition_ % count;
            stickyPartition_ = (single + 1) % count;
        }
    }
    messages_.clear();
    size_t valueStart = 0, keyStart = 0;
    bool onePartition = true;
    for (size_t r = 0; r < batch.numRows; ++r) {
        size_t valueEnd = valueEnds_[r];
        size_t keyEnd = keyRows ? keyEnds_[r] : 0;
        RowKind kind = batch.kind(r);
        bool skip = false, tombstone = false;
        if (c.upsert) {
            skip = kind == RowKind::UpdateBefore;  // the +U that follows replaces it
            tombstone = kind == RowKind::Delete;
        } else if (kind != RowKind::Insert) {
            throw ExecutionError(
                fmt::format("The Kafka sink of table '{}' is append-only but received a {} row.", c.tableName,
                            rowKindShortString(kind)));
        }
        if (!skip) {
            rd_kafka_message_t m{};
            if (!tombstone) {
                // a non-null pointer: an empty value is not a tombstone
                m.payload = valueEnd > valueStart ? &valueArena_[valueStart] : const_cast<char*>("");
                m.len = valueEnd - valueStart;
            }
            if (keyRows) {
                m.key = keyEnd > keyStart ? &keyArena_[keyStart] : const_cast<char*>("");
                m.key_len = keyEnd - keyStart;
            }
            if (librdkafkaChooses)
                m.partition = RD_KAFKA_PARTITION_UA;
            else if (single != RD_KAFKA_PARTITION_UA)
                m.partition = single;
            else if (partitioner_.mode() == KafkaPartitioner::Mode::RoundRobin)
                m.partition = partitioner_.partition();
            else
                m.partition =
                    rd_kafka_msg_partitioner_murmur2(topic_, m.key, m.key_len, count, nullptr, nullptr);
            if (!messages_.empty() && m.partition != messages_.front().partition) onePartition = false;
            messages_.push_back(m);
        }
        valueStart = valueEnd;
        keyStart = keyEnd;
    }
    if (messages_.empty()) return;
    waitForRoom(messages_.size());
    if (onePartition) {
        sendRun(messages_.data(), messages_.size());
        return;
    }
    // Group by partition (stable, so each partition keeps the rows' order) and send one run each.
    runCounts_.assign(static_cast<size_t>(count) + 1, 0);
    for (const auto& m : messages_) ++runCounts_[static_cast<size_t>(m.partition) + 1];
    for (size_t p = 1; p < runCounts_.size(); ++p) runCounts_[p] += runCounts_[p - 1];
    grouped_.resize(messages_.size());
    std::vector<size_t>& next = runNext_;
    next.assign(runCounts_.begin(), runCounts_.end() - 1);
    for (const auto& m : messages_) grouped_[next[static_cast<size_t>(m.partition)]++] = m;
    for (size_t p = 0; p + 1 < runCounts_.size(); ++p)
        if (runCounts_[p + 1] > runCounts_[p])
            sendRun(grouped_.data() + runCounts_[p], runCounts_[p + 1] - runCounts_[p]);
}

void KafkaSink::sendRun(rd_kafka_message_t* messages, size_t n) {
    const auto& c = *config_;
    int32_t partition = messages[0].partition;
    int flags = RD_KAFKA_MSG_F_COPY;
    if (partition == RD_KAFKA_PARTITION_UA) flags |= RD_KAFKA_MSG_F_PARTITION;  // librdkafka partitions
    int sent = rd_kafka_produce_batch(topic_, partition, flags, messages, static_cast<int>(n));
    if (sent == static_cast<int>(n)) return;
    // Some were refused (e.g. queue.buffering.max.kbytes reached): send those one at a time, which waits
    // for room. Messages of one partition could then leave out of order, so this is the rare path only.
    for (size_t i = 0; i < n; ++i) {
        const auto& m = messages[i];
        if (m.err == RD_KAFKA_RESP_ERR_NO_ERROR) continue;
        if (m.err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            throw ConnectorError(fmt::format("Failed to send data to Kafka topic '{}' (table '{}'): {}",
                                             c.topic, c.tableName, rd_kafka_err2str(m.err)));
        produce(static_cast<const char*>(m.key), m.key ? m.key_len : 0, static_cast<const char*>(m.payload),
                m.len, m.payload == nullptr, 0, nullptr, 0, nullptr, partition);
    }
}

void KafkaSink::flushBuffer() {
    for (const auto& b : buffer_)
        produce(b.key.data(), b.key.size(), b.value.data(), b.value.size(), b.tombstone, b.timestampMs,
                nullptr, 0, &b.headers);
    buffer_.clear();
    bufferIndex_.clear();
    lastFlush_ = std::chrono::steady_clock::now();
}

void KafkaSink::prepareCheckpoint(int64_t) {
    if (!producer_) return;
    flushBuffer();
    switch (config_->guarantee) {
        case DeliveryGuarantee::None:
            rd_kafka_poll(producer_, 0);
            break;
        case DeliveryGuarantee::AtLeastOnce:
            flushAll("a checkpoint");
            break;
        case DeliveryGuarantee::ExactlyOnce:
            // The epoch's rows are in the open transaction; commitCheckpoint commits it once the
            // checkpoint is durable as pending.
            rd_kafka_poll(producer_, 0);
            break;
    }
    throwIfFailed();
}

void KafkaSink::commitCheckpoint(int64_t checkpointId) {
    if (!producer_ || !shared_) return;
    shared_->commitAtBarrier(checkpointId, [this] { return ctx_.stopping(); });
    throwIfFailed();
}

void KafkaSink::finish() {
    if (dropOutput_) return;  // the final record of the run that delivered everything stays the newest
    if (!producer_) {
        // No rows at all: still open, so that a missing broker or topic fails the job as in Flink.
        runtime::SinkContext defaults = ctx_;
        defaults.subtask = subtask_;
        defaults.parallelism = parallelism_;
        open(defaults);
    }
    flushBuffer();
    if (shared_)
        shared_->finishSubtask();
    else
        flushAll("the end of input");  // Flink flushes at end of input even with 'none'
    throwIfFailed();
}

void KafkaSink::close() {
    if (!producer_) {
        shared_.reset();
        return;
    }
    if (topic_) rd_kafka_topic_destroy(topic_);
    topic_ = nullptr;
    if (shared_) {
        // The last subtask to let go destroys the producer (aborting an unfinished epoch).
        producer_ = nullptr;
        shared_.reset();
        return;
    }
    // After a failure nothing more should reach the broker; after finish() the queue is already empty.
    rd_kafka_purge(producer_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_poll(producer_, 0);
    rd_kafka_destroy(producer_);
    producer_ = nullptr;
}

// ---------------------------------------------------------------------------------------------
// Provider

std::unique_ptr<runtime::Sink> KafkaSinkProvider::createSink(int subtask, int parallelism) {
    if (config_->guarantee != DeliveryGuarantee::ExactlyOnce)
        return std::make_unique<KafkaSink>(config_, subtask, parallelism);
    auto shared = shared_.lock();
    if (!shared || subtask == 0) {
        shared = std::make_shared<KafkaSharedTransaction>(config_, parallelism, lineage_, restoredId_);
        shared_ = shared;
    }
    return std::make_unique<KafkaSink>(config_, subtask, parallelism, shared, deliveredEverything_);
}

runtime::SinkProgress KafkaSinkProvider::recoverProgress() {
    return KafkaSharedTransaction::recoverProgress(*config_);
}

void KafkaSinkProvider::prepareRun(int64_t restoredId, const std::string& lineage, bool deliveredEverything) {
    restoredId_ = restoredId;
    lineage_ = lineage;
    deliveredEverything_ = deliveredEverything;
}

std::string KafkaSinkProvider::describe() const {
    const auto& c = *config_;
    return fmt::format("{}(topic={}, delivery-guarantee={}, partitioner={})",
                       c.upsert ? "upsert-kafka" : "kafka", c.topic, guaranteeName(c.guarantee),
                       c.partitioner == KafkaPartitioner::Mode::Default ? "default"
                       : c.partitioner == KafkaPartitioner::Mode::Fixed ? "fixed"
                                                                        : "round-robin");
}

std::unique_ptr<runtime::SinkProvider> createKafkaSink(const planner::ConnectorTable& table,
                                                       const planner::FactoryContext&, bool upsert) {
    return std::make_unique<KafkaSinkProvider>(KafkaSinkConfig::fromTable(table, upsert));
}

}  // namespace sluice::connectors::kafka
