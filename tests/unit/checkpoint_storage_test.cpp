#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <openssl/evp.h>

#include <catch2/catch.hpp>

#include "temp_dir.h"

#include "common/error.h"
#include "runtime/checkpoint_settings.h"
#include "runtime/checkpoint_storage.h"

using namespace sluice;
using namespace sluice::runtime;
namespace fs = std::filesystem;

namespace {

using sluice::test::TempDir;

CompletedCheckpoint makeCheckpoint(int64_t id) {
    CompletedCheckpoint c;
    c.id = id;
    c.jobKey = "rides";
    c.fingerprint = "fp-123";
    c.timestampMillis = 1700000000000 + id;
    c.states["Source: rides -> Sink: out#0/source"] = "offsets " + std::to_string(id);
    return c;
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeFile(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::vector<std::string> chkDirs(const fs::path& jobDir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(jobDir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string loadError(const std::string& path) {
    try {
        CheckpointStorage::load(path);
    } catch (const ExecutionError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("Checkpoint metadata round trip keeps every field and binary state", "[checkpoint]") {
    TempDir tmp;
    CheckpointStorage storage("file://" + tmp.path.string(), "rides", 3);
    CHECK(storage.jobDir() == (tmp.path / "rides").string());

    CompletedCheckpoint c = makeCheckpoint(7);
    std::string binary("a\0b\0\0c\xff\x01", 8);
    c.states["op#1/window"] = binary;
    c.states["empty"] = "";
    c.states[std::string("key\0with-nul", 12)] = std::string(200000, '\0');  // larger than one buffer
    std::string dir = storage.write(c);
    CHECK(dir == (tmp.path / "rides" / "chk-7").string());
    CHECK(fs::exists(fs::path(dir) / "_metadata"));
    CHECK_FALSE(fs::exists(fs::path(dir) / "_metadata.inprogress"));

    for (const std::string& from : {dir, dir + "/_metadata", "file://" + dir}) {
        CompletedCheckpoint r = CheckpointStorage::load(from);
        CHECK(r.id == 7);
        CHECK(r.jobKey == "rides");
        CHECK(r.fingerprint == "fp-123");
        CHECK(r.timestampMillis == c.timestampMillis);
        CHECK_FALSE(r.savepoint);
        CHECK(r.states == c.states);
        CHECK(r.states.at("op#1/window").size() == 8);
        CHECK(r.path == dir);
    }

    std::vector<std::string> warnings;
    auto latest = storage.latest(warnings);
    REQUIRE(latest);
    CHECK(latest->id == 7);
    CHECK(latest->states == c.states);
    CHECK(warnings.empty());
}

TEST_CASE("Checkpoint retention keeps the newest num-retained, in numeric order", "[checkpoint]") {
    TempDir tmp;
    CheckpointStorage storage(tmp.path.string(), "job", 2);
    // 9 -> 10 -> 11 sorts differently as text ("chk-10" < "chk-9").
    for (int64_t id : {8, 9, 10, 11}) storage.write(makeCheckpoint(id));
    CHECK(chkDirs(storage.jobDir()) == std::vector<std::string>{"chk-10", "chk-11"});

    std::vector<std::string> warnings;
    auto latest = storage.latest(warnings);
    REQUIRE(latest);
    CHECK(latest->id == 11);

    CheckpointStorage one(tmp.path.string(), "job", 1);
    one.write(makeCheckpoint(12));
    CHECK(chkDirs(one.jobDir()) == std::vector<std::string>{"chk-12"});
}

TEST_CASE("A truncated newest checkpoint falls back to the previous one with a warning", "[checkpoint]") {
    TempDir tmp;
    CheckpointStorage storage(tmp.path.string(), "job", 3);
    storage.write(makeCheckpoint(1));
    std::string newest = storage.write(makeCheckpoint(2));
    fs::path file = fs::path(newest) / "_metadata";
    std::string bytes = readFile(file);
    writeFile(file, bytes.substr(0, bytes.size() - 10));

    std::vector<std::string> warnings;
    auto latest = storage.latest(warnings);
    REQUIRE(latest);
    CHECK(latest->id == 1);
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Catch::Contains(file.string()) && Catch::Contains("truncated"));

    // Every shorter prefix is refused too, never misread.
    for (size_t n = 0; n < bytes.size(); ++n) {
        writeFile(file, bytes.substr(0, n));
        std::string error = loadError(newest);
        INFO("prefix of " << n << " bytes: " << error);
        CHECK_THAT(error, Catch::Contains(file.string()));
        CHECK_THAT(error, Catch::Contains("truncated") || Catch::Contains("empty"));
    }

    // A directory left without _metadata (crash before the rename) is skipped as well.
    fs::create_directories(fs::path(storage.jobDir()) / "chk-3");
    warnings.clear();
    latest = storage.latest(warnings);
    REQUIRE(latest);
    CHECK(latest->id == 1);
    REQUIRE(warnings.size() == 2);
    CHECK_THAT(warnings[0], Catch::Contains("chk-3") && Catch::Contains("no _metadata"));
}

TEST_CASE("A flipped byte anywhere in checkpoint metadata is detected", "[checkpoint]") {
    TempDir tmp;
    CheckpointStorage storage(tmp.path.string(), "job", 3);
    std::string good = storage.write(makeCheckpoint(1));
    CompletedCheckpoint second = makeCheckpoint(2);
    second.states["b"] = std::string("\0\1\2", 3);
    std::string dir = storage.write(second);
    fs::path file = fs::path(dir) / "_metadata";
    const std::string bytes = readFile(file);

    for (size_t i = 0; i < bytes.size(); ++i) {
        std::string bad = bytes;
        bad[i] = static_cast<char>(bad[i] ^ 0x20);
        writeFile(file, bad);
        std::string error = loadError(dir);
        INFO("byte " << i << ": " << error);
        CHECK_THAT(error, Catch::Contains(file.string()));
    }

    constexpr size_t kDigest = 32;  // SHA-256 at the end; the value "\0\1\2" just before it
    std::string bad = bytes;
    bad[bytes.size() - kDigest - 2] ^= 0x01;  // inside the last state value: only the checksum can tell
    writeFile(file, bad);
    CHECK_THAT(loadError(dir), Catch::Contains("checksum mismatch"));
    std::vector<std::string> warnings;
    auto latest = storage.latest(warnings);
    REQUIRE(latest);
    CHECK(latest->path == good);
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Catch::Contains(file.string()) && Catch::Contains("corrupt"));

    writeFile(file, bytes + "x");
    CHECK_THAT(loadError(dir), Catch::Contains("unexpected bytes"));
}

TEST_CASE("Checkpoint load names the path and the problem", "[checkpoint]") {
    TempDir tmp;
    CHECK_THAT(loadError((tmp.path / "nope").string()),
               Catch::Contains((tmp.path / "nope").string()) && Catch::Contains("does not exist"));
    CHECK_THAT(loadError(tmp.path.string()), Catch::Contains("not a checkpoint or savepoint directory"));

    fs::path other = tmp.path / "other";
    writeFile(other, "hello world, this is not a checkpoint at all");
    CHECK_THAT(loadError(other.string()), Catch::Contains("not a Sluice checkpoint metadata file"));

    CheckpointStorage storage(tmp.path.string(), "job", 1);
    fs::path file = fs::path(storage.write(makeCheckpoint(1))) / "_metadata";
    std::string bytes = readFile(file);
    bytes[8] = 9;  // format version, little-endian
    writeFile(file, bytes);
    CHECK_THAT(loadError(file.string()),
               Catch::Contains(file.string()) && Catch::Contains("unknown format version 9"));
}

TEST_CASE("Savepoints are named savepoint-<id>-<millis> and survive removeAll", "[checkpoint]") {
    TempDir tmp;
    CheckpointStorage storage(tmp.path.string(), "job", 1);
    CompletedCheckpoint c = makeCheckpoint(5);
    c.timestampMillis = 1234;

    std::string own = storage.writeSavepoint(c, "");
    CHECK(own == (tmp.path / "job" / "savepoints" / "savepoint-5-1234").string());
    std::string elsewhere = storage.writeSavepoint(c, "file://" + (tmp.path / "sp").string());
    CHECK(elsewhere == (tmp.path / "sp" / "savepoint-5-1234").string());
    CompletedCheckpoint r = CheckpointStorage::load(elsewhere);
    CHECK(r.savepoint);
    CHECK(r.id == 5);
    CHECK(r.states == c.states);
    CHECK(r.path == elsewhere);

    storage.write(makeCheckpoint(6));
    storage.write(makeCheckpoint(7));
    // Savepoints are not checkpoints: latest() ignores them, removeAll() leaves them.
    std::vector<std::string> warnings;
    CHECK(storage.latest(warnings)->id == 7);
    storage.removeAll();
    CHECK_FALSE(fs::exists(fs::path(storage.jobDir()) / "chk-7"));
    CHECK(fs::exists(fs::path(own) / "_metadata"));
    CHECK(fs::exists(fs::path(elsewhere) / "_metadata"));
    CHECK_FALSE(storage.latest(warnings));
    CHECK(warnings.empty());
}

TEST_CASE("removeAll removes the job's checkpoints and its empty folder", "[checkpoint]") {
    TempDir tmp;
    CheckpointStorage storage(tmp.path.string(), "a/../b c", 2);  // not a path: one safe component
    CHECK(fs::path(storage.jobDir()).parent_path() == tmp.path);
    storage.write(makeCheckpoint(1));
    storage.write(makeCheckpoint(2));
    storage.removeAll();
    CHECK_FALSE(fs::exists(storage.jobDir()));
    CHECK(fs::exists(tmp.path));
    std::vector<std::string> warnings;
    CHECK_FALSE(storage.latest(warnings));
    storage.removeAll();  // nothing left: no error
}

TEST_CASE("Checkpoint write fails with ExecutionError naming the path", "[checkpoint]") {
    TempDir tmp;
    writeFile(tmp.path / "file", "x");
    CheckpointStorage storage((tmp.path / "file").string(), "job", 1);
    CHECK_THROWS_MATCHES(storage.write(makeCheckpoint(1)), ExecutionError,
                         Catch::Matchers::Predicate<ExecutionError>([&](const ExecutionError& e) {
                             return std::string(e.what()).find((tmp.path / "file").string()) !=
                                    std::string::npos;
                         }));
}

TEST_CASE("RestartStrategy::describe prints the strategy and its options", "[checkpoint]") {
    RestartStrategy r;
    CHECK(r.describe() == "none");
    r.type = RestartStrategy::Type::FixedDelay;
    r.attempts = 3;
    r.delayMs = 10000;
    CHECK(r.describe() == "fixed-delay (attempts=3, delay=10 s)");
    r.type = RestartStrategy::Type::FailureRate;
    r.delayMs = 1500;
    CHECK(r.describe() ==
          "failure-rate (max-failures-per-interval=1, failure-rate-interval=1 min, delay=1500 ms)");
    r.type = RestartStrategy::Type::ExponentialDelay;
    CHECK(r.describe() ==
          "exponential-delay (initial-backoff=1 s, max-backoff=1 min, backoff-multiplier=1.5, "
          "reset-backoff-threshold=1 h, jitter-factor=0.1, attempts-before-reset-backoff=unlimited)");
}

TEST_CASE("A pending checkpoint is not latest(); promote makes it complete, then retention runs",
          "[checkpoint]") {
    TempDir tmp;
    CheckpointStorage storage(tmp.path.string(), "job", 1);
    storage.write(makeCheckpoint(4));
    CompletedCheckpoint p = makeCheckpoint(5);
    p.lineage = "lineage-a";
    storage.writePending(p);
    // Retention waits for the promotion: chk-4 is what recovery falls back to.
    CHECK(chkDirs(storage.jobDir()) == std::vector<std::string>{"chk-4", "chk-5"});
    std::vector<std::string> warnings;
    auto latest = storage.latest(warnings);
    REQUIRE(latest);
    CHECK(latest->id == 4);
    CHECK(warnings.empty());  // a pending directory is not "incomplete"
    auto pendings = storage.pendings(warnings);
    REQUIRE(pendings.size() == 1);
    CHECK(pendings[0].id == 5);
    CHECK(pendings[0].pending);
    CHECK(pendings[0].lineage == "lineage-a");
    CHECK(pendings[0].states == p.states);
    CHECK_THROWS_WITH(CheckpointStorage::load((fs::path(storage.jobDir()) / "chk-5").string()),
                      Catch::Contains("pending checkpoint"));

    std::string dir = storage.promote(5);
    CHECK(fs::exists(fs::path(dir) / "_metadata"));
    CHECK_FALSE(fs::exists(fs::path(dir) / "_metadata.pending"));
    latest = storage.latest(warnings);
    REQUIRE(latest);
    CHECK(latest->id == 5);
    CHECK_FALSE(latest->pending);
    CHECK(latest->lineage == "lineage-a");
    CHECK(storage.pendings(warnings).empty());
    CHECK(chkDirs(storage.jobDir()) == std::vector<std::string>{"chk-5"});
    CHECK_THROWS_AS(storage.promote(5), ExecutionError);  // nothing pending any more
}

TEST_CASE("discardPending removes only a pending checkpoint; stale pendings go with retention",
          "[checkpoint]") {
    TempDir tmp;
    CheckpointStorage storage(tmp.path.string(), "job", 2);
    storage.write(makeCheckpoint(1));
    storage.writePending(makeCheckpoint(2));
    storage.writePending(makeCheckpoint(3));  // 2 failed after its stage one; 3 is the newest
    std::vector<std::string> warnings;
    auto pendings = storage.pendings(warnings);
    REQUIRE(pendings.size() == 2);
    CHECK(pendings[0].id == 3);
    CHECK(pendings[1].id == 2);

    storage.discardPending(3);
    storage.discardPending(1);  // complete: left alone
    CHECK(chkDirs(storage.jobDir()) == std::vector<std::string>{"chk-1", "chk-2"});
    auto latest = storage.latest(warnings);
    REQUIRE(latest);
    CHECK(latest->id == 1);

    // A later complete checkpoint makes the older pending one unreachable: retention removes it.
    storage.write(makeCheckpoint(4));
    CHECK(chkDirs(storage.jobDir()) == std::vector<std::string>{"chk-1", "chk-4"});
    CHECK(storage.pendings(warnings).empty());
    CHECK(warnings.empty());
}

TEST_CASE("A corrupt pending checkpoint is skipped with a warning", "[checkpoint]") {
    TempDir tmp;
    CheckpointStorage storage(tmp.path.string(), "job", 1);
    storage.write(makeCheckpoint(1));
    storage.writePending(makeCheckpoint(2));
    fs::path file = fs::path(storage.jobDir()) / "chk-2" / "_metadata.pending";
    std::string bytes = readFile(file);
    bytes[bytes.size() / 2] ^= 0x01;
    writeFile(file, bytes);
    std::vector<std::string> warnings;
    CHECK(storage.pendings(warnings).empty());
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Catch::Contains("_metadata.pending") && Catch::Contains("corrupt"));
}

TEST_CASE("The lineage file survives until removeAll", "[checkpoint]") {
    TempDir tmp;
    CheckpointStorage storage(tmp.path.string(), "job", 1);
    CHECK(storage.readLineage().empty());
    storage.writeLineage("0123abcd");
    CHECK(storage.readLineage() == "0123abcd");
    storage.write(makeCheckpoint(1));
    storage.removeAll();
    CHECK(storage.readLineage().empty());
    CHECK_FALSE(fs::exists(storage.jobDir()));
}

TEST_CASE("Version 1 checkpoint metadata (no lineage) is still read", "[checkpoint]") {
    TempDir tmp;
    CheckpointStorage storage(tmp.path.string(), "job", 1);
    CompletedCheckpoint c = makeCheckpoint(3);
    std::string dir = storage.write(c);
    // Rebuild the file as version 1 wrote it: no lineage string after the savepoint flag, and the
    // body length and checksum to match.
    std::string v2 = readFile(fs::path(dir) / "_metadata");
    size_t header = 8 + 4 + 8;
    size_t lineageAt = header + 8 + (8 + c.jobKey.size()) + (8 + c.fingerprint.size()) + 8 + 1;
    std::string body = v2.substr(header, v2.size() - header - 32);
    body.erase(lineageAt - header, 8);  // the empty lineage: its u64 length only
    std::string v1 = v2.substr(0, 8);
    for (int i = 0; i < 4; ++i) v1 += static_cast<char>(i == 0 ? 1 : 0);
    for (int i = 0; i < 8; ++i) v1 += static_cast<char>((body.size() >> (8 * i)) & 0xff);
    v1 += body;
    unsigned char digest[32];
    unsigned int len = 0;
    EVP_Digest(v1.data(), v1.size(), digest, &len, EVP_sha256(), nullptr);
    v1.append(reinterpret_cast<const char*>(digest), 32);
    writeFile(fs::path(dir) / "_metadata", v1);
    CompletedCheckpoint back = CheckpointStorage::load(dir);
    CHECK(back.id == 3);
    CHECK(back.lineage.empty());
    CHECK(back.states == c.states);
}
