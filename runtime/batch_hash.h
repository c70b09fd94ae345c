#pragma once

#include <cstdint>
#include <vector>

#include "common/record_batch.h"

namespace sluice::runtime {

/// Hashes of the key columns `keyFields` of every row of `batch` into `out` (resized to numRows),
/// computed column by column. The hash depends only on the values, so it is the same in every
/// process and run: integers (and dates, times, timestamps, intervals) by their value whatever
/// their width, FLOAT and DOUBLE by their double value (-0.0 as 0.0, one NaN), DECIMAL by its
/// unscaled value, strings and binaries by their bytes, NULL as a fixed value.
void hashRows(const RecordBatch& batch, const std::vector<int>& keyFields, std::vector<uint64_t>& out);

}  // namespace sluice::runtime
