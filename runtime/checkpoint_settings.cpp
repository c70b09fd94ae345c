#include "runtime/checkpoint_settings.h"

#include <fmt/format.h>

namespace sluice::runtime {

namespace {

/// Flink's TimeUtils.formatWithHighestUnit: the largest unit that divides the value, e.g. "10 s".
std::string duration(int64_t ms) {
    static const std::pair<int64_t, const char*> kUnits[] = {
        {86400000, "d"}, {3600000, "h"}, {60000, "min"}, {1000, "s"}};
    if (ms != 0)
        for (const auto& [size, name] : kUnits)
            if (ms % size == 0) return fmt::format("{} {}", ms / size, name);
    return fmt::format("{} ms", ms);
}

}  // namespace

std::string RestartStrategy::describe() const {
    switch (type) {
        case Type::None:
            return "none";
        case Type::FixedDelay:
            return fmt::format("fixed-delay (attempts={}, delay={})", attempts, duration(delayMs));
        case Type::FailureRate:
            return fmt::format(
                "failure-rate (max-failures-per-interval={}, failure-rate-interval={}, delay={})",
                maxFailuresPerInterval, duration(failureRateIntervalMs), duration(delayMs));
        case Type::ExponentialDelay:
            return fmt::format(
                "exponential-delay (initial-backoff={}, max-backoff={}, backoff-multiplier={}, "
                "reset-backoff-threshold={}, jitter-factor={}, attempts-before-reset-backoff={})",
                duration(initialBackoffMs), duration(maxBackoffMs), backoffMultiplier,
                duration(resetBackoffThresholdMs), jitterFactor,
                maxAttempts >= INT32_MAX ? std::string("unlimited") : std::to_string(maxAttempts));
    }
    return "unknown";
}

}  // namespace sluice::runtime
