#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "common/record_batch.h"
#include "common/time_util.h"

namespace sluice::runtime {

struct SinkContext {
    int subtask = 0;
    int parallelism = 1;
    TimeZone zone = TimeZone::utc();
    /// Set when the job is stopping; a sink blocked on something outside the job should check it.
    const std::atomic<bool>* stopRequested = nullptr;
    bool stopping() const { return stopRequested && stopRequested->load(std::memory_order_relaxed); }
    /// The job takes checkpoints: a transactional sink commits per checkpoint (prepare at the barrier,
    /// commit on completion) instead of at each flush.
    bool checkpointing = false;
    /// The job's identity across runs (its checkpoint folder's name), for names a sink keeps outside
    /// the process, such as prepared transactions.
    std::string jobKey;
};

/// One parallel instance of a table sink, driven by its task's thread.
class Sink {
public:
    virtual ~Sink() = default;
    virtual void open(SinkContext& ctx) {}
    /// Rows in the sink table's physical column order; row kinds in batch.rowKinds.
    virtual void write(const RecordBatch& batch) = 0;
    /// The watermark reached this sink (after every row before it was written), for sinks whose
    /// commits follow event time (the filesystem sink's partition-time commit trigger).
    virtual void onWatermark(int64_t timestamp) {}
    /// Checkpoint barrier `id` reached this sink: make everything written so far durable-to-be
    /// (flush, pre-commit). Visibility follows in notifyCheckpointComplete.
    virtual void prepareCheckpoint(int64_t checkpointId) {}
    /// Checkpoint `checkpointId` (and every earlier one this sink prepared) is complete everywhere and
    /// durable: commit what prepareCheckpoint prepared.
    virtual void notifyCheckpointComplete(int64_t checkpointId) {}
    /// State to keep in checkpoint `checkpointId`, taken right after prepareCheckpoint.
    virtual std::string snapshotState(int64_t checkpointId) { return {}; }
    /// Called before open() when the job resumes from completed checkpoint `checkpointId`, with the
    /// state this subtask stored in it ("" if none): settle what that checkpoint prepared (commit it)
    /// and what later, never completed ones left behind (roll it back).
    virtual void restoreState(const std::string& state, int64_t checkpointId) {}
    /// End of all input: flush and finalize everything.
    virtual void finish() {}

    /// Sinks that cannot keep a transaction open across a crash (Kafka: librdkafka 2.0's
    /// init_transactions aborts it) commit each epoch at the barrier instead of on completion: two-stage
    /// checkpoints (DESIGN.md, "Checkpoints and exactly-once"). Their task, after acknowledging barrier
    /// n, waits until n's metadata is durable as pending, calls commitCheckpoint(n), and only then
    /// processes rows again, so that no row of epoch n+1 enters epoch n's transaction.
    virtual bool commitsAtBarrier() const { return false; }
    /// Checkpoint `checkpointId` is durable as pending: commit its epoch, with a progress record that
    /// recovery reads back (SinkProvider::recoverProgress). Not called when the checkpoint failed before
    /// that point: the epoch then stays open and its rows go into the next one.
    virtual void commitCheckpoint(int64_t checkpointId) {}
    virtual void close() {}
};

/// What a barrier-committing sink last committed, as its own durable progress record says.
struct SinkProgress {
    bool found = false;  // false: no record (never committed)
    int64_t checkpointId = 0;
    /// Committed at its end of input: everything the sink was to write in that lineage is delivered.
    bool final = false;
    std::string lineage;  // CompletedCheckpoint::lineage of the run that committed it
};

/// A table sink in a job: creates one Sink per parallel subtask.
class SinkProvider {
public:
    virtual ~SinkProvider() = default;
    /// Whether the sink consumes -U/+U/-D rows (upsert or retract sinks); append-only sinks refuse them.
    virtual bool acceptsUpdates() const { return false; }
    /// 'sink.parallelism' when set, else 0.
    virtual int parallelism() const { return 0; }
    virtual std::unique_ptr<Sink> createSink(int subtask, int parallelism) = 0;
    /// Whether its sinks commit at the barrier (Sink::commitsAtBarrier).
    virtual bool commitsAtBarrier() const { return false; }
    /// Recovery, for barrier-committing sinks, before any Sink is created: settle what a previous
    /// process left unfinished (Kafka: abort or complete its open transaction) and return the progress
    /// record the sink last committed. Throws on failure (the job cannot decide without it).
    virtual SinkProgress recoverProgress() { return {}; }
    /// Before the Sinks of a run are created: the job resumes from checkpoint `restoredId` (0: from
    /// scratch) of `lineage`; `deliveredEverything`: this sink's progress says it already committed all
    /// its output in this lineage, so its subtasks must drop what the replay sends them.
    virtual void prepareRun(int64_t restoredId, const std::string& lineage, bool deliveredEverything) {}
    virtual std::string describe() const = 0;
};

}  // namespace sluice::runtime
