#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "connectors/formats/format.h"
#include "connectors/kafka/kafka_partitioner.h"
#include "connectors/kafka/kafka_properties.h"
#include "connectors/kafka/kafka_shared_transaction.h"
#include "planner/connector_factory.h"
#include "runtime/sink.h"

namespace sluice::connectors::kafka {

/// 'sink.delivery-guarantee'.
enum class DeliveryGuarantee { None, AtLeastOnce, ExactlyOnce };

/// Where exactly-once sinks record, inside each epoch's transaction, the checkpoint that closed it. A
/// compacted topic keyed by transactional.id ('sink.transactional-id-prefix'); recovery reads it with
/// isolation.level=read_committed (see kafka_sink.cpp, "Exactly-once").
inline constexpr const char* kProgressTopic = "__sluice_sink_progress";

/// Everything a Kafka sink subtask needs, parsed once from the table's options (shared by subtasks).
struct KafkaSinkConfig {
    std::string tableName;
    std::string topic;
    std::string bootstrapServers;
    /// librdkafka settings from 'properties.*' (translated), applied over the sink's defaults.
    KafkaClientProperties client;
    /// How long open() waits for the topic's metadata before failing ('properties.default.api.timeout.ms').
    int metadataTimeoutMs = 30000;

    planner::TableOptions options;  // for the formats' own options
    const FormatFactory* valueFormat = nullptr;
    std::string valuePrefix;  // "" for 'format', "value." for 'value.format'
    const FormatFactory* keyFormat = nullptr;
    Schema keySchema;               // key columns, names without key.fields-prefix
    Schema valueSchema;             // all physical columns, or those outside the key (EXCEPT_KEY)
    std::vector<int> keyColumns;    // indices into the written batch
    std::vector<int> valueColumns;  // indices into the written batch
    /// Columns of the written batch holding the 'timestamp' / 'headers' metadata, or -1.
    int timestampColumn = -1;
    int headersColumn = -1;

    bool upsert = false;
    KafkaPartitioner::Mode partitioner = KafkaPartitioner::Mode::Default;
    DeliveryGuarantee guarantee = DeliveryGuarantee::AtLeastOnce;
    std::string transactionalIdPrefix;
    int parallelism = 0;  // 'sink.parallelism', 0 = the input's
    /// upsert-kafka's 'sink.buffer-flush.*': both > 0 to buffer (keeping the last row per key).
    int64_t bufferMaxRows = 0;
    int64_t bufferIntervalMs = 0;

    /// Parses and checks the table's options (the factory has already rejected unknown keys).
    static std::shared_ptr<const KafkaSinkConfig> fromTable(const planner::ConnectorTable& table,
                                                            bool upsert);
};

/// One parallel instance of a Kafka sink: encodes each row of a batch into reused buffers and hands the
/// message to librdkafka, which batches and sends asynchronously; delivery reports are served by
/// rd_kafka_poll on the task thread and failures are thrown from the next write/prepareCheckpoint/finish.
class KafkaSink : public runtime::Sink {
public:
    /// Exactly-once: `shared` is the table's transaction in this run (null: one of its own, for a sink
    /// made outside a provider); `dropOutput`: the table's output was already delivered in full.
    KafkaSink(std::shared_ptr<const KafkaSinkConfig> config, int subtask, int parallelism,
              std::shared_ptr<KafkaSharedTransaction> shared = nullptr, bool dropOutput = false);
    ~KafkaSink() override;
    void open(runtime::SinkContext& ctx) override;
    void write(const RecordBatch& batch) override;
    void prepareCheckpoint(int64_t checkpointId) override;
    bool commitsAtBarrier() const override { return shared_ != nullptr; }
    void commitCheckpoint(int64_t checkpointId) override;
    void finish() override;
    void close() override;

private:
    struct Buffered {
        std::string key;
        std::string value;
        bool tombstone = false;
        int64_t timestampMs = 0;
        std::vector<std::pair<std::string, std::string>> headers;
    };

    void fetchPartitionCount();
    /// Hands one message to librdkafka, waiting (and serving delivery reports) while its queue is full.
    void produce(const char* key, size_t keyLen, const char* value, size_t valueLen, bool nullValue,
                 int64_t timestampMs, const Vector* headersColumn, size_t row,
                 const std::vector<std::pair<std::string, std::string>>* headers,
                 std::optional<int32_t> partition = std::nullopt);
    /// The common case (no per-row timestamp or headers, no upsert buffer): encodes the whole batch into
    /// one arena and hands it to librdkafka with one rd_kafka_produce_batch call, which takes the clock and
    /// the partition queue's lock once per batch instead of once per message.
    void produceBatch(const RecordBatch& batch, const RecordBatch* keyRows, const RecordBatch& valueRows);
    /// Hands librdkafka a run of messages for one partition (or UA: librdkafka's partitioner).
    void sendRun(rd_kafka_message_t* messages, size_t n);
    /// Waits (serving delivery reports) until librdkafka's queue has room for `messages` more, so that a
    /// batch is never partly refused and messages keep their order.
    void waitForRoom(size_t messages);
    /// Waits until every message sent so far is acknowledged (or failed).
    void flushAll(const char* why);
    void flushBuffer();
    void throwIfFailed();
    const RecordBatch& project(const RecordBatch& batch, const std::vector<int>& columns, RecordBatch& out,
                               bool identityPrefix);

    std::shared_ptr<const KafkaSinkConfig> config_;
    int subtask_;
    int parallelism_;
    runtime::SinkContext ctx_;
    std::shared_ptr<KafkaSharedTransaction> shared_;  // exactly-once
    bool dropOutput_ = false;
    rd_kafka_t* producer_ = nullptr;  // our own, or shared_'s
    rd_kafka_topic_t* topic_ = nullptr;
    KafkaPartitioner partitioner_;
    std::unique_ptr<RowEncoder> keyEncoder_;
    std::unique_ptr<RowEncoder> valueEncoder_;
    bool keyIsPrefix_ = false;    // key columns are the batch's first columns: no projection needed
    bool valueIsPrefix_ = false;  // the same for the value columns
    RecordBatch keyBatch_;        // reused projections
    RecordBatch valueBatch_;
    std::string keyBuf_;
    std::string valueBuf_;
    // produceBatch's reused buffers: encoded records back to back, their end offsets, the messages.
    std::string keyArena_;
    std::string valueArena_;
    std::vector<size_t> keyEnds_;
    std::vector<size_t> valueEnds_;
    std::vector<rd_kafka_message_t> messages_;
    std::vector<rd_kafka_message_t> grouped_;  // messages_ grouped by partition
    std::vector<size_t> runCounts_;
    std::vector<size_t> runNext_;
    size_t queueMaxMessages_ = 100000;  // queue.buffering.max.messages as configured
    bool userPartitioner_ = false;      // 'properties.partitioner' set: librdkafka partitions every message
    int32_t stickyPartition_ = 0;       // null keys, default partitioner: this batch's partition
    // The partition count is re-read as often as the Java producer refreshes metadata (metadata.max.age.ms).
    static constexpr int64_t kPartitionCountRefreshMs = 300000;
    std::chrono::steady_clock::time_point partitionCountFetched_;

    // Set by callbacks (inside rd_kafka_poll/flush) and thrown by the task: ownErrors_ for our own
    // producer, the shared transaction's for exactly-once.
    KafkaProducerErrors ownErrors_;
    KafkaProducerErrors* errors_ = &ownErrors_;

    // upsert-kafka buffering: the last row per encoded key, in first-seen order.
    std::unordered_map<std::string, size_t> bufferIndex_;
    std::vector<Buffered> buffer_;
    std::chrono::steady_clock::time_point lastFlush_;
};

/// A Kafka table sink ('kafka' or 'upsert-kafka').
class KafkaSinkProvider : public runtime::SinkProvider {
public:
    explicit KafkaSinkProvider(std::shared_ptr<const KafkaSinkConfig> config) : config_(std::move(config)) {}
    bool acceptsUpdates() const override { return config_->upsert; }
    int parallelism() const override { return config_->parallelism; }
    /// Exactly-once: creates the run's shared transaction with subtask 0 (buildTasks creates subtasks in
    /// order, after the previous run's sinks are gone).
    std::unique_ptr<runtime::Sink> createSink(int subtask, int parallelism) override;
    std::string describe() const override;
    const KafkaSinkConfig& config() const { return *config_; }
    bool commitsAtBarrier() const override { return config_->guarantee == DeliveryGuarantee::ExactlyOnce; }
    runtime::SinkProgress recoverProgress() override;
    void prepareRun(int64_t restoredId, const std::string& lineage, bool deliveredEverything) override;

private:
    std::shared_ptr<const KafkaSinkConfig> config_;
    std::weak_ptr<KafkaSharedTransaction> shared_;
    int64_t restoredId_ = 0;
    std::string lineage_;
    bool deliveredEverything_ = false;
};

}  // namespace sluice::connectors::kafka
