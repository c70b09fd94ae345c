#pragma once

#include "common/record_batch.h"

namespace sluice::runtime {

/// Where an operator or source puts its output batches.
class Collector {
public:
    virtual ~Collector() = default;
    virtual void collect(RecordBatch batch) = 0;
};

/// Rows per batch that sources aim for: big enough to amortize per-batch work, small enough for cache.
constexpr size_t kTargetBatchRows = 4096;

}  // namespace sluice::runtime
