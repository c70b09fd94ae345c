#pragma once

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "runtime/sink.h"

namespace sluice::connectors::kafka {

struct KafkaSinkConfig;

/// Failures reported by librdkafka's callbacks, which run inside rd_kafka_poll/flush on whichever
/// thread called it; a producer shared by several subtasks shares these too.
struct KafkaProducerErrors {
    std::atomic<bool> failed{false};  // the fast path of throwIfFailed: no lock per batch
    std::mutex mutex;
    std::string failure;
    std::string lastClientError;
    int64_t failedMessages = 0;

    static void onDelivery(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);
    static void onError(rd_kafka_t* rk, int err, const char* reason, void* opaque);
    /// "" or the first failure, with the count of failed messages.
    std::string message();
    std::string clientError();
};

/// A new producer for `config` with the sink's defaults (and `transactionalId` when not empty); the
/// callbacks report into `errors`. `queueMaxMessages` receives queue.buffering.max.messages as
/// configured. Throws ConnectorError.
rd_kafka_t* newKafkaSinkProducer(const KafkaSinkConfig& config, const std::string& clientId,
                                 const std::string& transactionalId, KafkaProducerErrors& errors,
                                 size_t& queueMaxMessages);

/// Creates the exactly-once progress topic if it does not exist yet (through `rk`'s brokers).
void createKafkaProgressTopic(rd_kafka_t* rk, const KafkaSinkConfig& config);

/// The one Kafka transaction of an exactly-once sink table in one run of a job, shared by all its
/// subtasks (kafka_sink.cpp, "Exactly-once"): one producer with transactional.id =
/// 'sink.transactional-id-prefix', one transaction per epoch, so that an epoch of the whole table is
/// committed atomically, with its progress record, or not at all. rd_kafka_produce is thread-safe: the
/// subtasks send into the producer concurrently; begin and commit go through this object.
class KafkaSharedTransaction {
public:
    /// `parallelism`: the subtasks that take part in every epoch until they finish. `committedId`: the
    /// checkpoint the run resumes from (what the final record names if nothing newer gets committed).
    KafkaSharedTransaction(std::shared_ptr<const KafkaSinkConfig> config, int parallelism,
                           std::string lineage, int64_t committedId);
    ~KafkaSharedTransaction();
    KafkaSharedTransaction(const KafkaSharedTransaction&) = delete;
    KafkaSharedTransaction& operator=(const KafkaSharedTransaction&) = delete;

    /// The first caller creates the producer and runs init_transactions, which fences a previous
    /// producer with this transactional.id and aborts its unfinished epoch. Thread-safe.
    rd_kafka_t* open();
    KafkaProducerErrors& errors() { return errors_; }
    size_t queueMaxMessages() const { return queueMaxMessages_; }
    /// Begins the epoch's transaction if none is open (before the first message of an epoch).
    void ensureTransaction();
    /// Subtask side of barrier `checkpointId` (its checkpoint is durable as pending): waits until every
    /// subtask still running reached it; the last to arrive commits the epoch with the progress record
    /// {"checkpoint": id}; every caller returns once it is committed, or throws the commit's failure.
    void commitAtBarrier(int64_t checkpointId, const std::function<bool()>& stopping);
    /// A subtask reached its end of input (everything it wrote is in the open transaction). The last
    /// one commits the epoch with {"final": true}; the others stop counting in later barriers.
    void finishSubtask();

    /// Recovery: settles this transactional.id (init_transactions: completes a commit the broker had
    /// already decided, aborts an open epoch), then reads the newest progress record of the id with
    /// isolation.level=read_committed. Throws ConnectorError.
    static runtime::SinkProgress recoverProgress(const KafkaSinkConfig& config);

private:
    /// Produces the progress record and commits (callers hold mutex_). Throws ConnectorError.
    void commitLocked(int64_t checkpointId, bool final);

    std::shared_ptr<const KafkaSinkConfig> config_;
    const std::string lineage_;
    KafkaProducerErrors errors_;
    size_t queueMaxMessages_ = 100000;

    std::mutex mutex_;
    std::condition_variable cv_;
    rd_kafka_t* producer_ = nullptr;
    std::string openError_;  // open() failed: later callers fail the same way
    bool inTransaction_ = false;
    int live_;               // subtasks that have not finished
    int64_t barrierId_ = 0;  // the barrier being gathered
    int arrived_ = 0;        // subtasks waiting at barrierId_
    bool committing_ = false;
    int64_t committedId_ = 0;  // the newest epoch committed
    int64_t failedId_ = 0;     // the barrier whose commit failed
    std::string commitError_;
};

}  // namespace sluice::connectors::kafka
