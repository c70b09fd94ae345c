#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "common/time_util.h"
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

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::runtime
