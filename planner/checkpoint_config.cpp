#include "planner/checkpoint_config.h"

#include <fmt/format.h>

#include <climits>
#include <filesystem>
#include <optional>
#include <utility>
#include <vector>

#include "common/error.h"
#include "common/string_util.h"
#include "planner/table_options.h"

namespace sluice::planner {

namespace fs = std::filesystem;

namespace {

// Flink's CheckpointConfig.MINIMAL_CHECKPOINT_TIME.
constexpr int64_t kMinimalCheckpointTimeMs = 10;

/// The session's entries with Flink's fallback keys: the first key of a list that is set wins.
class Options {
public:
    explicit Options(const std::map<std::string, std::string>& config)
        : config_(config),
          table_(std::vector<std::pair<std::string, std::string>>(config.begin(), config.end())) {}

    /// The first of `keys` that is set (a current key before its deprecated aliases).
    std::optional<std::string> key(const std::vector<std::string>& keys) const {
        for (const auto& k : keys)
            if (config_.count(k)) return k;
        return std::nullopt;
    }
    std::optional<std::string> value(const std::vector<std::string>& keys) const {
        auto k = key(keys);
        if (!k) return std::nullopt;
        return config_.at(*k);
    }

    int64_t duration(const std::vector<std::string>& keys, int64_t fallback) const {
        auto k = key(keys);
        return k ? TableOptions::parseDurationMillis(*k, config_.at(*k)) : fallback;
    }
    int64_t integer(const std::vector<std::string>& keys, int64_t fallback) const {
        auto k = key(keys);
        return k ? *table_.getInt(*k) : fallback;
    }
    double number(const std::vector<std::string>& keys, double fallback) const {
        auto k = key(keys);
        return k ? *table_.getDouble(*k) : fallback;
    }
    bool boolean(const std::vector<std::string>& keys, bool fallback) const {
        auto k = key(keys);
        return k ? *table_.getBool(*k) : fallback;
    }
    /// One of `allowed`, case-insensitive, returned as spelled in `allowed`.
    std::optional<std::string> enumeration(const std::vector<std::string>& keys,
                                           const std::vector<std::string>& allowed) const {
        auto k = key(keys);
        return k ? table_.getEnum(*k, allowed) : std::nullopt;
    }

    /// Throws unless `ok`: "Invalid value for option 'k': 'v'. <why>".
    void check(bool ok, const std::vector<std::string>& keys, const std::string& why) const {
        if (ok) return;
        auto k = key(keys);
        throw ValidationError(fmt::format("Invalid value for option '{}': '{}'. {}", k ? *k : keys.front(),
                                          k ? config_.at(*k) : "", why));
    }

private:
    const std::map<std::string, std::string>& config_;
    TableOptions table_;
};

/// A directory option as an absolute local path: a plain path (relative ones resolve against `cwd`)
/// or a file:// URI. Other file systems (s3://, hdfs://, ...) are not supported yet.
std::string localPath(const std::string& key, const std::string& value, const fs::path& cwd) {
    std::string path = value;
    auto scheme = value.find("://");
    bool hasScheme = scheme != std::string::npos && scheme > 0 &&
                     value.find_first_not_of(
                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.") == scheme;
    if (hasScheme) {
        if (!equalsIgnoreCase(value.substr(0, scheme), "file"))
            throw NotSupportedError(fmt::format(
                "not supported yet: '{}' = '{}'. Sluice keeps checkpoints and savepoints on the local file "
                "system: use a path or a file:// URI",
                key, value));
        path = value.substr(scheme + 3);
        // file://localhost/x is file:///x; any other host names a remote machine.
        if (path.rfind("localhost/", 0) == 0) path = path.substr(9);
        if (path.empty() || path[0] != '/')
            throw ValidationError(
                fmt::format("Invalid value for option '{}': '{}'. A file:// URI needs an absolute path, e.g. "
                            "'file:///var/lib/sluice/checkpoints'",
                            key, value));
    } else if (value.rfind("file:/", 0) == 0) {
        path = value.substr(5);  // Hadoop's short form file:/x
    }
    fs::path p = (cwd / path).lexically_normal();                         // an absolute `path` replaces cwd
    if (p.filename().empty() && p != p.root_path()) p = p.parent_path();  // no trailing '/'
    return p.string();
}

}  // namespace

runtime::CheckpointSettings CheckpointConfig::parseCheckpointSettings(
    const std::map<std::string, std::string>& config, const std::string& workingDir) {
    Options o(config);
    runtime::CheckpointSettings s;
    fs::path cwd = workingDir.empty() ? fs::current_path() : fs::absolute(workingDir);

    const std::vector<std::string> interval = {"execution.checkpointing.interval"};
    s.intervalMs = o.duration(interval, 0);
    // 0 turns checkpointing off (as when the key is unset); Flink refuses anything below 10 ms.
    o.check(s.intervalMs == 0 || s.intervalMs >= kMinimalCheckpointTimeMs, interval,
            fmt::format("The checkpoint interval must be at least {} ms (or 0 to disable checkpointing)",
                        kMinimalCheckpointTimeMs));

    s.exactlyOnce = o.enumeration({"execution.checkpointing.mode"}, {"EXACTLY_ONCE", "AT_LEAST_ONCE"})
                        .value_or("EXACTLY_ONCE") == "EXACTLY_ONCE";

    const std::vector<std::string> timeout = {"execution.checkpointing.timeout"};
    s.timeoutMs = o.duration(timeout, 600000);
    o.check(s.timeoutMs >= kMinimalCheckpointTimeMs, timeout,
            fmt::format("The checkpoint timeout must be at least {} ms", kMinimalCheckpointTimeMs));

    s.minPauseMs = o.duration({"execution.checkpointing.min-pause"}, 0);

    const std::vector<std::string> concurrent = {"execution.checkpointing.max-concurrent-checkpoints"};
    int64_t maxConcurrent = o.integer(concurrent, 1);
    o.check(maxConcurrent >= 1 && maxConcurrent <= INT_MAX, concurrent,
            "The maximum number of concurrent checkpoints must be at least 1");
    s.maxConcurrent = static_cast<int>(maxConcurrent);

    const std::vector<std::string> tolerable = {"execution.checkpointing.tolerable-failed-checkpoints"};
    int64_t tolerableFailures = o.integer(tolerable, 0);
    o.check(tolerableFailures >= 0 && tolerableFailures <= INT_MAX, tolerable,
            "The number of tolerable failed checkpoints must not be negative");
    s.tolerableFailures = static_cast<int>(tolerableFailures);

    // Flink 2.0 names first, then the deprecated state.* keys they replace.
    const std::vector<std::string> dir = {"execution.checkpointing.dir", "state.checkpoints.dir"};
    auto dirValue = o.value(dir);
    if (dirValue && !dirValue->empty()) {
        s.dir = localPath(*o.key(dir), *dirValue, cwd);
        s.dirIsDefault = false;
    } else {
        s.dir = (cwd / ".sluice" / "checkpoints").lexically_normal().string();
        s.dirIsDefault = true;
    }

    const std::vector<std::string> retained = {"execution.checkpointing.num-retained",
                                               "state.checkpoints.num-retained"};
    int64_t numRetained = o.integer(retained, 1);
    o.check(numRetained >= 1 && numRetained <= INT_MAX, retained,
            "The number of retained checkpoints must be at least 1");
    s.numRetained = static_cast<int>(numRetained);

    auto retention =
        o.enumeration({"execution.checkpointing.externalized-checkpoint-retention"},
                      {"NO_EXTERNALIZED_CHECKPOINTS", "DELETE_ON_CANCELLATION", "RETAIN_ON_CANCELLATION"});
    s.retainOnCancellation = retention == "RETAIN_ON_CANCELLATION";

    const std::vector<std::string> savepointDir = {"execution.checkpointing.savepoint-dir",
                                                   "state.savepoints.dir"};
    auto savepointValue = o.value(savepointDir);
    if (savepointValue && !savepointValue->empty())
        s.savepointDir = localPath(*o.key(savepointDir), *savepointValue, cwd);

    const std::vector<std::string> restore = {"execution.state-recovery.path", "execution.savepoint.path"};
    auto restoreValue = o.value(restore);
    if (restoreValue && !restoreValue->empty())
        s.restorePath = localPath(*o.key(restore), *restoreValue, cwd);

    s.ignoreUnclaimedState = o.boolean(
        {"execution.state-recovery.ignore-unclaimed-state", "execution.savepoint.ignore-unclaimed-state"},
        false);
    return s;
}

runtime::RestartStrategy CheckpointConfig::parseRestartStrategy(
    const std::map<std::string, std::string>& config, bool checkpointingEnabled) {
    using Type = runtime::RestartStrategy::Type;
    Options o(config);
    runtime::RestartStrategy r;

    // Flink lower-cases the value and accepts these spellings (RestartBackoffTimeStrategyFactoryLoader).
    const std::vector<std::pair<std::string, Type>> kTypes = {
        {"none", Type::None},
        {"off", Type::None},
        {"disable", Type::None},
        {"fixed-delay", Type::FixedDelay},
        {"fixeddelay", Type::FixedDelay},
        {"failure-rate", Type::FailureRate},
        {"failurerate", Type::FailureRate},
        {"exponential-delay", Type::ExponentialDelay},
        {"exponentialdelay", Type::ExponentialDelay},
    };
    std::vector<std::string> names;
    for (const auto& [name, type] : kTypes) names.push_back(name);
    // restart-strategy is the pre-1.17 key of restart-strategy.type.
    auto name = o.enumeration({"restart-strategy.type", "restart-strategy"}, names);
    if (!name) {
        r.type = checkpointingEnabled ? Type::ExponentialDelay : Type::None;
    } else {
        for (const auto& [n, type] : kTypes)
            if (n == *name) r.type = type;
    }

    // Only the chosen strategy's options are read, as Flink does; the others keep their defaults.
    switch (r.type) {
        case Type::None:
            break;
        case Type::FixedDelay: {
            const std::vector<std::string> attempts = {"restart-strategy.fixed-delay.attempts"};
            r.attempts = o.integer(attempts, 1);
            o.check(r.attempts >= 0, attempts, "The number of restart attempts must not be negative");
            r.delayMs = o.duration({"restart-strategy.fixed-delay.delay"}, 1000);
            break;
        }
        case Type::FailureRate: {
            const std::vector<std::string> maxFailures = {
                "restart-strategy.failure-rate.max-failures-per-interval"};
            r.maxFailuresPerInterval = o.integer(maxFailures, 1);
            o.check(r.maxFailuresPerInterval >= 1, maxFailures,
                    "The maximum number of failures per interval must be at least 1");
            const std::vector<std::string> interval = {"restart-strategy.failure-rate.failure-rate-interval"};
            r.failureRateIntervalMs = o.duration(interval, 60000);
            o.check(r.failureRateIntervalMs > 0, interval, "The failure rate interval must be positive");
            r.delayMs = o.duration({"restart-strategy.failure-rate.delay"}, 1000);
            break;
        }
        case Type::ExponentialDelay: {
            const std::string p = "restart-strategy.exponential-delay.";
            r.initialBackoffMs = o.duration({p + "initial-backoff"}, 1000);
            o.check(r.initialBackoffMs >= 1, {p + "initial-backoff"},
                    "The initial backoff must be at least 1 ms");
            r.maxBackoffMs = o.duration({p + "max-backoff"}, 60000);
            o.check(r.maxBackoffMs >= 1, {p + "max-backoff"}, "The maximum backoff must be at least 1 ms");
            o.check(r.initialBackoffMs <= r.maxBackoffMs, {p + "initial-backoff"},
                    fmt::format("The initial backoff cannot be higher than the maximum backoff ({} ms)",
                                r.maxBackoffMs));
            r.backoffMultiplier = o.number({p + "backoff-multiplier"}, 1.5);
            o.check(r.backoffMultiplier >= 1.0, {p + "backoff-multiplier"},
                    "The backoff multiplier must be at least 1");
            r.resetBackoffThresholdMs = o.duration({p + "reset-backoff-threshold"}, 3600000);
            o.check(r.resetBackoffThresholdMs >= 1, {p + "reset-backoff-threshold"},
                    "The reset backoff threshold must be at least 1 ms");
            r.jitterFactor = o.number({p + "jitter-factor"}, 0.1);
            o.check(r.jitterFactor >= 0.0 && r.jitterFactor <= 1.0, {p + "jitter-factor"},
                    "The jitter factor must be between 0 and 1");
            r.maxAttempts = o.integer({p + "attempts-before-reset-backoff"}, INT32_MAX);
            o.check(r.maxAttempts >= 1, {p + "attempts-before-reset-backoff"},
                    "The number of attempts before the backoff is reset must be at least 1");
            break;
        }
    }
    return r;
}

CheckpointConfig CheckpointConfig::parse(const std::map<std::string, std::string>& config,
                                         const std::string& workingDir) {
    CheckpointConfig c;
    c.checkpoints = parseCheckpointSettings(config, workingDir);
    c.restart = parseRestartStrategy(config, c.checkpoints.enabled());
    return c;
}

}  // namespace sluice::planner
