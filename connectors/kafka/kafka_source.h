#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "connectors/kafka/kafka_properties.h"
#include "connectors/kafka/kafka_source_config.h"
#include "runtime/source.h"

namespace sluice::connectors::kafka {

/// Flink's KafkaSourceEnumerator.getSplitOwner: the subtask that reads `partition` of `topic`.
/// Partitions of one topic go round-robin over the subtasks from a start index derived from the
/// topic name's Java hashCode, so several topics spread evenly.
int splitOwner(const std::string& topic, int32_t partition, int parallelism);

/// One parallel instance of a Kafka scan: a librdkafka consumer with an explicit assignment of the
/// partitions this subtask owns (the consumer group only receives offset commits), decoding each
/// message's bytes straight into the batch's column vectors.
class KafkaSource : public runtime::Source {
public:
    KafkaSource(std::shared_ptr<const KafkaScanConfig> config, int subtask, int parallelism);
    ~KafkaSource() override;

    void open(runtime::SourceContext& ctx) override;
    bool poll(runtime::Collector& out) override;
    void close() override;

    /// "topic\tpartition\tnext-offset" lines, one per assigned partition.
    std::string snapshotState(int64_t checkpointId) override;
    void restoreState(const std::string& state) override;
    void notifyCheckpointComplete(int64_t checkpointId) override;

    /// Rows dropped under '<format>.ignore-parse-errors' so far.
    int64_t skippedRecords() const { return skipped_; }

private:
    struct Partition {
        std::string topic;
        int32_t partition = 0;
        int64_t next = RD_KAFKA_OFFSET_BEGINNING;  // the next offset to emit (or a logical offset)
        int64_t stop = INT64_MAX;                  // bounded: the first offset not to read
        bool done = false;
        std::string origin;  // "topic 'rides', partition 0"
    };

    void createConsumer();
    RdKafkaMetadata fetchMetadata(const char* what);
    /// The owned (topic, partition) pairs the metadata lists; throws for a missing topic.
    std::vector<std::pair<std::string, int32_t>> ownedPartitions(const rd_kafka_metadata_t& md, bool atStart);
    void resolveStartOffsets(std::vector<Partition>& parts);
    void resolveStopOffsets(std::vector<Partition>& parts);
    /// offsets_for_times over `parts` with one timestamp each (-1 latest, -2 earliest).
    std::vector<int64_t> offsetsForTimes(const std::vector<Partition>& parts,
                                         const std::vector<int64_t>& times);
    std::vector<int64_t> committedOffsets(const std::vector<Partition>& parts);
    [[noreturn]] void failNoCommittedOffset(const std::vector<Partition>& parts,
                                            const std::vector<int64_t>& committed);
    void assign();
    void discoverPartitions();
    void markDone(Partition& p);
    void wakeStalledFetcher();

    // batch building
    void resetColumns();
    void flush(runtime::Collector& out);
    void handleMessage(const rd_kafka_message_t& m, Partition& p, runtime::Collector& out);
    void appendMetadata(const rd_kafka_message_t& m, const Partition& p, size_t rows);
    void logSkipped(const Partition& p, int64_t offset, std::string_view payload);
    std::string connectorContext() const;

    std::shared_ptr<const KafkaScanConfig> config_;
    int subtask_;
    int parallelism_;
    bool opened_ = false;
    const std::atomic<bool>* stopRequested_ = nullptr;

    RdKafkaHandle rk_;
    std::vector<Partition> parts_;
    std::map<std::pair<std::string, int32_t>, int64_t> restored_;
    std::map<int64_t, std::vector<std::tuple<std::string, int32_t, int64_t>>> pendingCommits_;
    std::chrono::steady_clock::time_point nextDiscovery_;

    std::unique_ptr<RowDecoder> valueDecoder_;
    std::unique_ptr<RowDecoder> keyDecoder_;
    std::vector<rd_kafka_message_t*> messages_;
    std::vector<Vector> valueCols_, keyCols_, keyScratch_, metaCols_;
    std::vector<RowKind> rowKinds_;
    std::shared_ptr<RowOrigins> origins_;
    const Partition* batchPartition_ = nullptr;
    size_t batchRows_ = 0;
    std::string originText_;  // reused: "topic 'rides', partition 0, offset 42"

    int64_t skipped_ = 0;
    int64_t skippedSinceLog_ = 0;
    std::chrono::steady_clock::time_point lastSkipLog_{};

    // written by librdkafka's error callback (its own thread), read by poll()
    std::mutex errorMutex_;
    std::string lastError_;
    std::optional<std::chrono::steady_clock::time_point> brokersDownSince_;  // logged outage, if any

    friend void kafkaSourceErrorCallback(rd_kafka_t*, int, const char*, void*);
};

/// The scan's provider: one KafkaSource per subtask.
class KafkaSourceProvider : public runtime::SourceProvider {
public:
    explicit KafkaSourceProvider(std::shared_ptr<const KafkaScanConfig> config)
        : config_(std::move(config)) {}
    const Schema& outputSchema() const override { return config_->outputSchema; }
    bool isBounded() const override { return config_->boundedMode != BoundedMode::Unbounded; }
    int parallelism() const override { return config_->parallelism; }
    std::unique_ptr<runtime::Source> createSource(int subtask, int parallelism) override;
    std::string describe() const override;

private:
    std::shared_ptr<const KafkaScanConfig> config_;
};

}  // namespace sluice::connectors::kafka
