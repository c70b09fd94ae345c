#pragma once

#include <cstdint>
#include <string>

#include "common/time_util.h"

namespace sluice::functions {

/// What kernels may need besides their arguments.
struct EvalContext {
    TimeZone zone = TimeZone::utc();
    /// Where the current batch came from, for run-time error messages (e.g. "table orders").
    std::string origin;
};

}  // namespace sluice::functions
