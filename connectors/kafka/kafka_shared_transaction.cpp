#include "connectors/kafka/kafka_shared_transaction.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "common/error.h"
#include "common/failpoint.h"
#include "common/json_text.h"
#include "connectors/kafka/kafka_properties.h"
#include "connectors/kafka/kafka_sink.h"

namespace sluice::connectors::kafka {

namespace {

using Clock = std::chrono::steady_clock;

int64_t msSince(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

/// Takes an rd_kafka_error_t: its text, destroyed.
std::string take(rd_kafka_error_t* e) {
    std::string msg = rd_kafka_error_string(e);
    rd_kafka_error_destroy(e);
    return msg;
}

/// The value after "<name>": in our own progress records (flat JSON we wrote: no nesting, no escapes in
/// the fields read here).
std::string field(const std::string& json, const std::string& name) {
    std::string key = "\"" + name + "\":";
    size_t at = json.find(key);
    if (at == std::string::npos) return {};
    size_t start = at + key.size();
    if (start < json.size() && json[start] == '"') {
        size_t end = json.find('"', start + 1);
        return end == std::string::npos ? std::string() : json.substr(start + 1, end - start - 1);
    }
    size_t end = json.find_first_of(",}", start);
    return json.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Callbacks

void KafkaProducerErrors::onDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
    // Never throws across librdkafka.
    if (!msg->err) return;
    auto* self = static_cast<KafkaProducerErrors*>(opaque);
    std::lock_guard lock(self->mutex);
    ++self->failedMessages;
    if (self->failure.empty())
        self->failure =
            fmt::format("Failed to send data to Kafka topic '{}' partition {}: {}",
                        rd_kafka_topic_name(msg->rkt), msg->partition, rd_kafka_err2str(msg->err));
    self->failed.store(true, std::memory_order_release);
}

void KafkaProducerErrors::onError(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
    auto* self = static_cast<KafkaProducerErrors*>(opaque);
    std::lock_guard lock(self->mutex);
    self->lastClientError = reason;
    if (err == RD_KAFKA_RESP_ERR__FATAL && self->failure.empty()) {
        char buf[512];
        rd_kafka_fatal_error(rk, buf, sizeof(buf));
        self->failure = fmt::format("Kafka producer fatal error: {}", buf);
        self->failed.store(true, std::memory_order_release);
    }
}

std::string KafkaProducerErrors::message() {
    if (!failed.load(std::memory_order_acquire)) return {};
    std::lock_guard lock(mutex);
    std::string msg = failure;
    if (failedMessages > 1) msg += fmt::format(" ({} messages failed)", failedMessages);
    return msg;
}

std::string KafkaProducerErrors::clientError() {
    std::lock_guard lock(mutex);
    return lastClientError;
}

// ---------------------------------------------------------------------------------------------
// Producer

rd_kafka_t* newKafkaSinkProducer(const KafkaSinkConfig& c, const std::string& clientId,
                                 const std::string& transactionalId, KafkaProducerErrors& errors,
                                 size_t& queueMaxMessages) {
    char err[512];
    std::unique_ptr<rd_kafka_conf_t, RdKafkaDeleter> owned(buildRdKafkaConf(c.client));
    rd_kafka_conf_t* conf = owned.get();
    auto userSet = [&](const char* k) {
        for (const auto& [key, v] : c.client.rdkafka)
            if (key == k) return true;
        return false;
    };
    // The sink's defaults, unless 'properties.*' says otherwise (aliases count as the same key).
    auto set = [&](const char* k, const std::string& v, const char* alias = nullptr) {
        if (userSet(k) || (alias && userSet(alias))) return;
        setRdKafkaConf(conf, k, v, k);
    };
    set("client.id", clientId);
    // Kafka's Java default partitioner: murmur2 of the key (the same partition as a Java producer),
    // sticky per batch for null keys (sticky.partitioning.linger.ms).
    set("partitioner", "murmur2_random");
    set("message.timeout.ms", "120000", "delivery.timeout.ms");  // Java's delivery.timeout.ms
    set("linger.ms", "5", "queue.buffering.max.ms");
    set("batch.num.messages", "100000");
    set("batch.size", "1000000");
    set("queue.buffering.max.messages", "1000000");
    set("compression.codec", "none", "compression.type");
    // Transient warnings (a coordinator still loading, a connection closed) retry by themselves and
    // would clutter the job's output; real failures reach the job through delivery reports.
    set("log_level", "3");
    // Only failures are reported; flush() / commit_transaction() wait for the rest.
    setRdKafkaConf(conf, "delivery.report.only.error", "true", "delivery.report.only.error");
    if (c.guarantee != DeliveryGuarantee::None) set("enable.idempotence", "true");
    if (!transactionalId.empty()) {
        setRdKafkaConf(conf, "transactional.id", transactionalId, "sink.transactional-id-prefix");
        // The broker's transaction.max.timeout.ms default (15 min); librdkafka's own default is 60 s.
        set("transaction.timeout.ms", "900000");
    }
    char value[64];
    size_t valueSize = sizeof(value);
    if (rd_kafka_conf_get(conf, "queue.buffering.max.messages", value, &valueSize) == RD_KAFKA_CONF_OK)
        queueMaxMessages = std::max<size_t>(1, std::strtoull(value, nullptr, 10));
    rd_kafka_conf_set_opaque(conf, &errors);
    rd_kafka_conf_set_dr_msg_cb(conf, &KafkaProducerErrors::onDelivery);
    rd_kafka_conf_set_error_cb(conf, &KafkaProducerErrors::onError);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
    if (!rk)
        throw ConnectorError(
            fmt::format("Cannot create the Kafka producer for table '{}': {}", c.tableName, err));
    owned.release();  // rd_kafka_new took it over
    return rk;
}

void createKafkaProgressTopic(rd_kafka_t* rk, const KafkaSinkConfig& config) {
    // A compacted single-partition topic: only the last record per transactional.id matters. Recovery
    // reads it whole, so segments roll hourly for compaction to keep it short.
    char err[512];
    rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(kProgressTopic, 1, -1, err, sizeof(err));
    if (!nt) throw ConnectorError(fmt::format("Cannot describe topic {}: {}", kProgressTopic, err));
    rd_kafka_NewTopic_set_config(nt, "cleanup.policy", "compact");
    rd_kafka_NewTopic_set_config(nt, "segment.ms", "3600000");
    rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
    rd_kafka_CreateTopics(rk, &nt, 1, nullptr, q);
    rd_kafka_event_t* ev = rd_kafka_queue_poll(q, config.metadataTimeoutMs);
    std::string failure;
    if (!ev) {
        failure = "timed out";
    } else if (rd_kafka_event_error(ev)) {
        failure = rd_kafka_event_error_string(ev);
    } else if (const auto* res = rd_kafka_event_CreateTopics_result(ev)) {
        size_t n = 0;
        const rd_kafka_topic_result_t** topics = rd_kafka_CreateTopics_result_topics(res, &n);
        for (size_t i = 0; i < n; ++i) {
            auto te = rd_kafka_topic_result_error(topics[i]);
            if (te && te != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
                failure = rd_kafka_topic_result_error_string(topics[i]);
        }
    }
    if (ev) rd_kafka_event_destroy(ev);
    rd_kafka_queue_destroy(q);
    rd_kafka_NewTopic_destroy(nt);
    if (!failure.empty())
        throw ConnectorError(fmt::format("Cannot create the exactly-once progress topic '{}' on the Kafka "
                                         "brokers at {} (table '{}'): {}",
                                         kProgressTopic, config.bootstrapServers, config.tableName, failure),
                             true);  // mostly brokers away for a while
}

// ---------------------------------------------------------------------------------------------
// The shared transaction

KafkaSharedTransaction::KafkaSharedTransaction(std::shared_ptr<const KafkaSinkConfig> config, int parallelism,
                                               std::string lineage, int64_t committedId)
    : config_(std::move(config)),
      lineage_(std::move(lineage)),
      live_(parallelism),
      committedId_(committedId) {}

KafkaSharedTransaction::~KafkaSharedTransaction() {
    if (!producer_) return;
    if (inTransaction_) {
        // A failed or cancelled run: abort now rather than leave read_committed readers waiting for the
        // transaction timeout (the next run's init_transactions would abort it too).
        rd_kafka_error_t* e = rd_kafka_abort_transaction(producer_, 5000);
        if (e) rd_kafka_error_destroy(e);
    }
    rd_kafka_purge(producer_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_poll(producer_, 0);
    rd_kafka_destroy(producer_);
}

rd_kafka_t* KafkaSharedTransaction::open() {
    std::lock_guard lock(mutex_);
    if (producer_) return producer_;
    if (!openError_.empty()) throw ConnectorError(openError_, true);
    const auto& c = *config_;
    rd_kafka_t* rk =
        newKafkaSinkProducer(c, "sluice-sink", c.transactionalIdPrefix, errors_, queueMaxMessages_);
    try {
        createKafkaProgressTopic(rk, c);
        rd_kafka_error_t* e = rd_kafka_init_transactions(rk, c.metadataTimeoutMs);
        if (e)
            throw ConnectorError(
                fmt::format("Cannot initialize Kafka transactions for transactional.id '{}' "
                            "(table '{}', brokers {}): {}",
                            c.transactionalIdPrefix, c.tableName, c.bootstrapServers, take(e)),
                true);
    } catch (const SluiceError& e) {
        rd_kafka_destroy(rk);
        openError_ = e.what();
        throw;
    }
    producer_ = rk;
    return producer_;
}

void KafkaSharedTransaction::ensureTransaction() {
    std::lock_guard lock(mutex_);
    if (inTransaction_) return;
    rd_kafka_error_t* e = rd_kafka_begin_transaction(producer_);
    if (e)
        throw ConnectorError(
            fmt::format("Cannot begin a Kafka transaction (table '{}'): {}", config_->tableName, take(e)));
    inTransaction_ = true;
}

void KafkaSharedTransaction::commitLocked(int64_t checkpointId, bool final) {
    const auto& c = *config_;
    const std::string& id = c.transactionalIdPrefix;
    if (!inTransaction_) {
        rd_kafka_error_t* e = rd_kafka_begin_transaction(producer_);
        if (e)
            throw ConnectorError(
                fmt::format("Cannot begin a Kafka transaction (table '{}'): {}", c.tableName, take(e)));
        inTransaction_ = true;
    }
    // The progress record: inside the epoch's transaction, so it is visible exactly when the rows are.
    std::string value = "{\"transactional.id\":";
    appendJsonString(value, id);
    value += ",\"topic\":";
    appendJsonString(value, c.topic);
    value += ",\"table\":";
    appendJsonString(value, c.tableName);
    value += ",\"lineage\":";
    appendJsonString(value, lineage_);
    value += fmt::format(",\"checkpoint\":{},\"final\":{}}}", checkpointId, final ? "true" : "false");
    rd_kafka_resp_err_t pe = rd_kafka_producev(
        producer_, RD_KAFKA_V_TOPIC(kProgressTopic), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(id.data(), id.size()), RD_KAFKA_V_VALUE(value.data(), value.size()), RD_KAFKA_V_END);
    if (pe)
        throw ConnectorError(
            fmt::format("Cannot write the progress record of transactional.id '{}' to '{}': {}", id,
                        kProgressTopic, rd_kafka_err2str(pe)));
    rd_kafka_error_t* e = rd_kafka_commit_transaction(producer_, -1);
    if (e) {
        bool abortable = rd_kafka_error_txn_requires_abort(e);
        std::string msg = take(e);
        if (abortable) {
            rd_kafka_error_t* a = rd_kafka_abort_transaction(producer_, -1);
            if (a) rd_kafka_error_destroy(a);
        }
        inTransaction_ = false;
        rd_kafka_poll(producer_, 0);
        std::string failed = errors_.message();
        // Retryable: a restart from the last complete checkpoint replays the epoch.
        throw ConnectorError(
            fmt::format("Cannot commit the Kafka transaction of transactional.id '{}' at {} (table '{}'): {}",
                        id, final ? "the end of input" : fmt::format("checkpoint {}", checkpointId),
                        c.tableName, failed.empty() ? msg : failed),
            true);
    }
    inTransaction_ = false;
    committedId_ = checkpointId;
    // Crash tests: the epoch is committed, the checkpoint is not complete yet (or the job not ended).
    failpoint(final ? "kafka.after-final-commit" : "kafka.after-commit");
}

void KafkaSharedTransaction::commitAtBarrier(int64_t checkpointId, const std::function<bool()>& stopping) {
    std::unique_lock lock(mutex_);
    if (barrierId_ != checkpointId) {
        barrierId_ = checkpointId;
        arrived_ = 0;
    }
    ++arrived_;
    cv_.notify_all();
    while (true) {
        if (failedId_ == checkpointId) throw ConnectorError(commitError_, true);
        if (committedId_ >= checkpointId) return;
        // Every subtask still running is here: none of them sends a row until the commit is done.
        // (Finished subtasks wrote their last rows before leaving, so those belong to this epoch.)
        if (!committing_ && arrived_ >= live_) {
            committing_ = true;
            try {
                commitLocked(checkpointId, false);
            } catch (const SluiceError& e) {
                failedId_ = checkpointId;
                commitError_ = e.what();
            }
            committing_ = false;
            cv_.notify_all();
            continue;
        }
        if (stopping())
            throw ConnectorError(
                fmt::format("Stopped while waiting to commit checkpoint {} to Kafka (table '{}').",
                            checkpointId, config_->tableName),
                true);
        cv_.wait_for(lock, std::chrono::milliseconds(50));
    }
}

void KafkaSharedTransaction::finishSubtask() {
    std::unique_lock lock(mutex_);
    --live_;
    cv_.notify_all();  // a barrier may now be complete without this subtask
    if (live_ > 0) return;
    // The last one: the rows since the last commit, with {"final": true}.
    commitLocked(committedId_, true);
}

// ---------------------------------------------------------------------------------------------
// Recovery

runtime::SinkProgress KafkaSharedTransaction::recoverProgress(const KafkaSinkConfig& c) {
    const std::string& id = c.transactionalIdPrefix;
    KafkaProducerErrors errors;
    size_t unused = 0;
    {
        // init_transactions first: a transaction of this id left open by the crash would otherwise hold
        // the progress topic's last stable offset (read_committed readers stop there) until it times
        // out, and one whose commit the broker had already decided is completed before it returns.
        RdKafkaHandle rk(newKafkaSinkProducer(c, "sluice-sink-recovery", id, errors, unused));
        createKafkaProgressTopic(rk.get(), c);
        rd_kafka_error_t* e = rd_kafka_init_transactions(rk.get(), c.metadataTimeoutMs);
        if (e)
            throw ConnectorError(
                fmt::format("Cannot settle the Kafka transaction of transactional.id '{}' (table "
                            "'{}', brokers {}) before recovery: {}",
                            id, c.tableName, c.bootstrapServers, take(e)),
                true);
    }
    auto consumer = [&](const char* isolation) {
        std::unique_ptr<rd_kafka_conf_t, RdKafkaDeleter> conf(buildRdKafkaConf(c.client));
        setRdKafkaConf(conf.get(), "isolation.level", isolation, "isolation.level");
        setRdKafkaConf(conf.get(), "enable.partition.eof", "true", "enable.partition.eof");
        setRdKafkaConf(conf.get(), "enable.auto.commit", "false", "enable.auto.commit");
        // Required by librdkafka's consumer API even with assign() and no commits: never joined.
        setRdKafkaConf(conf.get(), "group.id", "sluice-progress-reader", "group.id");
        setRdKafkaConf(conf.get(), "log_level", "3", "log_level");
        char err[512];
        rd_kafka_t* h = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), err, sizeof(err));
        if (!h) throw ConnectorError(fmt::format("Cannot create a Kafka consumer for recovery: {}", err));
        conf.release();
        return RdKafkaHandle(h);
    };
    // The end to read to: the high watermark now, after the settling above. A read_committed reader
    // stops at the last stable offset, which another producer's open transaction on this shared topic
    // can hold below it; our newest record may lie beyond, so reading must reach this offset.
    int64_t low = 0, high = 0;
    {
        RdKafkaHandle probe = consumer("read_uncommitted");
        rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(probe.get(), kProgressTopic, 0, &low, &high,
                                                                 c.metadataTimeoutMs);
        if (e)
            throw ConnectorError(
                fmt::format("Cannot read the end of the progress topic '{}' (table '{}'): {}", kProgressTopic,
                            c.tableName, rd_kafka_err2str(e)),
                true);
    }
    runtime::SinkProgress progress;
    if (high <= low) return progress;
    RdKafkaHandle reader = consumer("read_committed");
    RdKafkaPartitionList parts(rd_kafka_topic_partition_list_new(1));
    rd_kafka_topic_partition_list_add(parts.get(), kProgressTopic, 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
    if (rd_kafka_resp_err_t e = rd_kafka_assign(reader.get(), parts.get()))
        throw ConnectorError(
            fmt::format("Cannot read the progress topic '{}': {}", kProgressTopic, rd_kafka_err2str(e)),
            true);
    // Another producer's transaction ends within its transaction.timeout.ms; we wait a bounded time
    // and fail (the restart strategy retries) rather than decide on a partial read.
    const int64_t limitMs = std::max<int64_t>(60000, c.metadataTimeoutMs);
    auto start = Clock::now();
    int64_t reached = 0;
    while (reached < high) {
        if (msSince(start) > limitMs)
            throw ConnectorError(
                fmt::format(
                    "Cannot read the progress of transactional.id '{}' from '{}' (table '{}'): reading "
                    "with isolation.level=read_committed stopped at offset {} of {} for {} ms (an open "
                    "transaction of another producer holds the topic's last stable offset; it ends when "
                    "that producer commits or aborts, or after its transaction.timeout.ms)",
                    id, kProgressTopic, c.tableName, reached, high, limitMs),
                true);
        rd_kafka_message_t* m = rd_kafka_consumer_poll(reader.get(), 200);
        if (!m) continue;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            reached = std::max<int64_t>(reached, m->offset);
        } else if (m->err) {
            std::string msg = rd_kafka_message_errstr(m);
            rd_kafka_message_destroy(m);
            throw ConnectorError(fmt::format("Cannot read the progress topic '{}': {}", kProgressTopic, msg),
                                 true);
        } else {
            reached = std::max<int64_t>(reached, m->offset + 1);
            if (m->key && m->key_len == id.size() &&
                std::equal(id.begin(), id.end(), static_cast<const char*>(m->key))) {
                if (!m->payload) {
                    progress = {};  // a tombstone: forgotten
                } else {
                    std::string v(static_cast<const char*>(m->payload), m->len);
                    progress.found = true;
                    progress.checkpointId = std::strtoll(field(v, "checkpoint").c_str(), nullptr, 10);
                    progress.final = field(v, "final") == "true";
                    progress.lineage = field(v, "lineage");
                }
            }
        }
        rd_kafka_message_destroy(m);
    }
    return progress;
}

}  // namespace sluice::connectors::kafka
