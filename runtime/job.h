#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/time_util.h"
#include "runtime/checkpoint_coordinator.h"
#include "runtime/checkpoint_settings.h"
#include "runtime/job_graph.h"

namespace sluice::runtime {

enum class JobStatus { Created, Running, Finished, Failed, Canceled };
const char* jobStatusName(JobStatus s);

struct JobOptions {
    TimeZone zone = TimeZone::utc();
    /// Batch mode: when the query started (epoch micros), the one "now" of CURRENT_TIMESTAMP and friends.
    std::optional<int64_t> queryStartMicros;
    /// Capacity of each subtask's input channel, in events (bounded: backpressure).
    size_t channelCapacity = 16;
    /// Checkpoints; when enabled (or a restore path is set) the job resumes from the latest completed
    /// checkpoint of `jobKey` (or from the restore path).
    CheckpointSettings checkpoints;
    /// The job's identity across runs: the folder of its checkpoints.
    std::string jobKey;
    /// A hash of the job's statements; a checkpoint with another one is refused.
    std::string fingerprint;
    /// What happens when a task fails: restart every task from the latest checkpoint, in this process,
    /// as Flink's restart strategies do (the job keeps its id and stays RUNNING meanwhile).
    RestartStrategy restart;
    /// `sluice test --resume`: sources emit one row per poll and pause after their first rows; the job
    /// then stops with a savepoint (its first checkpoint, unless periodic ones came first) and restarts
    /// in this process from it, so that a fixture's output proves the restore exact. Takes checkpoints
    /// (to `checkpoints.dir`) even when `checkpoints` has no interval.
    bool resumeAtFirstCheckpoint = false;
    /// Where checkpoint and restart events go (one line each).
    std::function<void(const std::string&)> log;
};

/// A running DAG: one thread per vertex subtask, joined by bounded channels carrying batches and
/// in-band events (watermark, end of input). A failure in any task cancels the others and is
/// reported by wait()/error(); no exception crosses a thread boundary.
class Job {
public:
    Job(JobGraph graph, JobOptions options);
    ~Job();
    Job(const Job&) = delete;
    Job& operator=(const Job&) = delete;

    /// A 32-hex-digit id as Flink prints.
    const std::string& id() const;
    const std::string& name() const;
    void start();
    /// Blocks until every task has ended. Returns the final status.
    JobStatus wait();
    /// Waits at most `timeout`; returns whether the job has ended.
    bool waitFor(std::chrono::milliseconds timeout);
    /// Asks sources to stop; the tasks then drain and end (status Canceled unless already ended).
    void cancel();
    JobStatus status() const;
    /// The failure message when status() == Failed.
    std::optional<std::string> error() const;
    /// Rows read by sources and written by sinks so far.
    int64_t rowsIn() const;
    int64_t rowsOut() const;

    /// Whether the job takes checkpoints (and so can stop with a savepoint).
    bool checkpointing() const;
    /// Takes a savepoint, waits until the sinks committed it, then cancels the job. Returns the
    /// savepoint's directory; throws ExecutionError (the job keeps running) when it fails.
    std::string stopWithSavepoint(std::chrono::milliseconds timeout);
    std::optional<CheckpointStats> checkpointStats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::runtime
