#pragma once

#include <cstdint>
#include <string>

namespace sluice::connectors::kafka {

/// 'sink.partitioner': which Kafka partition a sink subtask writes a message to.
class KafkaPartitioner {
public:
    enum class Mode {
        /// Kafka's default: murmur2 of the key (librdkafka's murmur2_random, byte-compatible with the Java
        /// client), sticky for null keys. The partition is left to librdkafka (RD_KAFKA_PARTITION_UA).
        Default,
        /// FlinkFixedPartitioner: subtask i writes every message to partition i % numPartitions.
        Fixed,
        /// One partition after the other (only without keys).
        RoundRobin,
    };

    /// "default" | "fixed" | "round-robin" (case-insensitive); throws ValidationError otherwise.
    static Mode parse(const std::string& text);

    KafkaPartitioner(Mode mode, int subtask) : mode_(mode), subtask_(subtask), next_(subtask) {}

    Mode mode() const { return mode_; }
    /// Whether partition() must know the topic's partition count.
    bool needsPartitionCount() const { return mode_ != Mode::Default; }
    void setPartitionCount(int32_t n) { numPartitions_ = n; }
    int32_t partitionCount() const { return numPartitions_; }

    /// The partition for the next message, or -1 (RD_KAFKA_PARTITION_UA) to let librdkafka choose.
    int32_t partition() {
        switch (mode_) {
            case Mode::Default:
                return -1;
            case Mode::Fixed:
                return subtask_ % numPartitions_;
            case Mode::RoundRobin: {
                int32_t p = next_ % numPartitions_;
                next_ = p + 1;
                return p;
            }
        }
        return -1;
    }

private:
    Mode mode_;
    int subtask_;
    int32_t next_;  // round-robin: subtasks start at different partitions so they spread from the start
    int32_t numPartitions_ = 1;
};

}  // namespace sluice::connectors::kafka
