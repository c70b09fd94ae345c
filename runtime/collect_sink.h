#pragma once

#include <memory>
#include <string>

#include "runtime/result_queue.h"
#include "runtime/sink.h"

namespace sluice::runtime {

/// The sink of a SELECT run from the SQL client: its subtasks put every batch (row kinds included,
/// so updating results arrive as a changelog) into a ResultQueue that the client reads.
class CollectSinkProvider : public SinkProvider {
public:
    explicit CollectSinkProvider(std::shared_ptr<ResultQueue> queue, std::string description = "collect");

    bool acceptsUpdates() const override { return true; }
    /// One subtask keeps the result order of an ordered input.
    int parallelism() const override { return 1; }
    std::unique_ptr<Sink> createSink(int subtask, int parallelism) override;
    std::string describe() const override { return description_; }
    const std::shared_ptr<ResultQueue>& queue() const { return queue_; }

private:
    std::shared_ptr<ResultQueue> queue_;
    std::string description_;
};

}  // namespace sluice::runtime
