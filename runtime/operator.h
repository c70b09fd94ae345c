#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/record_batch.h"
#include "common/time_util.h"
#include "runtime/collector.h"

namespace sluice::runtime {

struct OperatorContext {
    int subtask = 0;
    int parallelism = 1;
    TimeZone zone = TimeZone::utc();
    /// Batch mode: when the query started (epoch micros); unset in streaming mode.
    std::optional<int64_t> queryStartMicros;
};

/// A push-based operator over batches. The runtime, not the operator, merges inputs, computes the
/// minimum watermark over them, aligns barriers and forwards events; operators see only their data.
class Operator {
public:
    virtual ~Operator() = default;
    virtual void open(OperatorContext& ctx) {}
    /// `input` is the index of the logical input (0 for single-input operators).
    virtual void processBatch(RecordBatch batch, int input, Collector& out) = 0;
    /// The combined input watermark advanced to `watermark`; returns the watermark to forward.
    virtual std::optional<int64_t> onWatermark(int64_t watermark, Collector& out) { return watermark; }
    /// Every input has ended: emit what is left.
    virtual void onEndOfInput(Collector& out) {}
    virtual void close() {}
    virtual std::string name() const = 0;

    // Checkpoints: called on the task's thread when the barrier of `checkpointId` has passed every
    // input (aligned), before it is forwarded. Stateless operators keep the defaults.
    /// The operator's whole state as bytes ("" for none).
    virtual std::string snapshotState(int64_t checkpointId) const { return {}; }
    /// Called before open() when the job resumes from a checkpoint that holds `state` for this operator.
    virtual void restoreState(const std::string& state) {}
    /// Checkpoint `checkpointId` is complete everywhere.
    virtual void notifyCheckpointComplete(int64_t checkpointId) {}
};

}  // namespace sluice::runtime
