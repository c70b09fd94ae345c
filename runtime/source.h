#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "common/record_batch.h"
#include "common/time_util.h"
#include "runtime/collector.h"

namespace sluice::runtime {

struct SourceContext {
    int subtask = 0;
    int parallelism = 1;
    /// The session time zone ('table.local-time-zone').
    TimeZone zone = TimeZone::utc();
    /// Set when the job is stopping; long waits inside poll() should check it.
    const std::atomic<bool>* stopRequested = nullptr;
    bool stopping() const { return stopRequested && stopRequested->load(std::memory_order_relaxed); }
    /// When > 0, the most rows one poll() should emit. `sluice test --resume` sets it to 1 so that a
    /// fixture's job can be stopped after its first checkpoint with input still unread.
    int64_t maxRowsPerPoll = 0;
};

/// One parallel instance of a table scan, driven by its task's thread.
class Source {
public:
    virtual ~Source() = default;
    virtual void open(SourceContext& ctx) {}
    /// Emits zero or more batches whose columns follow the provider's outputSchema(). Returns false
    /// once the source is exhausted (bounded sources); it is not called again after that. An
    /// unbounded source must return within ~100 ms even without data, so that the task can react
    /// to stop requests and checkpoint barriers.
    virtual bool poll(Collector& out) = 0;
    virtual void close() {}

    // Checkpoints (runtime/checkpoint_coordinator.h): all on the task's thread.
    /// The split state to store for checkpoint `checkpointId` (e.g. each Kafka partition's next
    /// offset), called on the task's thread just before the barrier is emitted.
    virtual std::string snapshotState(int64_t checkpointId) { return {}; }
    /// Called before open() when the job resumes from a checkpoint holding `state`.
    virtual void restoreState(const std::string& state) {}
    /// Checkpoint `checkpointId` is complete everywhere (e.g. commit Kafka offsets to the group).
    virtual void notifyCheckpointComplete(int64_t checkpointId) {}
};

/// A table scan in a job: knows its schema and creates one Source per parallel subtask.
class SourceProvider {
public:
    virtual ~SourceProvider() = default;
    /// Columns of the batches its sources emit (after projection pushdown).
    virtual const Schema& outputSchema() const = 0;
    virtual bool isBounded() const = 0;
    /// The highest useful parallelism (e.g. a single file); 0 when any is fine.
    virtual int maxParallelism() const { return 0; }
    /// The parallelism the table asks for ('scan.parallelism'); 0 to use the job's default.
    virtual int parallelism() const { return 0; }
    virtual std::unique_ptr<Source> createSource(int subtask, int parallelism) = 0;
    /// One line for EXPLAIN, e.g. "datagen(rows-per-second=10, fields=[id, name])".
    virtual std::string describe() const = 0;
};

}  // namespace sluice::runtime
