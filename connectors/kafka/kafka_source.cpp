#include "connectors/kafka/kafka_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <regex>
#include <sstream>
#include <thread>

#include "common/error.h"
#include "connectors/kafka/kafka_connector.h"

namespace sluice::connectors::kafka {

namespace {

constexpr size_t kMaxMessagesPerPoll = runtime::kTargetBatchRows;
constexpr int kPollTimeoutMs = 100;
// Modest prefetch (librdkafka's default is 64 MiB): 4 MiB kept the tutorial's job (2 partitions) at
// its Kafka -> blackhole speed with 30 MB less peak RSS than 16 MiB (bench/RESULTS.md, issue 6).
constexpr const char* kDefaultQueuedKbytes = "4096";

// Java's String.hashCode over the UTF-16 code units of a UTF-8 name.
int32_t javaHashCode(const std::string& s) {
    uint32_t h = 0;
    auto add = [&](uint32_t unit) { h = 31 * h + unit; };
    for (size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        uint32_t cp = c;
        int len = 1;
        if (c >= 0xF0 && i + 3 < s.size()) {
            cp = ((c & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) |
                 (s[i + 3] & 0x3Fu);
            len = 4;
        } else if (c >= 0xE0 && i + 2 < s.size()) {
            cp = ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
            len = 3;
        } else if (c >= 0xC0 && i + 1 < s.size()) {
            cp = ((c & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
            len = 2;
        }
        if (cp > 0xFFFF) {
            cp -= 0x10000;
            add(0xD800 + (cp >> 10));
            add(0xDC00 + (cp & 0x3FF));
        } else {
            add(cp);
        }
        i += static_cast<size_t>(len);
    }
    return static_cast<int32_t>(h);
}

bool isInternalTopic(const std::string& t) {
    return t == "__consumer_offsets" || t == "__transaction_state";
}

std::string excerpt(std::string_view bytes) {
    constexpr size_t kMax = 120;
    std::string out;
    for (char ch : bytes.substr(0, kMax)) {
        auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c < 0x7F)
            out += ch;
        else
            out += fmt::format("\\x{:02x}", c);
    }
    if (bytes.size() > kMax) out += "...";
    return out;
}

}  // namespace

// librdkafka calls this on its own threads: record the text, never throw.
void kafkaSourceErrorCallback(rd_kafka_t*, int err, const char* reason, void* opaque) {
    auto* self = static_cast<KafkaSource*>(opaque);
    try {
        std::lock_guard<std::mutex> lock(self->errorMutex_);
        self->lastError_ = fmt::format("{} ({})", reason ? reason : "",
                                       rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)));
        // A broker restart is no failure: librdkafka reconnects by itself and the job goes on, but say
        // so in our words, with the table (librdkafka's own lines name neither). librdkafka reports
        // this once per outage, when its last broker connection goes down; it can miss an outage
        // while the group coordinator's connection is not counted as down (its FAIL lines remain).
        if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
            self->brokersDownSince_ = std::chrono::steady_clock::now();
            std::fprintf(stderr,
                         "kafka: table '%s' subtask %d: no broker of '%s' answers (%s); the consumer keeps "
                         "reconnecting, the job goes on\n",
                         self->config_->tableName.c_str(), self->subtask_,
                         self->config_->client.bootstrapServers.c_str(), reason ? reason : "");
        }
    } catch (...) {
    }
}

namespace {
// Connection failures are reported by our own error messages; keep librdkafka's logger to warnings
// and worse, at most one line a second so that a dead broker does not flood stderr.
void kafkaLogCallback(const rd_kafka_t*, int level, const char* fac, const char* buf) {
    static std::atomic<int64_t> lastSecond{0};
    if (level > 4) return;
    int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count();
    if (lastSecond.exchange(now) == now) return;
    std::fprintf(stderr, "kafka: %s: %s\n", fac ? fac : "", buf ? buf : "");
}
}  // namespace

int splitOwner(const std::string& topic, int32_t partition, int parallelism) {
    if (parallelism <= 1) return 0;
    int32_t startIndex =
        static_cast<int32_t>((static_cast<uint32_t>(javaHashCode(topic)) * 31u) & 0x7FFFFFFFu) % parallelism;
    return static_cast<int>((static_cast<int64_t>(startIndex) + partition) % parallelism);
}

// --- provider

std::unique_ptr<runtime::SourceProvider> createKafkaSource(const planner::ConnectorTable& table,
                                                           const planner::ScanRequest& scan,
                                                           const planner::FactoryContext& ctx, bool upsert) {
    auto config = std::make_shared<KafkaScanConfig>(readKafkaScanConfig(table, scan, ctx, upsert));
    return std::make_unique<KafkaSourceProvider>(std::move(config));
}

std::unique_ptr<runtime::Source> KafkaSourceProvider::createSource(int subtask, int parallelism) {
    return std::make_unique<KafkaSource>(config_, subtask, parallelism);
}

std::string KafkaSourceProvider::describe() const {
    std::string fields;
    for (const auto& f : config_->outputSchema.fields) fields += (fields.empty() ? "" : ", ") + f.name;
    std::string topics;
    for (const auto& t : config_->topics) topics += (topics.empty() ? "" : ";") + t;
    return fmt::format("{}({}={}, format={}, fields=[{}])", config_->upsert ? "upsert-kafka" : "kafka",
                       topics.empty() ? "topic-pattern" : "topic",
                       topics.empty() ? config_->topicPattern : topics, config_->value.format->identifier(),
                       fields);
}

// --- source

KafkaSource::KafkaSource(std::shared_ptr<const KafkaScanConfig> config, int subtask, int parallelism)
    : config_(std::move(config)), subtask_(subtask), parallelism_(std::max(parallelism, 1)) {}

KafkaSource::~KafkaSource() {
    try {
        close();
    } catch (...) {
    }
}

std::string KafkaSource::connectorContext() const {
    return fmt::format("table '{}', properties.bootstrap.servers '{}'", config_->tableName,
                       config_->client.bootstrapServers);
}

void KafkaSource::createConsumer() {
    const auto& c = *config_;
    rd_kafka_conf_t* conf = buildRdKafkaConf(c.client);
    try {
        auto set = [&](const char* k, const std::string& v) { setRdKafkaConf(conf, k, v, k); };
        set("group.id", c.groupId);
        set("enable.auto.commit", "false");
        set("enable.auto.offset.store", "false");
        set("enable.partition.eof", "true");  // tells a bounded scan it reached the end
        if (!c.client.userSetQueuedMaxKbytes) set("queued.max.messages.kbytes", kDefaultQueuedKbytes);
        // out-of-range positions (retention deleted them) reset as Flink's initializer would
        std::string reset = "earliest";
        if (c.startupMode == StartupMode::Latest || c.startupMode == StartupMode::Timestamp) reset = "latest";
        if (c.startupMode == StartupMode::GroupOffsets) {
            std::string r = c.client.autoOffsetReset.value_or("none");
            reset = r == "none" ? "error" : r;
        }
        set("auto.offset.reset", reset);
        rd_kafka_conf_set_error_cb(conf, kafkaSourceErrorCallback);
        rd_kafka_conf_set_log_cb(conf, kafkaLogCallback);
        rd_kafka_conf_set_opaque(conf, this);
    } catch (...) {
        rd_kafka_conf_destroy(conf);
        throw;
    }
    char err[512];
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        throw ConnectorError(fmt::format("Cannot create a Kafka consumer ({}): {}", connectorContext(), err));
    }
    rk_.reset(rk);
    rd_kafka_poll_set_consumer(rk);
}

RdKafkaMetadata KafkaSource::fetchMetadata(const char* what) {
    const rd_kafka_metadata_t* md = nullptr;
    rd_kafka_resp_err_t err =
        rd_kafka_metadata(rk_.get(), 1, nullptr, &md, static_cast<int>(config_->client.apiTimeoutMs));
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        std::string last;
        {
            std::lock_guard<std::mutex> lock(errorMutex_);
            last = lastError_;
        }
        throw ConnectorError(
            fmt::format("Failed to {} from the Kafka cluster at '{}' (properties.bootstrap.servers of table "
                        "'{}'): {} after {} ms{}{}. Is the broker running and reachable?",
                        what, config_->client.bootstrapServers, config_->tableName, rd_kafka_err2str(err),
                        config_->client.apiTimeoutMs, last.empty() ? "" : "; last client error: ", last),
            true);
    }
    return RdKafkaMetadata(md);
}

std::vector<std::pair<std::string, int32_t>> KafkaSource::ownedPartitions(const rd_kafka_metadata_t& md,
                                                                          bool atStart) {
    const auto& c = *config_;
    std::vector<std::pair<std::string, int32_t>> out;
    auto addTopic = [&](const rd_kafka_metadata_topic_t& t) {
        for (int i = 0; i < t.partition_cnt; ++i) {
            int32_t p = t.partitions[i].id;
            if (splitOwner(t.topic, p, parallelism_) == subtask_) out.emplace_back(t.topic, p);
        }
    };
    if (!c.topicPattern.empty()) {
        std::regex re(c.topicPattern, std::regex::ECMAScript);
        for (int i = 0; i < md.topic_cnt; ++i) {
            std::string name = md.topics[i].topic;
            if (!isInternalTopic(name) && md.topics[i].err == RD_KAFKA_RESP_ERR_NO_ERROR &&
                std::regex_match(name, re))
                addTopic(md.topics[i]);
        }
    } else {
        for (const auto& topic : c.topics) {
            const rd_kafka_metadata_topic_t* found = nullptr;
            for (int i = 0; i < md.topic_cnt; ++i)
                if (topic == md.topics[i].topic) found = &md.topics[i];
            if (!found || found->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
                found->partition_cnt == 0) {
                if (!atStart) continue;  // deleted later: keep reading what we have
                throw ConnectorError(
                    fmt::format("Failed to get metadata for topics [{}]: topic '{}' does not exist on the "
                                "Kafka cluster at "
                                "'{}' (table '{}'). A Kafka source does not create topics.",
                                fmt::join(c.topics, ", "), topic, c.client.bootstrapServers, c.tableName));
            }
            addTopic(*found);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<int64_t> KafkaSource::offsetsForTimes(const std::vector<Partition>& parts,
                                                  const std::vector<int64_t>& times) {
    std::vector<int64_t> result(parts.size(), -1);
    if (parts.empty()) return result;
    RdKafkaPartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(parts.size())));
    for (size_t i = 0; i < parts.size(); ++i)
        rd_kafka_topic_partition_list_add(list.get(), parts[i].topic.c_str(), parts[i].partition)->offset =
            times[i];
    rd_kafka_resp_err_t err =
        rd_kafka_offsets_for_times(rk_.get(), list.get(), static_cast<int>(config_->client.apiTimeoutMs));
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        throw ConnectorError(fmt::format("Failed to look up partition offsets ({}): {}", connectorContext(),
                                         rd_kafka_err2str(err)),
                             true);
    for (size_t i = 0; i < parts.size(); ++i) {
        const auto& e = list->elems[i];
        if (e.err != RD_KAFKA_RESP_ERR_NO_ERROR)
            throw ConnectorError(fmt::format("Failed to look up the offsets of {} ({}): {}", parts[i].origin,
                                             connectorContext(), rd_kafka_err2str(e.err)),
                                 true);
        result[i] = e.offset;
    }
    return result;
}

std::vector<int64_t> KafkaSource::committedOffsets(const std::vector<Partition>& parts) {
    std::vector<int64_t> result(parts.size(), RD_KAFKA_OFFSET_INVALID);
    if (parts.empty()) return result;
    RdKafkaPartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(parts.size())));
    for (const auto& p : parts) rd_kafka_topic_partition_list_add(list.get(), p.topic.c_str(), p.partition);
    rd_kafka_resp_err_t err =
        rd_kafka_committed(rk_.get(), list.get(), static_cast<int>(config_->client.apiTimeoutMs));
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        throw ConnectorError(fmt::format("Failed to fetch the committed offsets of group '{}' ({}): {}",
                                         config_->groupId, connectorContext(), rd_kafka_err2str(err)),
                             true);
    for (size_t i = 0; i < parts.size(); ++i) result[i] = list->elems[i].offset;
    return result;
}

void KafkaSource::failNoCommittedOffset(const std::vector<Partition>& parts,
                                        const std::vector<int64_t>& committed) {
    std::vector<std::string> names;
    for (size_t i = 0; i < parts.size(); ++i)
        if (committed[i] < 0) names.push_back(fmt::format("{}-{}", parts[i].topic, parts[i].partition));
    // Flink's KafkaSource fails the same way (NoOffsetForPartitionException): 'group-offsets' with
    // no committed offset uses 'properties.auto.offset.reset', which defaults to none.
    throw ExecutionError(fmt::format(
        "Undefined offset with no reset policy for partitions: [{}]. Consumer group '{}' has no committed "
        "offset "
        "for them and 'properties.auto.offset.reset' is 'none' (the default with 'scan.startup.mode' = "
        "'group-offsets'). Set 'properties.auto.offset.reset' to 'earliest' or 'latest', or choose another "
        "'scan.startup.mode' (table '{}').",
        fmt::join(names, ", "), config_->groupId, config_->tableName));
}

void KafkaSource::resolveStartOffsets(std::vector<Partition>& parts) {
    const auto& c = *config_;
    std::vector<Partition> todo;
    std::vector<size_t> todoIndex;
    for (size_t i = 0; i < parts.size(); ++i) {
        auto it = restored_.find({parts[i].topic, parts[i].partition});
        if (it != restored_.end()) {
            parts[i].next = it->second;  // a checkpoint's position wins over the startup mode
        } else {
            todo.push_back(parts[i]);
            todoIndex.push_back(i);
        }
    }
    if (todo.empty()) return;
    std::vector<int64_t> start(todo.size());
    auto earliestLatest = [&](int64_t which) {
        return offsetsForTimes(todo, std::vector<int64_t>(todo.size(), which));
    };
    switch (c.startupMode) {
        case StartupMode::Earliest:
            start = earliestLatest(RD_KAFKA_OFFSET_BEGINNING);
            break;
        case StartupMode::Latest:
            start = earliestLatest(RD_KAFKA_OFFSET_END);
            break;
        case StartupMode::Timestamp: {
            start = offsetsForTimes(todo, std::vector<int64_t>(todo.size(), c.startupTimestampMillis));
            auto end = earliestLatest(RD_KAFKA_OFFSET_END);
            for (size_t i = 0; i < start.size(); ++i)
                if (start[i] < 0) start[i] = end[i];  // no record at or after the time: the end
            break;
        }
        case StartupMode::GroupOffsets:
        case StartupMode::SpecificOffsets: {
            std::vector<int64_t> committed = committedOffsets(todo);
            std::string reset = c.startupMode == StartupMode::SpecificOffsets
                                    ? "earliest"  // OffsetsInitializer.offsets(): committed, else earliest
                                    : c.client.autoOffsetReset.value_or("none");
            if (c.startupMode == StartupMode::SpecificOffsets)
                for (size_t i = 0; i < todo.size(); ++i) {
                    auto it = c.startupOffsets.find(todo[i].partition);
                    if (it != c.startupOffsets.end()) committed[i] = it->second;
                }
            bool missing = std::any_of(committed.begin(), committed.end(), [](int64_t o) { return o < 0; });
            if (missing && reset == "none") failNoCommittedOffset(todo, committed);
            std::vector<int64_t> fallback;
            if (missing)
                fallback =
                    earliestLatest(reset == "latest" ? RD_KAFKA_OFFSET_END : RD_KAFKA_OFFSET_BEGINNING);
            for (size_t i = 0; i < todo.size(); ++i)
                start[i] = committed[i] >= 0 ? committed[i] : fallback[i];
            break;
        }
    }
    for (size_t i = 0; i < todo.size(); ++i) parts[todoIndex[i]].next = start[i];
}

void KafkaSource::resolveStopOffsets(std::vector<Partition>& parts) {
    const auto& c = *config_;
    std::vector<int64_t> stop(parts.size(), INT64_MAX);
    switch (c.boundedMode) {
        case BoundedMode::Unbounded:
            break;
        case BoundedMode::Latest:
            stop = offsetsForTimes(parts, std::vector<int64_t>(parts.size(), RD_KAFKA_OFFSET_END));
            break;
        case BoundedMode::Timestamp: {
            stop = offsetsForTimes(parts, std::vector<int64_t>(parts.size(), c.boundedTimestampMillis));
            auto end = offsetsForTimes(parts, std::vector<int64_t>(parts.size(), RD_KAFKA_OFFSET_END));
            for (size_t i = 0; i < stop.size(); ++i)
                if (stop[i] < 0) stop[i] = end[i];
            break;
        }
        case BoundedMode::GroupOffsets: {
            stop = committedOffsets(parts);
            if (std::any_of(stop.begin(), stop.end(), [](int64_t o) { return o < 0; }))
                failNoCommittedOffset(parts, stop);
            break;
        }
        case BoundedMode::SpecificOffsets:
            for (size_t i = 0; i < parts.size(); ++i) {
                auto it = c.boundedOffsets.find(parts[i].partition);
                // a partition missing from the list is not consumed (Flink's flink-sql.md §2)
                stop[i] = it != c.boundedOffsets.end() ? it->second : parts[i].next;
            }
            break;
    }
    for (size_t i = 0; i < parts.size(); ++i) {
        parts[i].stop = stop[i];
        if (parts[i].next >= 0 && parts[i].next >= parts[i].stop) parts[i].done = true;
    }
}

void KafkaSource::assign() {
    RdKafkaPartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(parts_.size())));
    for (const auto& p : parts_)
        if (!p.done)
            rd_kafka_topic_partition_list_add(list.get(), p.topic.c_str(), p.partition)->offset = p.next;
    rd_kafka_resp_err_t err = rd_kafka_assign(rk_.get(), list.get());
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        throw ConnectorError(fmt::format("Failed to assign Kafka partitions ({}): {}", connectorContext(),
                                         rd_kafka_err2str(err)));
}

void KafkaSource::markDone(Partition& p) {
    if (p.done) return;
    p.done = true;
    RdKafkaPartitionList list(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(list.get(), p.topic.c_str(), p.partition);
    rd_kafka_pause_partitions(rk_.get(), list.get());  // stop fetching what we will not read
}

void KafkaSource::open(runtime::SourceContext& ctx) {
    if (opened_) return;
    opened_ = true;
    stopRequested_ = ctx.stopRequested;
    const auto& c = *config_;
    valueDecoder_ =
        c.value.format->createDecoder(c.options, c.value.optionPrefix, c.value.schema, c.value.projection);
    if (c.key.format)
        keyDecoder_ =
            c.key.format->createDecoder(c.options, c.key.optionPrefix, c.key.schema, c.key.projection);
    createConsumer();
    // Flink fails at job start when the cluster does not answer or a topic is missing.
    RdKafkaMetadata md = fetchMetadata("fetch topic metadata");
    for (const auto& [topic, partition] : ownedPartitions(*md, true)) {
        Partition p;
        p.topic = topic;
        p.partition = partition;
        p.origin = fmt::format("topic '{}', partition {}", topic, partition);
        parts_.push_back(std::move(p));
    }
    resolveStartOffsets(parts_);
    resolveStopOffsets(parts_);
    assign();
    nextDiscovery_ = std::chrono::steady_clock::now() +
                     std::chrono::milliseconds(std::max<int64_t>(c.discoveryIntervalMs, 1));
    messages_.resize(kMaxMessagesPerPoll);
    resetColumns();
}

void KafkaSource::discoverPartitions() {
    RdKafkaMetadata md = fetchMetadata("discover partitions");
    std::vector<Partition> added;
    for (const auto& [topic, partition] : ownedPartitions(*md, false)) {
        bool known = std::any_of(parts_.begin(), parts_.end(), [&](const Partition& p) {
            return p.topic == topic && p.partition == partition;
        });
        if (known) continue;
        Partition p;
        p.topic = topic;
        p.partition = partition;
        p.next =
            RD_KAFKA_OFFSET_BEGINNING;  // Flink reads newly discovered partitions from the earliest offset
        p.origin = fmt::format("topic '{}', partition {}", topic, partition);
        added.push_back(std::move(p));
    }
    if (added.empty()) return;
    std::fprintf(stderr, "kafka: table '%s' subtask %d: reading %zu new partition(s), first %s\n",
                 config_->tableName.c_str(), subtask_, added.size(), added.front().origin.c_str());
    for (auto& p : added) parts_.push_back(std::move(p));
    assign();  // re-assigning resumes the old partitions at their `next` offsets
}

void KafkaSource::resetColumns() {
    const auto& c = *config_;
    valueCols_.clear();
    keyCols_.clear();
    metaCols_.clear();
    for (int i : c.value.projection)
        valueCols_.emplace_back(c.value.schema.fields[static_cast<size_t>(i)].type);
    for (int i : c.key.projection) keyCols_.emplace_back(c.key.schema.fields[static_cast<size_t>(i)].type);
    if (keyScratch_.empty())
        for (int i : c.key.projection)
            keyScratch_.emplace_back(c.key.schema.fields[static_cast<size_t>(i)].type);
    for (const auto& m : c.metadata) metaCols_.emplace_back(m.type);
    rowKinds_.clear();
    origins_ = std::make_shared<RowOrigins>();
    origins_->unit = RowOrigins::Unit::Offset;
    origins_->positions.reserve(runtime::kTargetBatchRows);
    batchRows_ = 0;
    batchPartition_ = nullptr;
}

void KafkaSource::flush(runtime::Collector& out) {
    if (batchRows_ == 0) {
        batchPartition_ = nullptr;
        return;
    }
    const auto& c = *config_;
    RecordBatch batch;
    batch.columns.reserve(c.outputSchema.size());
    for (const auto& src : c.columns)
        batch.columns.push_back(std::move(src.fromKey ? keyCols_[static_cast<size_t>(src.index)]
                                                      : valueCols_[static_cast<size_t>(src.index)]));
    for (auto& m : metaCols_) batch.columns.push_back(std::move(m));
    batch.numRows = batchRows_;
    if (c.upsert &&
        std::any_of(rowKinds_.begin(), rowKinds_.end(), [](RowKind k) { return k != RowKind::Insert; }))
        batch.rowKinds = std::move(rowKinds_);
    origins_->source = batchPartition_->origin;
    batch.origins = std::move(origins_);
    out.collect(std::move(batch));
    resetColumns();
}

void KafkaSource::appendMetadata(const rd_kafka_message_t& m, const Partition& p, size_t rows) {
    const auto& c = *config_;
    for (size_t k = 0; k < c.metadata.size(); ++k) {
        Vector& v = metaCols_[k];
        const DataType& t = c.metadata[k].type;
        for (size_t r = 0; r < rows; ++r) {
            switch (c.metadata[k].kind) {
                case MetadataKind::Topic:
                    v.appendString(p.topic);
                    break;
                case MetadataKind::Partition:
                    if (t.id == TypeId::BigInt)
                        v.append<int64_t>(p.partition);
                    else
                        v.append<int32_t>(p.partition);
                    break;
                case MetadataKind::Offset:
                    v.append<int64_t>(m.offset);
                    break;
                case MetadataKind::LeaderEpoch:
                    v.appendNull();  // librdkafka 2.0 does not expose a message's leader epoch
                    break;
                case MetadataKind::Timestamp: {
                    rd_kafka_timestamp_type_t type;
                    int64_t micros = rd_kafka_message_timestamp(&m, &type) * 1000;
                    if (t.id == TypeId::Timestamp) micros = c.zone.toLocal(micros);
                    v.append<int64_t>(micros);
                    break;
                }
                case MetadataKind::TimestampType: {
                    rd_kafka_timestamp_type_t type;
                    rd_kafka_message_timestamp(&m, &type);
                    v.appendString(type == RD_KAFKA_TIMESTAMP_CREATE_TIME       ? "CreateTime"
                                   : type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? "LogAppendTime"
                                                                                : "NoTimestampType");
                    break;
                }
                case MetadataKind::Headers: {
                    // Flink builds a HashMap: a repeated key keeps its last value
                    std::vector<std::pair<std::string, Value>> entries;
                    rd_kafka_headers_t* hdrs = nullptr;
                    if (rd_kafka_message_headers(&m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR && hdrs) {
                        const char* name;
                        const void* val;
                        size_t size;
                        for (size_t i = 0; !rd_kafka_header_get_all(hdrs, i, &name, &val, &size); ++i) {
                            Value value =
                                val ? Value::string(std::string(static_cast<const char*>(val), size))
                                    : Value::null();
                            auto it = std::find_if(entries.begin(), entries.end(),
                                                   [&](const auto& e) { return e.first == name; });
                            if (it != entries.end())
                                it->second = std::move(value);
                            else
                                entries.emplace_back(name, std::move(value));
                        }
                    }
                    Value::List list;
                    for (auto& [k2, v2] : entries) {
                        list.push_back(Value::string(k2));
                        list.push_back(std::move(v2));
                    }
                    v.appendValue(Value::list(std::move(list)));
                    break;
                }
            }
        }
    }
}

void KafkaSource::logSkipped(const Partition& p, int64_t offset, std::string_view payload) {
    ++skipped_;
    ++skippedSinceLog_;
    auto now = std::chrono::steady_clock::now();
    if (now - lastSkipLog_ < std::chrono::seconds(10)) return;
    std::fprintf(stderr,
                 "kafka: table '%s': skipped %lld unparsable record(s) (ignore-parse-errors), %lld in total; "
                 "latest at %s, offset %lld: '%s'\n",
                 config_->tableName.c_str(), static_cast<long long>(skippedSinceLog_),
                 static_cast<long long>(skipped_), p.origin.c_str(), static_cast<long long>(offset),
                 excerpt(payload).c_str());
    skippedSinceLog_ = 0;
    lastSkipLog_ = now;
}

void KafkaSource::handleMessage(const rd_kafka_message_t& m, Partition& p, runtime::Collector& out) {
    const auto& c = *config_;
    if (batchPartition_ != &p || batchRows_ >= runtime::kTargetBatchRows) {
        flush(out);  // one partition per batch, so that origins name one topic and partition
        batchPartition_ = &p;
    }
    // "topic 'rides', partition 0, offset 42" for the decoders' messages, in a reused buffer
    originText_.assign(p.origin);
    originText_.append(", offset ");
    char digits[24];
    auto res = std::to_chars(digits, digits + sizeof(digits), m.offset);
    originText_.append(digits, res.ptr);
    RecordOrigin origin{originText_, 0};

    std::string_view payload(static_cast<const char*>(m.payload), m.payload ? m.len : 0);
    if (keyDecoder_) {
        for (auto& v : keyScratch_) v.clear();
        if (m.key) {
            std::string_view key(static_cast<const char*>(m.key), m.key_len);
            int64_t skippedBefore = keyDecoder_->skippedBadRecords();
            if (keyDecoder_->decode(key, keyScratch_, origin) == 0) {
                if (keyDecoder_->skippedBadRecords() > skippedBefore) logSkipped(p, m.offset, key);
                return;
            }
        } else {
            for (auto& v : keyScratch_) v.appendNull();
        }
    }
    size_t rows = 0;
    RowKind kind = RowKind::Insert;
    if (!m.payload) {
        if (!c.upsert) return;  // Flink's formats turn a null value into no row
        for (auto& v : valueCols_) v.appendNull();
        rows = 1;
        kind = RowKind::Delete;
    } else {
        int64_t skippedBefore = valueDecoder_->skippedBadRecords();
        rows = valueDecoder_->decode(payload, valueCols_, origin);
        if (rows == 0) {
            // none, or an empty JSON array: nothing to log
            if (valueDecoder_->skippedBadRecords() > skippedBefore) logSkipped(p, m.offset, payload);
            return;
        }
    }
    if (keyDecoder_)
        for (size_t k = 0; k < keyCols_.size(); ++k)
            for (size_t r = 0; r < rows; ++r) keyCols_[k].appendFrom(keyScratch_[k], 0);
    appendMetadata(m, p, rows);
    origins_->positions.insert(origins_->positions.end(), rows, m.offset);
    if (c.upsert) rowKinds_.insert(rowKinds_.end(), rows, kind);
    batchRows_ += rows;
}

bool KafkaSource::poll(runtime::Collector& out) {
    if (!opened_) {
        runtime::SourceContext defaults;
        open(defaults);
    }
    const auto& c = *config_;
    bool bounded = c.boundedMode != BoundedMode::Unbounded;
    auto allDone = [&] {
        return std::all_of(parts_.begin(), parts_.end(), [](const Partition& p) { return p.done; });
    };
    if (bounded && allDone()) return false;
    if (!bounded && c.discoveryIntervalMs > 0 && std::chrono::steady_clock::now() >= nextDiscovery_) {
        nextDiscovery_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(c.discoveryIntervalMs);
        try {
            discoverPartitions();
        } catch (const ConnectorError& e) {
            // Brokers away (a restart) is transient: keep reading the partitions we have and look again
            // at the next interval. Flink fails here and lets its restart strategy retry; we have none.
            if (!e.retryable()) throw;
            std::fprintf(
                stderr, "kafka: table '%s' subtask %d: partition discovery failed, retrying in %lld ms: %s\n",
                c.tableName.c_str(), subtask_, static_cast<long long>(c.discoveryIntervalMs), e.what());
        }
    }
    if (parts_.empty()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(kPollTimeoutMs));
        return true;
    }
    char reason[512];
    if (rd_kafka_fatal_error(rk_.get(), reason, sizeof(reason)) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        throw ConnectorError(fmt::format("Kafka consumer failed ({}): {}", connectorContext(), reason));
    }
    // consumer_poll returns as soon as the queue is empty (consume_batch_queue waits for a full batch)
    ssize_t n = 0;
    while (static_cast<size_t>(n) < messages_.size()) {
        rd_kafka_message_t* m = rd_kafka_consumer_poll(rk_.get(), n == 0 ? kPollTimeoutMs : 0);
        if (!m) break;
        messages_[static_cast<size_t>(n++)] = m;
    }
    if (n > 0) {
        std::lock_guard<std::mutex> lock(errorMutex_);
        if (brokersDownSince_ && std::any_of(messages_.begin(), messages_.begin() + n, [](auto* m) {
                return !m->err || m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF;
            })) {
            auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                                            *brokersDownSince_);
            std::fprintf(
                stderr,
                "kafka: table '%s' subtask %d: records arrive again, %lld s after no broker answered\n",
                c.tableName.c_str(), subtask_, static_cast<long long>(seconds.count()));
            brokersDownSince_.reset();
        }
    }
    // cache of the last message's partition: messages come in runs from one partition
    const rd_kafka_topic_t* lastTopic = nullptr;
    int32_t lastPartition = -1;
    Partition* part = nullptr;
    size_t i = 0;
    try {
        for (; i < static_cast<size_t>(n); ++i) {
            rd_kafka_message_t* m = messages_[i];
            if (m->rkt != lastTopic || m->partition != lastPartition) {
                lastTopic = m->rkt;
                lastPartition = m->partition;
                const char* topic = m->rkt ? rd_kafka_topic_name(m->rkt) : "";
                part = nullptr;
                for (auto& p : parts_)
                    if (p.partition == m->partition && p.topic == topic) part = &p;
            }
            if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                // the end of the partition: a bounded scan whose stop offset lies there is done
                if (part && bounded && m->offset >= part->stop) markDone(*part);
            } else if (m->err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET) {
                throw ExecutionError(fmt::format(
                    "Offset out of range with no reset policy for {} (table '{}'): {}. Set "
                    "'properties.auto.offset.reset' to 'earliest' or 'latest'.",
                    part ? part->origin : "a partition", c.tableName, rd_kafka_message_errstr(m)));
            } else if (m->err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC ||
                       m->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) {
                throw ConnectorError(fmt::format("Kafka topic of {} no longer exists ({}): {}",
                                                 part ? part->origin : "a partition", connectorContext(),
                                                 rd_kafka_message_errstr(m)));
            } else if (m->err) {
                // transient (broker down, leader change): librdkafka retries; remember it for messages
                std::lock_guard<std::mutex> lock(errorMutex_);
                lastError_ = rd_kafka_message_errstr(m);
            } else if (part && !part->done && (part->next < 0 || m->offset >= part->next)) {
                if (m->offset >= part->stop) {
                    markDone(*part);
                } else {
                    handleMessage(*m, *part, out);
                    part->next = m->offset + 1;
                    if (part->next >= part->stop) markDone(*part);
                }
            }
            rd_kafka_message_destroy(m);
        }
    } catch (...) {
        for (; i < static_cast<size_t>(n); ++i) rd_kafka_message_destroy(messages_[i]);
        throw;
    }
    flush(out);
    if (static_cast<size_t>(n) < messages_.size()) wakeStalledFetcher();
    return !(bounded && allDone());
}

void KafkaSource::wakeStalledFetcher() {
    // librdkafka 2.0 stops fetching a partition once its prefetch queue passes queued.min.messages or
    // queued.max.messages.kbytes, and re-checks only when its broker thread wakes up, up to a second
    // later, even after we drained the queue (2.1 added fetch.queue.backoff.ms for this). Any request
    // to that broker wakes its thread: when a partition we read has data we have not received, send
    // a cheap watermark query.
    for (const auto& p : parts_) {
        if (p.done || p.next < 0) continue;
        int64_t lo = 0, hi = 0;
        if (rd_kafka_get_watermark_offsets(rk_.get(), p.topic.c_str(), p.partition, &lo, &hi) != 0) continue;
        if (hi <= p.next) continue;
        rd_kafka_query_watermark_offsets(rk_.get(), p.topic.c_str(), p.partition, &lo, &hi, kPollTimeoutMs);
        return;
    }
}

void KafkaSource::close() {
    if (rk_) {
        rd_kafka_consumer_close(rk_.get());
        rk_.reset();
    }
}

std::string KafkaSource::snapshotState(int64_t checkpointId) {
    std::string state;
    std::vector<std::tuple<std::string, int32_t, int64_t>> offsets;
    for (const auto& p : parts_) {
        state += fmt::format("{}\t{}\t{}\n", p.topic, p.partition, p.next);
        if (p.next >= 0) offsets.emplace_back(p.topic, p.partition, p.next);
    }
    if (config_->client.commitOffsetsOnCheckpoint && config_->groupIdSet)
        pendingCommits_[checkpointId] = std::move(offsets);
    return state;
}

void KafkaSource::restoreState(const std::string& state) {
    std::istringstream in(state);
    std::string line;
    while (std::getline(in, line)) {
        auto t1 = line.find('\t');
        auto t2 = line.find('\t', t1 == std::string::npos ? t1 : t1 + 1);
        if (t1 == std::string::npos || t2 == std::string::npos)
            throw InternalError(fmt::format("Corrupt Kafka source state line '{}'", line));
        restored_[{line.substr(0, t1), std::stoi(line.substr(t1 + 1, t2 - t1 - 1))}] =
            std::stoll(line.substr(t2 + 1));
    }
}

void KafkaSource::notifyCheckpointComplete(int64_t checkpointId) {
    auto it = pendingCommits_.find(checkpointId);
    if (it == pendingCommits_.end() || !rk_) return;
    if (!it->second.empty()) {
        RdKafkaPartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(it->second.size())));
        for (const auto& [topic, partition, next] : it->second)
            rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), partition)->offset = next;
        // asynchronous: a failed commit only delays what monitors see (Flink logs and carries on)
        rd_kafka_commit(rk_.get(), list.get(), 1);
    }
    pendingCommits_.erase(pendingCommits_.begin(), std::next(it));
}

}  // namespace sluice::connectors::kafka
