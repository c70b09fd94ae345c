#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sluice::runtime {

/// Flink's execution.checkpointing.* / state.* options as the runtime uses them (the planner parses
/// them from the session's configuration: planner/checkpoint_config.h).
struct CheckpointSettings {
    /// execution.checkpointing.interval; 0 disables periodic checkpoints.
    int64_t intervalMs = 0;
    /// execution.checkpointing.mode: EXACTLY_ONCE aligns barriers; AT_LEAST_ONCE does not block inputs.
    bool exactlyOnce = true;
    /// execution.checkpointing.timeout (Flink: 10 min).
    int64_t timeoutMs = 600000;
    /// execution.checkpointing.min-pause: between the end of one checkpoint and the start of the next.
    int64_t minPauseMs = 0;
    /// execution.checkpointing.max-concurrent-checkpoints (Flink: 1).
    int maxConcurrent = 1;
    /// execution.checkpointing.tolerable-failed-checkpoints (Flink: 0): more consecutive failures fail
    /// the job.
    int tolerableFailures = 0;
    /// execution.checkpointing.dir / state.checkpoints.dir, a local path ("file://" stripped). Default
    /// ".sluice/checkpoints" under the working directory, made absolute.
    std::string dir;
    /// Whether `dir` is the default (so that the start-up line can say so).
    bool dirIsDefault = true;
    /// state.checkpoints.num-retained (Flink: 1).
    int numRetained = 1;
    /// execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION keeps the
    /// checkpoints when the job is canceled or ends; NO_EXTERNALIZED_CHECKPOINTS (Flink's default) and
    /// DELETE_ON_CANCELLATION remove them when the job ends normally or is canceled.
    bool retainOnCancellation = false;
    /// state.savepoints.dir (execution.checkpointing.savepoint-dir); empty: savepoints go under `dir`.
    std::string savepointDir;
    /// execution.state-recovery.path (or execution.savepoint.path, or `sluice run --from-checkpoint`):
    /// a checkpoint or savepoint directory, or its _metadata file, to resume from.
    std::optional<std::string> restorePath;
    /// execution.state-recovery.ignore-unclaimed-state / execution.savepoint.ignore-unclaimed-state.
    bool ignoreUnclaimedState = false;

    bool enabled() const { return intervalMs > 0; }
};

/// restart-strategy.* (Flink's restart strategies). Flink's default (1.19+, and the reference's):
/// none without checkpointing, exponential-delay with its default options with it (older Flink:
/// fixed-delay with Integer.MAX_VALUE attempts).
struct RestartStrategy {
    enum class Type { None, FixedDelay, FailureRate, ExponentialDelay };
    Type type = Type::None;
    // fixed-delay
    int64_t attempts = 0;    // restart-strategy.fixed-delay.attempts
    int64_t delayMs = 1000;  // restart-strategy.fixed-delay.delay / failure-rate.delay
    // failure-rate
    int64_t maxFailuresPerInterval = 1;     // restart-strategy.failure-rate.max-failures-per-interval
    int64_t failureRateIntervalMs = 60000;  // restart-strategy.failure-rate.failure-rate-interval
    // exponential-delay
    int64_t initialBackoffMs = 1000;            // restart-strategy.exponential-delay.initial-backoff
    int64_t maxBackoffMs = 60000;               // .max-backoff (Flink: 1 min)
    double backoffMultiplier = 1.5;             // .backoff-multiplier (Flink 1.19+: 1.5)
    int64_t resetBackoffThresholdMs = 3600000;  // .reset-backoff-threshold (1 h)
    double jitterFactor = 0.1;                  // .jitter-factor
    int64_t maxAttempts = INT32_MAX;            // .attempts-before-reset-backoff

    /// One line for logs, e.g. "fixed-delay (attempts=3, delay=10 s)".
    std::string describe() const;
};

}  // namespace sluice::runtime
