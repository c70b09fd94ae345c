#include "runtime/checkpoint_coordinator.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/error.h"
#include "common/failpoint.h"

namespace sluice::runtime {

namespace {

using Clock = std::chrono::steady_clock;

int64_t millisSince(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

int64_t epochMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

CheckpointCoordinator::CheckpointCoordinator(CheckpointSettings settings,
                                             std::unique_ptr<CheckpointStorage> storage, std::string jobKey,
                                             std::string fingerprint, size_t numTasks, Callbacks callbacks)
    : settings_(std::move(settings)),
      storage_(std::move(storage)),
      jobKey_(std::move(jobKey)),
      fingerprint_(std::move(fingerprint)),
      numTasks_(numTasks),
      callbacks_(std::move(callbacks)),
      finished_(numTasks, false),
      finalStates_(numTasks),
      notifiedId_(numTasks, 0),
      committers_(numTasks, false) {}

CheckpointCoordinator::~CheckpointCoordinator() {
    shutdown();
}

void CheckpointCoordinator::start() {
    std::lock_guard lock(mutex_);
    lastEnd_ = Clock::now();
    thread_ = std::thread([this] { run(); });
}

void CheckpointCoordinator::shutdown() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        if (savepointRequested_ || (pending_ && pending_->savepoint)) savepointError_ = "the job ended";
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void CheckpointCoordinator::setRestored(int64_t id, const std::string& path) {
    std::lock_guard lock(mutex_);
    stats_.restoredId = id;
    stats_.restoredPath = path;
    completed_.store(id, std::memory_order_release);
}

void CheckpointCoordinator::setNextId(int64_t next) {
    std::lock_guard lock(mutex_);
    nextId_ = std::max<int64_t>(1, next);
    // Tasks compare trigger ids with what they took last; restored jobs start above the old ids.
    triggered_.store(nextId_ - 1, std::memory_order_release);
}

void CheckpointCoordinator::setBarrierCommitters(std::vector<bool> committers) {
    std::lock_guard lock(mutex_);
    committers.resize(numTasks_, false);
    committers_ = std::move(committers);
    twoStage_ = std::find(committers_.begin(), committers_.end(), true) != committers_.end();
}

CheckpointStats CheckpointCoordinator::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void CheckpointCoordinator::run() {
    std::unique_lock lock(mutex_);
    Clock::time_point lastTrigger = Clock::now();
    while (!stopping_) {
        auto now = Clock::now();
        if (pending_ && pending_->remaining == 0 && !pending_->durable) {
            completeLocked(lock);
            continue;
        }
        if (pending_ && pending_->durable && pending_->commitsRemaining == 0) {
            promoteLocked(lock);
            continue;
        }
        if (pending_ && now - pending_->started >= std::chrono::milliseconds(settings_.timeoutMs)) {
            failPendingLocked("Checkpoint expired before completing.");
            continue;
        }
        Clock::time_point due = Clock::time_point::max();
        if (!pending_) {
            if (savepointRequested_) {
                savepointRequested_ = false;
                lastTrigger = now;
                triggerLocked(true);
                continue;
            }
            if (checkpointRequested_) {
                checkpointRequested_ = false;
                lastTrigger = now;
                triggerLocked(false);
                continue;
            }
            if (settings_.enabled()) {
                // Flink: the next one starts `interval` after the last start, and at least min-pause
                // after the last one ended.
                due = std::max(lastTrigger + std::chrono::milliseconds(settings_.intervalMs),
                               lastEnd_ + std::chrono::milliseconds(settings_.minPauseMs));
                if (now >= due) {
                    lastTrigger = now;
                    triggerLocked(false);
                    continue;
                }
            }
        } else {
            due = pending_->started + std::chrono::milliseconds(settings_.timeoutMs);
        }
        auto wake = std::min(due, now + std::chrono::seconds(1));
        cv_.wait_until(lock, wake);
    }
}

void CheckpointCoordinator::triggerLocked(bool savepoint) {
    bool allFinished = std::all_of(finished_.begin(), finished_.end(), [](bool f) { return f; });
    if (allFinished) {
        if (savepoint) {
            savepointError_ = "every task of the job has already finished";
            cv_.notify_all();
        }
        return;
    }
    Pending p;
    p.id = nextId_++;
    p.savepoint = savepoint;
    p.started = Clock::now();
    p.acked = finished_;
    for (size_t t = 0; t < numTasks_; ++t) {
        if (finished_[t]) {
            p.states.insert(finalStates_[t].begin(), finalStates_[t].end());
        } else {
            ++p.remaining;
        }
    }
    if (savepoint) savepointId_ = p.id;
    pending_ = std::move(p);
    triggered_.store(pending_->id, std::memory_order_release);
}

void CheckpointCoordinator::completeLocked(std::unique_lock<std::mutex>& lock) {
    // pending_ stays engaged (acknowledge/taskFinished see every task acked) until the write is done.
    Pending& p = *pending_;
    CompletedCheckpoint c;
    c.id = p.id;
    c.jobKey = jobKey_;
    c.fingerprint = fingerprint_;
    c.timestampMillis = epochMillis();
    c.savepoint = p.savepoint;
    c.lineage = lineage_;
    c.states = std::move(p.states);
    p.bytes = 0;
    for (const auto& [key, value] : c.states) p.bytes += static_cast<int64_t>(key.size() + value.size());
    bool twoStage = twoStage_;
    // Written without the lock: tasks keep acknowledging and being notified meanwhile. pending_ stays
    // set (with remaining 0), so no new checkpoint starts before this one is durable.
    lock.unlock();
    std::string path;
    std::string error;
    try {
        if (twoStage) {
            path = storage_->writePending(c);
        } else {
            // A savepoint is also written as a regular checkpoint, so that the next start of the job
            // resumes from it rather than from an older checkpoint whose later epochs the sinks already
            // committed.
            path = storage_->write(c);
            if (p.savepoint) path = storage_->writeSavepoint(c, settings_.savepointDir);
        }
    } catch (const std::exception& e) {
        error = e.what();
    }
    // Crash tests: durable (as pending: no sink has committed yet), sinks not told yet.
    failpoint(twoStage ? "checkpoint.after-pending" : "checkpoint.after-metadata");
    lock.lock();
    if (!error.empty()) {
        failPendingLocked("Failed to write the checkpoint: " + error);
        return;
    }
    if (!twoStage) {
        completedLocked(path);
        return;
    }
    p.durable = true;
    durableId_ = p.id;
    p.durableAt = Clock::now();
    p.checkpoint = std::move(c);
    p.committed.assign(numTasks_, false);
    p.commitsRemaining = 0;
    for (size_t t = 0; t < numTasks_; ++t)
        if (committers_[t] && !finished_[t]) ++p.commitsRemaining;
    cv_.notify_all();  // wakes the tasks waiting in awaitPendingDurable; run() promotes when all reported
}

void CheckpointCoordinator::promoteLocked(std::unique_lock<std::mutex>& lock) {
    Pending& p = *pending_;
    int64_t id = p.id;
    lock.unlock();
    std::string path;
    std::string error;
    try {
        path = storage_->promote(id);
        if (p.savepoint) path = storage_->writeSavepoint(p.checkpoint, settings_.savepointDir);
    } catch (const std::exception& e) {
        error = e.what();
    }
    failpoint("checkpoint.after-metadata");  // crash tests: complete, sources and jdbc sinks not told yet
    lock.lock();
    if (!error.empty()) {
        // The sinks committed: the pending metadata stays on disk, and recovery promotes it.
        failPendingLocked("Failed to complete the checkpoint: " + error);
        return;
    }
    completedLocked(path);
}

void CheckpointCoordinator::completedLocked(const std::string& path) {
    Pending& p = *pending_;
    lastEnd_ = Clock::now();
    consecutiveFailures_ = 0;
    ++stats_.completed;
    stats_.lastCompletedId = p.id;
    stats_.lastPath = path;
    stats_.lastDurationMs = millisSince(p.started);
    stats_.lastSizeBytes = p.bytes;
    stats_.lastMaxPauseMicros = p.maxPauseMicros;
    completed_.store(p.id, std::memory_order_release);
    if (p.savepoint) savepointPath_ = path;
    if (callbacks_.log) {
        // Two-stage: the pause includes the wait for the pending metadata and the sink's commit.
        std::string stages = p.durable ? fmt::format(", sinks committed {} ms after the pending metadata",
                                                     millisSince(p.durableAt))
                                       : "";
        callbacks_.log(
            fmt::format("{} {} complete: {} bytes of state, {} ms, longest task pause {:.1f} ms{} ({})",
                        p.savepoint ? "Savepoint" : "Checkpoint", p.id, p.bytes, stats_.lastDurationMs,
                        static_cast<double>(p.maxPauseMicros) / 1000.0, stages, path));
    }
    pending_.reset();
    cv_.notify_all();
}

void CheckpointCoordinator::failPendingLocked(const std::string& reason) {
    if (!pending_) return;
    int64_t id = pending_->id;
    bool savepoint = pending_->savepoint;
    pending_.reset();
    cv_.notify_all();  // tasks waiting in awaitPendingDurable learn at once that it failed
    lastEnd_ = Clock::now();
    ++stats_.failed;
    if (callbacks_.log)
        callbacks_.log(fmt::format("{} {} failed: {}", savepoint ? "Savepoint" : "Checkpoint", id, reason));
    if (savepoint) {
        savepointError_ = reason;
        cv_.notify_all();
        return;  // a failed savepoint fails the stop, not the job
    }
    if (++consecutiveFailures_ > settings_.tolerableFailures && callbacks_.failJob)
        callbacks_.failJob(fmt::format(
            "ExecutionException: Exceeded checkpoint tolerable failure threshold "
            "('execution.checkpointing.tolerable-failed-checkpoints' = {}). The latest checkpoint "
            "({}) failed due to {}",
            settings_.tolerableFailures, id, reason));
}

void CheckpointCoordinator::acknowledge(size_t task, int64_t id, std::map<std::string, std::string> states,
                                        int64_t pauseMicros) {
    std::lock_guard lock(mutex_);
    if (!pending_ || pending_->id != id || task >= numTasks_ || pending_->acked[task]) return;
    pending_->acked[task] = true;
    for (auto& [key, value] : states) pending_->states[key] = std::move(value);
    pending_->maxPauseMicros = std::max(pending_->maxPauseMicros, pauseMicros);
    if (--pending_->remaining == 0) cv_.notify_all();
}

void CheckpointCoordinator::decline(size_t task, int64_t id, const std::string& reason) {
    std::lock_guard lock(mutex_);
    if (!pending_ || pending_->id != id) return;
    failPendingLocked(reason);
}

void CheckpointCoordinator::taskFinished(size_t task, std::map<std::string, std::string> finalStates) {
    std::lock_guard lock(mutex_);
    if (task >= numTasks_ || finished_[task]) return;
    finished_[task] = true;
    finalStates_[task] = std::move(finalStates);
    if (pending_ && !pending_->acked[task]) {
        pending_->acked[task] = true;
        pending_->states.insert(finalStates_[task].begin(), finalStates_[task].end());
        if (--pending_->remaining == 0) cv_.notify_all();
    }
    // A finished sink has nothing more to commit for the pending checkpoint (its end of input did).
    if (pending_ && pending_->durable && committers_[task] && !pending_->committed[task]) {
        pending_->committed[task] = true;
        --pending_->commitsRemaining;
    }
    cv_.notify_all();  // a savepoint waiting for this task's notification need not wait any more
}

void CheckpointCoordinator::notified(size_t task, int64_t id) {
    std::lock_guard lock(mutex_);
    if (task >= numTasks_) return;
    notifiedId_[task] = std::max(notifiedId_[task], id);
    cv_.notify_all();
}

bool CheckpointCoordinator::awaitPendingDurable(int64_t id, const std::function<bool()>& stopping) {
    std::unique_lock lock(mutex_);
    while (true) {
        // Once durable as pending, every task had acknowledged it: the sinks must commit it even if it
        // fails later (expires), or a subtask arriving after the failure would leave its siblings
        // waiting at their sink's commit barrier. A committed epoch of a failed checkpoint is fine:
        // recovery promotes that pending checkpoint, or a later one covers it.
        if (durableId_ >= id) return true;
        // No longer pending: it failed (it cannot have completed without this task's commit).
        if (!pending_ || pending_->id != id) return false;
        if (stopping_ || stopping()) return false;
        // Timed: the job's stop flag is not this coordinator's to notify.
        cv_.wait_for(lock, std::chrono::milliseconds(50));
    }
}

void CheckpointCoordinator::committed(size_t task, int64_t id, int64_t pauseMicros) {
    std::lock_guard lock(mutex_);
    if (!pending_ || pending_->id != id || !pending_->durable || task >= numTasks_ || !committers_[task] ||
        pending_->committed[task])
        return;
    pending_->committed[task] = true;
    pending_->maxPauseMicros = std::max(pending_->maxPauseMicros, pauseMicros);
    if (--pending_->commitsRemaining == 0) cv_.notify_all();
}

int64_t CheckpointCoordinator::pendingId() const {
    std::lock_guard lock(mutex_);
    return pending_ ? pending_->id : 0;
}

void CheckpointCoordinator::requestCheckpoint() {
    {
        std::lock_guard lock(mutex_);
        checkpointRequested_ = true;
    }
    cv_.notify_all();
}

std::string CheckpointCoordinator::takeSavepoint(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (stopping_) throw ExecutionError("The savepoint failed: the job ended");
    savepointRequested_ = true;
    savepointId_ = 0;
    savepointPath_.clear();
    savepointError_.clear();
    cv_.notify_all();
    auto deadline = Clock::now() + timeout;
    bool done =
        cv_.wait_until(lock, deadline, [&] { return !savepointPath_.empty() || !savepointError_.empty(); });
    if (!done) {
        savepointRequested_ = false;
        throw ExecutionError(fmt::format("The savepoint did not complete within {} ms.", timeout.count()));
    }
    if (!savepointError_.empty()) throw ExecutionError("The savepoint failed: " + savepointError_);
    // Wait until every running task has served the completion (sinks committed the savepoint's epoch).
    int64_t id = savepointId_;
    cv_.wait_until(lock, deadline, [&] {
        for (size_t t = 0; t < numTasks_; ++t)
            if (!finished_[t] && notifiedId_[t] < id) return false;
        return true;
    });
    return savepointPath_;
}

}  // namespace sluice::runtime
