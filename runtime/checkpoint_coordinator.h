#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "runtime/checkpoint_settings.h"
#include "runtime/checkpoint_storage.h"

namespace sluice::runtime {

/// What SHOW JOBS and the logs report about a job's checkpoints.
struct CheckpointStats {
    int64_t completed = 0;
    int64_t failed = 0;
    int64_t lastCompletedId = 0;
    std::string lastPath;
    int64_t lastDurationMs = 0;  // trigger to durable metadata
    int64_t lastSizeBytes = 0;   // state bytes in the last one
    /// The longest time one task spent on the last checkpoint (barrier alignment plus snapshot): how
    /// long it held up that task's data.
    int64_t lastMaxPauseMicros = 0;
    int64_t restoredId = 0;  // 0: the job started without state
    std::string restoredPath;
};

/// Drives a job's checkpoints (DESIGN.md "Checkpoints and exactly-once"): every interval it asks the
/// source tasks to snapshot and inject Barrier(n); tasks acknowledge with their state once the barrier
/// has passed them (aligned over all inputs); when every task has acknowledged, the checkpoint's
/// metadata is written atomically on this coordinator's thread (off the processing threads), and only
/// then are tasks told that checkpoint n is complete (sinks commit, Kafka offsets go to the group).
/// One checkpoint at a time. Tasks poll triggeredId()/completedId() between batches.
///
/// Two stages when the job has sinks that commit at the barrier (Sink::commitsAtBarrier, Kafka
/// exactly-once): once every task acknowledged n, n's metadata is written durably as *pending*; the
/// tasks of those sinks, blocked in their checkpoint since acknowledging, then commit their epoch and
/// report it (committed()); when every live one did, the metadata is promoted to complete (one rename)
/// and tasks are notified as above. A crash in between leaves a pending checkpoint that recovery
/// promotes or discards by asking the sinks what they committed (Job, "recovery"). Why not commit after
/// completion as Flink does: librdkafka 2.0 cannot resume a transaction after a restart, so a crash
/// between completion and commit would lose the epoch; committing before the metadata exists at all
/// would duplicate it (the restored, older checkpoint replays it). With the pending stage in between,
/// every crash point leaves enough on disk and in the sinks' progress records to decide. Jobs without
/// such sinks keep the single write.
class CheckpointCoordinator {
public:
    struct Callbacks {
        /// Fails the job with "<kind>: <message>".
        std::function<void(std::string)> failJob;
        /// One line for the user (stderr in `sluice run`).
        std::function<void(const std::string&)> log;
    };

    CheckpointCoordinator(CheckpointSettings settings, std::unique_ptr<CheckpointStorage> storage,
                          std::string jobKey, std::string fingerprint, size_t numTasks, Callbacks callbacks);
    ~CheckpointCoordinator();
    CheckpointCoordinator(const CheckpointCoordinator&) = delete;
    CheckpointCoordinator& operator=(const CheckpointCoordinator&) = delete;

    void start();
    /// Stops the timer thread; pending checkpoints are dropped.
    void shutdown();

    // --- the tasks' side (any thread) ---
    /// The newest checkpoint sources should take (0: none yet).
    int64_t triggeredId() const { return triggered_.load(std::memory_order_acquire); }
    /// The newest complete (durable) checkpoint.
    int64_t completedId() const { return completed_.load(std::memory_order_acquire); }
    /// Task `task` has passed barrier `id` and stored `states` (slot key -> bytes) for it.
    void acknowledge(size_t task, int64_t id, std::map<std::string, std::string> states, int64_t pauseMicros);
    /// Task `task` could not take part in checkpoint `id`.
    void decline(size_t task, int64_t id, const std::string& reason);
    /// Task `task` has ended normally; its last states stand for it in later checkpoints.
    void taskFinished(size_t task, std::map<std::string, std::string> finalStates);
    /// Task `task` has run notifyCheckpointComplete(id).
    void notified(size_t task, int64_t id);
    /// Two-stage: blocks until checkpoint `id` (acknowledged by the caller) is durable as pending (true),
    /// or has failed or `stopping()` says the job stops (false: do not commit).
    bool awaitPendingDurable(int64_t id, const std::function<bool()>& stopping);
    /// Two-stage: task `task`'s sink has committed checkpoint `id`; `pauseMicros` is the task's whole
    /// pause for it, commit included.
    void committed(size_t task, int64_t id, int64_t pauseMicros);

    /// The checkpoint under way (0: none).
    int64_t pendingId() const;
    /// Starts a checkpoint as soon as none is under way, whatever the interval says: a sink task whose
    /// input ended waits for one to make its last rows visible (Task::awaitFinalCheckpoint).
    void requestCheckpoint();

    // --- control ---
    /// Takes a savepoint now and waits until it is durable and every running task has been told it is
    /// complete (so sinks committed it). Returns its directory; throws ExecutionError on failure.
    std::string takeSavepoint(std::chrono::milliseconds timeout);
    /// The checkpoint the job resumed from, for stats and logs.
    void setRestored(int64_t id, const std::string& path);
    /// The first checkpoint id to use (one past the restored one, so ids keep growing across restarts).
    void setNextId(int64_t next);
    /// Tasks whose sink commits at the barrier (indexed like tasks). Any: checkpoints take two stages.
    /// Before start().
    void setBarrierCommitters(std::vector<bool> committers);
    /// Written into every checkpoint (CompletedCheckpoint::lineage). Before start().
    void setLineage(std::string lineage) { lineage_ = std::move(lineage); }

    CheckpointStats stats() const;
    const CheckpointSettings& settings() const { return settings_; }
    CheckpointStorage& storage() { return *storage_; }

private:
    struct Pending {
        int64_t id = 0;
        bool savepoint = false;
        std::chrono::steady_clock::time_point started;
        std::vector<bool> acked;
        size_t remaining = 0;
        std::map<std::string, std::string> states;
        int64_t maxPauseMicros = 0;
        int64_t bytes = 0;
        // Two-stage: the metadata is durable as pending; barrier-committing tasks still to report.
        bool durable = false;
        std::chrono::steady_clock::time_point durableAt;
        std::vector<bool> committed;
        size_t commitsRemaining = 0;
        CompletedCheckpoint checkpoint;  // as written pending, for the savepoint copy at promotion
    };

    void run();
    /// Starts checkpoint `nextId_` (callers hold mutex_).
    void triggerLocked(bool savepoint);
    /// Writes the pending checkpoint once every task acknowledged (callers hold `lock`).
    void completeLocked(std::unique_lock<std::mutex>& lock);
    /// Two-stage: every barrier-committing task committed: the pending metadata becomes complete.
    void promoteLocked(std::unique_lock<std::mutex>& lock);
    /// Stats, log and notification of a complete checkpoint (callers hold mutex_).
    void completedLocked(const std::string& path);
    void failPendingLocked(const std::string& reason);

    const CheckpointSettings settings_;
    std::unique_ptr<CheckpointStorage> storage_;
    const std::string jobKey_;
    const std::string fingerprint_;
    const size_t numTasks_;
    Callbacks callbacks_;

    std::atomic<int64_t> triggered_{0};
    std::atomic<int64_t> completed_{0};

    mutable std::mutex mutex_;
    std::condition_variable cv_;  // wakes run() and takeSavepoint()
    std::thread thread_;
    bool stopping_ = false;
    int64_t nextId_ = 1;
    std::optional<Pending> pending_;
    std::vector<bool> finished_;
    std::vector<std::map<std::string, std::string>> finalStates_;
    std::vector<int64_t> notifiedId_;
    std::vector<bool> committers_;  // tasks with a barrier-committing sink
    bool twoStage_ = false;
    int64_t durableId_ = 0;  // the newest checkpoint durable as pending
    std::string lineage_;
    int consecutiveFailures_ = 0;
    std::chrono::steady_clock::time_point lastEnd_;
    bool savepointRequested_ = false;
    bool checkpointRequested_ = false;
    int64_t savepointId_ = 0;
    std::string savepointPath_;
    std::string savepointError_;
    CheckpointStats stats_;
};

}  // namespace sluice::runtime
