#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "cli/registries.h"
#include "common/error.h"
#include "planner/checkpoint_config.h"
#include "planner/session.h"

using namespace sluice;
using namespace sluice::planner;
using Type = runtime::RestartStrategy::Type;
using Config = std::map<std::string, std::string>;

namespace {

CheckpointConfig parse(const Config& config) {
    return CheckpointConfig::parse(config, "/work/job");
}

std::string validationError(const Config& config) {
    try {
        parse(config);
    } catch (const ValidationError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("Checkpoint options default to Flink's", "[checkpoint]") {
    CheckpointConfig c = parse({});
    CHECK_FALSE(c.checkpoints.enabled());
    CHECK(c.checkpoints.intervalMs == 0);
    CHECK(c.checkpoints.exactlyOnce);
    CHECK(c.checkpoints.timeoutMs == 600000);
    CHECK(c.checkpoints.minPauseMs == 0);
    CHECK(c.checkpoints.maxConcurrent == 1);
    CHECK(c.checkpoints.tolerableFailures == 0);
    CHECK(c.checkpoints.dir == "/work/job/.sluice/checkpoints");
    CHECK(c.checkpoints.dirIsDefault);
    CHECK(c.checkpoints.numRetained == 1);
    CHECK_FALSE(c.checkpoints.retainOnCancellation);
    CHECK(c.checkpoints.savepointDir.empty());
    CHECK_FALSE(c.checkpoints.restorePath);
    CHECK_FALSE(c.checkpoints.ignoreUnclaimedState);
    CHECK(c.restart.type == Type::None);

    // Without a working directory the process's current one is used.
    auto s = CheckpointConfig::parseCheckpointSettings({});
    CHECK(s.dir.front() == '/');
    CHECK_THAT(s.dir, Catch::EndsWith("/.sluice/checkpoints"));
}

TEST_CASE("Checkpoint options are read with Flink's syntax", "[checkpoint]") {
    CheckpointConfig c = parse({
        {"execution.checkpointing.interval", "10s"},
        {"execution.checkpointing.mode", "at_least_once"},
        {"execution.checkpointing.timeout", "1 min"},
        {"execution.checkpointing.min-pause", "500ms"},
        {"execution.checkpointing.max-concurrent-checkpoints", "2"},
        {"execution.checkpointing.tolerable-failed-checkpoints", "3"},
        {"execution.checkpointing.dir", "file:///var/ckpt/"},
        {"execution.checkpointing.num-retained", "4"},
        {"execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION"},
        {"execution.checkpointing.savepoint-dir", "savepoints"},
        {"execution.state-recovery.path", "file:///var/ckpt/job/chk-3"},
        {"execution.state-recovery.ignore-unclaimed-state", "true"},
    });
    CHECK(c.checkpoints.enabled());
    CHECK(c.checkpoints.intervalMs == 10000);
    CHECK_FALSE(c.checkpoints.exactlyOnce);
    CHECK(c.checkpoints.timeoutMs == 60000);
    CHECK(c.checkpoints.minPauseMs == 500);
    CHECK(c.checkpoints.maxConcurrent == 2);
    CHECK(c.checkpoints.tolerableFailures == 3);
    CHECK(c.checkpoints.dir == "/var/ckpt");
    CHECK_FALSE(c.checkpoints.dirIsDefault);
    CHECK(c.checkpoints.numRetained == 4);
    CHECK(c.checkpoints.retainOnCancellation);
    CHECK(c.checkpoints.savepointDir == "/work/job/savepoints");
    CHECK(c.checkpoints.restorePath == "/var/ckpt/job/chk-3");
    CHECK(c.checkpoints.ignoreUnclaimedState);

    CHECK(parse({{"execution.checkpointing.interval", "2 min"}}).checkpoints.intervalMs == 120000);
    CHECK(parse({{"execution.checkpointing.interval", "250"}}).checkpoints.intervalMs == 250);
    CHECK_FALSE(parse({{"execution.checkpointing.interval", "0"}}).checkpoints.enabled());
    for (const char* v : {"NO_EXTERNALIZED_CHECKPOINTS", "delete_on_cancellation"})
        CHECK_FALSE(parse({{"execution.checkpointing.externalized-checkpoint-retention", v}})
                        .checkpoints.retainOnCancellation);
}

TEST_CASE("Deprecated checkpoint keys are aliases; the current key wins", "[checkpoint]") {
    CheckpointConfig c = parse({
        {"state.checkpoints.dir", "ckpt"},
        {"state.checkpoints.num-retained", "3"},
        {"state.savepoints.dir", "/sp"},
        {"execution.savepoint.path", "/sp/savepoint-1-2"},
        {"execution.savepoint.ignore-unclaimed-state", "TRUE"},
    });
    CHECK(c.checkpoints.dir == "/work/job/ckpt");
    CHECK_FALSE(c.checkpoints.dirIsDefault);
    CHECK(c.checkpoints.numRetained == 3);
    CHECK(c.checkpoints.savepointDir == "/sp");
    CHECK(c.checkpoints.restorePath == "/sp/savepoint-1-2");
    CHECK(c.checkpoints.ignoreUnclaimedState);

    CheckpointConfig both = parse({
        {"state.checkpoints.dir", "/old"},
        {"execution.checkpointing.dir", "/new"},
        {"state.checkpoints.num-retained", "3"},
        {"execution.checkpointing.num-retained", "5"},
        {"state.savepoints.dir", "/old-sp"},
        {"execution.checkpointing.savepoint-dir", "/new-sp"},
        {"execution.savepoint.path", "/old-restore"},
        {"execution.state-recovery.path", "/new-restore"},
    });
    CHECK(both.checkpoints.dir == "/new");
    CHECK(both.checkpoints.numRetained == 5);
    CHECK(both.checkpoints.savepointDir == "/new-sp");
    CHECK(both.checkpoints.restorePath == "/new-restore");

    // file:// forms and an empty value (as good as unset).
    CHECK(parse({{"state.checkpoints.dir", "file://localhost/a/b"}}).checkpoints.dir == "/a/b");
    CHECK(parse({{"state.checkpoints.dir", "file:/a/./b"}}).checkpoints.dir == "/a/b");
    CHECK(parse({{"state.checkpoints.dir", "FILE:///a"}}).checkpoints.dir == "/a");
    CHECK(parse({{"state.checkpoints.dir", ""}}).checkpoints.dirIsDefault);
    CHECK_FALSE(parse({{"execution.state-recovery.path", ""}}).checkpoints.restorePath);
}

TEST_CASE("Bad checkpoint values name the key and the valid values", "[checkpoint]") {
    CHECK(
        validationError({{"execution.checkpointing.mode", "FOO"}}) ==
        "Invalid value for option 'execution.checkpointing.mode': 'FOO'. Possible values are: EXACTLY_ONCE, "
        "AT_LEAST_ONCE");
    CHECK(validationError({{"execution.checkpointing.externalized-checkpoint-retention", "KEEP"}}) ==
          "Invalid value for option 'execution.checkpointing.externalized-checkpoint-retention': 'KEEP'. "
          "Possible "
          "values are: NO_EXTERNALIZED_CHECKPOINTS, DELETE_ON_CANCELLATION, RETAIN_ON_CANCELLATION");
    CHECK_THAT(validationError({{"execution.checkpointing.interval", "soon"}}),
               Catch::Contains("'execution.checkpointing.interval': 'soon' is not a duration"));
    CHECK_THAT(validationError({{"execution.checkpointing.interval", "5 ms"}}),
               Catch::Contains("'execution.checkpointing.interval'") && Catch::Contains("at least 10 ms"));
    CHECK_THAT(validationError({{"execution.checkpointing.timeout", "0"}}),
               Catch::Contains("'execution.checkpointing.timeout'"));
    CHECK_THAT(validationError({{"execution.checkpointing.max-concurrent-checkpoints", "0"}}),
               Catch::Contains("'execution.checkpointing.max-concurrent-checkpoints': '0'"));
    CHECK_THAT(validationError({{"execution.checkpointing.max-concurrent-checkpoints", "two"}}),
               Catch::Contains("'two' is not an integer"));
    CHECK_THAT(validationError({{"execution.checkpointing.tolerable-failed-checkpoints", "-1"}}),
               Catch::Contains("must not be negative"));
    CHECK_THAT(validationError({{"state.checkpoints.num-retained", "0"}}),
               Catch::Contains("'state.checkpoints.num-retained': '0'") && Catch::Contains("at least 1"));
    CHECK_THAT(validationError({{"execution.state-recovery.ignore-unclaimed-state", "yes"}}),
               Catch::Contains("is not a boolean"));
    CHECK_THAT(validationError({{"execution.checkpointing.dir", "file://host/ckpt"}}),
               Catch::Contains("absolute path"));
}

TEST_CASE("Remote checkpoint storage is not supported yet", "[checkpoint]") {
    for (const auto& [key, value] : Config{{"execution.checkpointing.dir", "s3://bucket/ckpt"},
                                           {"state.checkpoints.dir", "hdfs://nn:8020/flink"},
                                           {"state.savepoints.dir", "gs://b/sp"},
                                           {"execution.state-recovery.path", "s3://b/chk-1"}}) {
        INFO(key << " = " << value);
        try {
            parse({{key, value}});
            FAIL("no error");
        } catch (const NotSupportedError& e) {
            CHECK_THAT(e.what(), Catch::StartsWith("not supported yet: ") && Catch::Contains(key) &&
                                     Catch::Contains(value));
        }
    }
}

TEST_CASE("Restart strategies as Flink", "[checkpoint]") {
    // Unset: none without checkpointing, exponential-delay (Flink 1.19+) with it.
    CHECK(parse({}).restart.type == Type::None);
    auto def = parse({{"execution.checkpointing.interval", "10 s"}}).restart;
    CHECK(def.type == Type::ExponentialDelay);
    CHECK(def.initialBackoffMs == 1000);
    CHECK(def.maxBackoffMs == 60000);
    CHECK(def.backoffMultiplier == 1.5);
    CHECK(def.resetBackoffThresholdMs == 3600000);
    CHECK(def.jitterFactor == 0.1);
    CHECK(def.maxAttempts == INT32_MAX);

    for (const char* v : {"none", "off", "disable", "NONE"})
        CHECK(
            parse({{"execution.checkpointing.interval", "1s"}, {"restart-strategy.type", v}}).restart.type ==
            Type::None);

    for (const char* v : {"fixed-delay", "fixeddelay", "Fixed-Delay"}) {
        auto r = parse({{"restart-strategy.type", v}}).restart;
        CHECK(r.type == Type::FixedDelay);
        CHECK(r.attempts == 1);
        CHECK(r.delayMs == 1000);
    }
    auto fixed = parse({{"restart-strategy.type", "fixed-delay"},
                        {"restart-strategy.fixed-delay.attempts", "3"},
                        {"restart-strategy.fixed-delay.delay", "10 s"}})
                     .restart;
    CHECK(fixed.attempts == 3);
    CHECK(fixed.delayMs == 10000);
    CHECK(fixed.describe() == "fixed-delay (attempts=3, delay=10 s)");
    // The pre-1.17 key.
    CHECK(parse({{"restart-strategy", "fixed-delay"}}).restart.type == Type::FixedDelay);

    for (const char* v : {"failure-rate", "failurerate"})
        CHECK(parse({{"restart-strategy.type", v}}).restart.type == Type::FailureRate);
    auto rate = parse({{"restart-strategy.type", "failure-rate"},
                       {"restart-strategy.failure-rate.max-failures-per-interval", "5"},
                       {"restart-strategy.failure-rate.failure-rate-interval", "5 min"},
                       {"restart-strategy.failure-rate.delay", "2 s"}})
                    .restart;
    CHECK(rate.maxFailuresPerInterval == 5);
    CHECK(rate.failureRateIntervalMs == 300000);
    CHECK(rate.delayMs == 2000);

    auto exp = parse({{"restart-strategy.type", "exponentialdelay"},
                      {"restart-strategy.exponential-delay.initial-backoff", "100 ms"},
                      {"restart-strategy.exponential-delay.max-backoff", "10 s"},
                      {"restart-strategy.exponential-delay.backoff-multiplier", "2.0"},
                      {"restart-strategy.exponential-delay.reset-backoff-threshold", "30 min"},
                      {"restart-strategy.exponential-delay.jitter-factor", "0"},
                      {"restart-strategy.exponential-delay.attempts-before-reset-backoff", "7"}})
                   .restart;
    CHECK(exp.type == Type::ExponentialDelay);
    CHECK(exp.initialBackoffMs == 100);
    CHECK(exp.maxBackoffMs == 10000);
    CHECK(exp.backoffMultiplier == 2.0);
    CHECK(exp.resetBackoffThresholdMs == 1800000);
    CHECK(exp.jitterFactor == 0.0);
    CHECK(exp.maxAttempts == 7);

    // Options of another strategy are not read (as Flink).
    CHECK(parse({{"restart-strategy.type", "none"}, {"restart-strategy.fixed-delay.attempts", "x"}})
              .restart.type == Type::None);
}

TEST_CASE("Bad restart-strategy values name the key", "[checkpoint]") {
    CHECK(validationError({{"restart-strategy.type", "sometimes"}}) ==
          "Invalid value for option 'restart-strategy.type': 'sometimes'. Possible values are: none, off, "
          "disable, "
          "fixed-delay, fixeddelay, failure-rate, failurerate, exponential-delay, exponentialdelay");
    CHECK_THAT(validationError({{"restart-strategy.type", "fixed-delay"},
                                {"restart-strategy.fixed-delay.attempts", "-1"}}),
               Catch::Contains("'restart-strategy.fixed-delay.attempts': '-1'"));
    CHECK_THAT(validationError(
                   {{"restart-strategy.type", "fixed-delay"}, {"restart-strategy.fixed-delay.delay", "x"}}),
               Catch::Contains("'restart-strategy.fixed-delay.delay': 'x' is not a duration"));
    CHECK_THAT(validationError({{"restart-strategy.type", "failure-rate"},
                                {"restart-strategy.failure-rate.max-failures-per-interval", "0"}}),
               Catch::Contains("'restart-strategy.failure-rate.max-failures-per-interval': '0'"));
    CHECK_THAT(validationError({{"restart-strategy.type", "exponential-delay"},
                                {"restart-strategy.exponential-delay.jitter-factor", "1.5"}}),
               Catch::Contains("'restart-strategy.exponential-delay.jitter-factor': '1.5'") &&
                   Catch::Contains("between 0 and 1"));
    CHECK_THAT(validationError({{"restart-strategy.type", "exponential-delay"},
                                {"restart-strategy.exponential-delay.backoff-multiplier", "0.5"}}),
               Catch::Contains("backoff multiplier must be at least 1"));
    CHECK_THAT(validationError({{"restart-strategy.type", "exponential-delay"},
                                {"restart-strategy.exponential-delay.initial-backoff", "2 min"}}),
               Catch::Contains("'restart-strategy.exponential-delay.initial-backoff': '2 min'") &&
                   Catch::Contains("cannot be higher than the maximum backoff"));
    // Checked with checkpointing on even when the type is the default.
    CHECK_THAT(validationError({{"execution.checkpointing.interval", "1 s"},
                                {"restart-strategy.exponential-delay.attempts-before-reset-backoff", "0"}}),
               Catch::Contains("'restart-strategy.exponential-delay.attempts-before-reset-backoff': '0'"));
}

TEST_CASE("SET takes checkpoint options and SET; lists their defaults", "[checkpoint]") {
    cli::Registries registries;
    planner::Session session{registries.connectors(), registries.functions()};
    auto run = [&](const std::string& sql) {
        planner::StatementResult last;
        for (auto& s : planner::Session::parse(sql)) last = session.execute(*s);
        return last;
    };
    run("SET 'execution.checkpointing.interval' = '10s';"
        "SET 'execution.checkpointing.mode' = 'AT_LEAST_ONCE';"
        "SET 'state.checkpoints.dir' = 'file:///tmp/sluice-ckpt';"
        "SET 'restart-strategy.type' = 'fixed-delay';"
        "SET 'restart-strategy.fixed-delay.attempts' = '3';");
    CheckpointConfig c = CheckpointConfig::parse(session.configEntries());
    CHECK(c.checkpoints.intervalMs == 10000);
    CHECK_FALSE(c.checkpoints.exactlyOnce);
    CHECK(c.checkpoints.dir == "/tmp/sluice-ckpt");
    CHECK(c.restart.describe() == "fixed-delay (attempts=3, delay=1 s)");

    CHECK(session.config("execution.checkpointing.timeout") == "10 min");
    auto listing = run("SET;");
    REQUIRE(listing.rows.size() == 1);
    std::map<std::string, std::string> listed;
    const auto& b = listing.rows[0];
    for (size_t i = 0; i < b.numRows; ++i)
        listed[b.columns[0].getValue(i).asString()] = b.columns[1].getValue(i).asString();
    CHECK(listed["execution.checkpointing.interval"] == "10s");
    CHECK(listed["execution.checkpointing.mode"] == "AT_LEAST_ONCE");
    CHECK(listed["execution.checkpointing.max-concurrent-checkpoints"] == "1");
    CHECK(listed["state.checkpoints.num-retained"] == "1");
    // The session's defaults parse to the same settings as no configuration at all.
    std::map<std::string, std::string> defaults;
    for (const auto& [k, v] : listed)
        if (k.rfind("execution.checkpointing.", 0) == 0 && k != "execution.checkpointing.interval" &&
            k != "execution.checkpointing.mode")
            defaults[k] = v;
    auto fromDefaults = CheckpointConfig::parseCheckpointSettings(defaults, "/w");
    auto fromNothing = CheckpointConfig::parseCheckpointSettings({}, "/w");
    CHECK(fromDefaults.timeoutMs == fromNothing.timeoutMs);
    CHECK(fromDefaults.minPauseMs == fromNothing.minPauseMs);
    CHECK(fromDefaults.maxConcurrent == fromNothing.maxConcurrent);
    CHECK(fromDefaults.tolerableFailures == fromNothing.tolerableFailures);
    CHECK(fromDefaults.retainOnCancellation == fromNothing.retainOnCancellation);
}
