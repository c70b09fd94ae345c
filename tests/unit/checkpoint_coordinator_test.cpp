#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "temp_dir.h"

#include "runtime/checkpoint_coordinator.h"
#include "runtime/checkpoint_storage.h"

using namespace sluice::runtime;
namespace fs = std::filesystem;

namespace {

using sluice::test::TempDir;

/// Polls `done` for up to 10 s (the coordinator's thread works on its own schedule).
template <typename F>
bool eventually(F done) {
    for (int i = 0; i < 1000; ++i) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
}

struct Fixture {
    TempDir tmp;
    std::vector<std::string> log;
    std::mutex logMutex;
    std::unique_ptr<CheckpointCoordinator> coordinator;
    std::string jobDir;

    explicit Fixture(std::vector<bool> committers) {
        CheckpointSettings settings;
        settings.intervalMs = 3600000;  // only the first one, triggered at start
        settings.dir = tmp.path.string();
        auto storage = std::make_unique<CheckpointStorage>(settings.dir, "job", 1);
        jobDir = storage->jobDir();
        CheckpointCoordinator::Callbacks callbacks;
        callbacks.log = [this](const std::string& line) {
            std::lock_guard lock(logMutex);
            log.push_back(line);
        };
        coordinator = std::make_unique<CheckpointCoordinator>(settings, std::move(storage), "job", "fp",
                                                              committers.size(), callbacks);
        coordinator->setLineage("lin");
        coordinator->setBarrierCommitters(std::move(committers));
        // The first trigger comes at start + interval; a savepoint request triggers at once.
    }
    fs::path chk(int64_t id) const { return fs::path(jobDir) / ("chk-" + std::to_string(id)); }
};

/// Takes a savepoint (which triggers a checkpoint at once); "" or the error.
std::string takeSavepoint(CheckpointCoordinator& c) {
    try {
        c.takeSavepoint(std::chrono::seconds(20));
        return {};
    } catch (const std::exception& e) {
        return e.what();
    }
}

}  // namespace

TEST_CASE("Two-stage checkpoint: pending metadata, the sinks' commits, then complete", "[checkpoint]") {
    // Tasks 0 and 1 have barrier-committing sinks; task 2 does not.
    Fixture f({true, true, false});
    f.coordinator->start();
    std::string error = "not yet";  // Catch2 assertions stay on the test's thread
    std::thread savepoint([&] { error = takeSavepoint(*f.coordinator); });
    REQUIRE(eventually([&] { return f.coordinator->triggeredId() == 1; }));
    auto never = [] { return false; };

    f.coordinator->acknowledge(2, 1, {{"t2", "x"}}, 100);
    f.coordinator->acknowledge(0, 1, {{"t0", "x"}}, 100);
    f.coordinator->acknowledge(1, 1, {{"t1", "x"}}, 100);
    CHECK(f.coordinator->awaitPendingDurable(1, never));
    // Stage one: durable as pending, not complete.
    CHECK(fs::exists(f.chk(1) / "_metadata.pending"));
    CHECK_FALSE(fs::exists(f.chk(1) / "_metadata"));
    CHECK(f.coordinator->completedId() == 0);

    f.coordinator->committed(0, 1, 5000);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(f.coordinator->completedId() == 0);  // task 1 has not committed yet
    // A finished committer does not hold the checkpoint back.
    f.coordinator->taskFinished(1, {});
    REQUIRE(eventually([&] { return f.coordinator->completedId() == 1; }));
    CHECK(fs::exists(f.chk(1) / "_metadata"));
    CHECK_FALSE(fs::exists(f.chk(1) / "_metadata.pending"));
    CHECK(CheckpointStorage::load(f.chk(1).string()).lineage == "lin");
    for (size_t t : {0, 2}) f.coordinator->notified(t, 1);
    savepoint.join();
    CHECK(error.empty());
    auto stats = f.coordinator->stats();
    CHECK(stats.lastMaxPauseMicros == 5000);  // the commit's pause counts
    std::lock_guard lock(f.logMutex);
    REQUIRE_FALSE(f.log.empty());
    CHECK_THAT(f.log.back(), Catch::Contains("longest task pause 5.0 ms") &&
                                 Catch::Contains("sinks committed") && Catch::Contains("after the pending"));
}

TEST_CASE("A checkpoint that fails before its pending metadata is not committed", "[checkpoint]") {
    Fixture f({true, false});
    f.coordinator->start();
    std::string error = "not yet";
    std::thread savepoint([&] { error = takeSavepoint(*f.coordinator); });
    REQUIRE(eventually([&] { return f.coordinator->triggeredId() == 1; }));
    f.coordinator->acknowledge(0, 1, {}, 1);
    bool durable = true;
    std::thread waiter([&] { durable = f.coordinator->awaitPendingDurable(1, [] { return false; }); });
    f.coordinator->decline(1, 1, "no");
    waiter.join();
    savepoint.join();
    CHECK_FALSE(durable);
    CHECK_THAT(error, Catch::Contains("no"));
    CHECK_FALSE(fs::exists(f.chk(1)));
    CHECK(f.coordinator->completedId() == 0);
}

TEST_CASE("Without barrier-committing sinks a checkpoint is written complete at once", "[checkpoint]") {
    Fixture f({false, false});
    f.coordinator->start();
    std::string error = "not yet";  // Catch2 assertions stay on the test's thread
    std::thread savepoint([&] { error = takeSavepoint(*f.coordinator); });
    REQUIRE(eventually([&] { return f.coordinator->triggeredId() == 1; }));
    f.coordinator->acknowledge(0, 1, {}, 1);
    f.coordinator->acknowledge(1, 1, {}, 1);
    REQUIRE(eventually([&] { return f.coordinator->completedId() == 1; }));
    CHECK(fs::exists(f.chk(1) / "_metadata"));
    f.coordinator->notified(0, 1);
    f.coordinator->notified(1, 1);
    savepoint.join();
    CHECK(error.empty());
    std::lock_guard lock(f.logMutex);
    CHECK_THAT(f.log.back(), !Catch::Contains("sinks committed"));
}
