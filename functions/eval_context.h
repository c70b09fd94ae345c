#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/record_batch.h"
#include "common/time_util.h"

namespace sluice::functions {

/// What kernels may need besides their arguments.
struct EvalContext {
    // Constructors (not an aggregate) so that `EvalContext{zone, origin}` stays valid as fields are added.
    EvalContext() = default;
    EvalContext(TimeZone z, std::string o) : zone(std::move(z)), origin(std::move(o)) {}

    TimeZone zone = TimeZone::utc();
    /// Where the current batch came from, for run-time error messages (e.g. "table orders").
    std::string origin;
    /// Positions of the rows being evaluated (file:line, partition/offset), when the source knows them.
    const RowOrigins* rows = nullptr;
    /// The best description of where row `row` came from: its position if known, else `origin`.
    std::string rowOrigin(size_t row) const { return rows ? rows->describe(row) : origin; }
    /// Batch mode: when the query started (epoch micros). CURRENT_TIMESTAMP, NOW(), LOCALTIMESTAMP,
    /// CURRENT_DATE, CURRENT_TIME, LOCALTIME and UNIX_TIMESTAMP() then return this one instant for
    /// every row, as Flink's batch mode does; unset (streaming) they read the clock per batch.
    std::optional<int64_t> queryStartMicros;
};

}  // namespace sluice::functions
