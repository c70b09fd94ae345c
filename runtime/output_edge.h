#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/record_batch.h"
#include "runtime/channel.h"
#include "runtime/job_graph.h"

namespace sluice::runtime {

/// One upstream subtask's end of a job-graph edge: splits or copies its batches to the downstream
/// subtasks' channels as the edge's partitioning says. Watermarks and end of input go to every
/// downstream subtask this subtask feeds (only the same-index one for Forward, all for the others),
/// so each downstream subtask knows exactly which producers to wait for.
/// Sends throw TaskCanceled once a channel is closed (the job is stopping).
class OutputEdge {
public:
    /// `targets`: the channels of all downstream subtasks, by subtask index. `producer` is this
    /// subtask's producer number in the downstream channels, `toInput` the downstream input.
    OutputEdge(Partitioning partitioning, std::vector<int> keyFields, std::vector<Channel*> targets,
               int subtask, int producer, int toInput);

    void sendBatch(RecordBatch batch);
    void sendWatermark(int64_t timestamp);
    void sendEndOfInput();
    /// To every downstream subtask this subtask feeds, like watermarks.
    void sendBarrier(int64_t checkpointId);

private:
    void push(size_t target, Event event);
    void sendHashed(RecordBatch batch);

    Partitioning partitioning_;
    std::vector<int> keyFields_;
    std::vector<Channel*> targets_;
    int subtask_;
    int producer_;
    int toInput_;
    size_t nextTarget_;  // Rebalance
    // Hash: reused per batch to avoid reallocating.
    std::vector<uint64_t> hashes_;
    std::vector<std::vector<uint32_t>> rowsPerTarget_;
};

}  // namespace sluice::runtime
