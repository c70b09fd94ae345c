#pragma once

#include <cstdint>

#include "common/record_batch.h"

namespace sluice::runtime {

/// Where an operator or source puts its output batches and, when it knows event time, watermarks.
class Collector {
public:
    virtual ~Collector() = default;
    virtual void collect(RecordBatch batch) = 0;
    /// Event time reached `timestamp`: passed through the rest of the chain (onWatermark) and
    /// downstream. Non-increasing watermarks are dropped. Collectors outside a job ignore it.
    virtual void emitWatermark(int64_t timestamp) {}
};

/// Rows per batch that sources aim for: big enough to amortize per-batch work, small enough for cache.
constexpr size_t kTargetBatchRows = 4096;

}  // namespace sluice::runtime
