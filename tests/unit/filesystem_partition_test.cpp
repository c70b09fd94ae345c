// The filesystem connector's partitions: path escaping, the partition time extractor, partition
// commit (success files after checkpoints), reading partitions back, and the source's checkpoints.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "common/error.h"
#include "connectors/builtin_connectors.h"
#include "connectors/filesystem/partition_path.h"
#include "connectors/filesystem/partition_time_extractor.h"
#include "runtime/collector.h"

using namespace sluice;
using namespace sluice::connectors;
namespace fs = std::filesystem;

namespace {

struct Rows : runtime::Collector {
    std::vector<RecordBatch> batches;
    void collect(RecordBatch batch) override { batches.push_back(std::move(batch)); }
    // Every row as "v1|v2|..." (NULL as "null").
    std::vector<std::string> text() const {
        std::vector<std::string> out;
        for (const auto& b : batches)
            for (size_t r = 0; r < b.numRows; ++r) {
                std::string line;
                for (size_t c = 0; c < b.columns.size(); ++c) {
                    if (c) line += '|';
                    const Vector& v = b.columns[c];
                    if (v.isNull(r))
                        line += "null";
                    else if (v.type().isString())
                        line += std::string(v.stringAt(r));
                    else if (v.type().id == TypeId::Int)
                        line += std::to_string(v.data<int32_t>()[r]);
                    else
                        line += std::to_string(v.data<int64_t>()[r]);
                }
                out.push_back(line);
            }
        return out;
    }
};

struct Dir {
    fs::path path;
    Dir() {
        static int n = 0;
        path = fs::temp_directory_path() /
               ("sluice-fspart-" + std::to_string(::getpid()) + "-" + std::to_string(++n));
        fs::create_directories(path);
    }
    ~Dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

const planner::ConnectorFactory& filesystem() {
    static planner::ConnectorRegistry registry = [] {
        planner::ConnectorRegistry r;
        registerBuiltinConnectors(r);
        return r;
    }();
    return registry.get("filesystem");
}

std::vector<Field> fields() {
    return {{"id", DataType::integer()}, {"name", DataType::string()}, {"dt", DataType::string()}};
}

planner::ConnectorTable table(const fs::path& dir,
                              std::vector<std::pair<std::string, std::string>> extra = {},
                              std::vector<std::string> keys = {"dt"}) {
    planner::ConnectorTable t;
    t.name = "default_catalog.default_database.t";
    t.physical.fields = fields();
    t.partitionKeys = std::move(keys);
    std::vector<std::pair<std::string, std::string>> options = {
        {"connector", "filesystem"}, {"path", dir.string()}, {"format", "csv"}};
    for (auto& e : extra) options.push_back(std::move(e));
    t.options = planner::TableOptions(std::move(options));
    return t;
}

RecordBatch batch(const std::vector<std::tuple<int, std::string, std::optional<std::string>>>& rows) {
    Schema s;
    s.fields = fields();
    RecordBatch b(s);
    for (const auto& [id, name, dt] : rows) {
        b.columns[0].append<int32_t>(id);
        b.columns[1].appendString(name);
        if (dt)
            b.columns[2].appendString(*dt);
        else
            b.columns[2].appendNull();
    }
    b.numRows = rows.size();
    return b;
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const SluiceError& e) {
        return e.what();
    }
    return "<no error>";
}

// The visible (not hidden) part files below `dir`, relative, and their lines.
std::multiset<std::string> visibleLines(const fs::path& dir) {
    std::multiset<std::string> lines;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        std::string name = e.path().filename().string();
        if (!e.is_regular_file() || name[0] == '.' || name[0] == '_') continue;
        std::ifstream in(e.path());
        std::string rel = fs::relative(e.path().parent_path(), dir).string();
        for (std::string line; std::getline(in, line);) lines.insert(rel + ":" + line);
    }
    return lines;
}

bool present(const fs::path& p) {
    return fs::exists(p);
}

}  // namespace

TEST_CASE("partition paths are escaped as Flink's PartitionPathUtils", "[connectors][filesystem]") {
    CHECK(escapePathName("2024-01-31") == "2024-01-31");
    CHECK(escapePathName("a/b=c:d%e") == "a%2Fb%3Dc%3Ad%25e");
    CHECK(escapePathName("x y\t#?*'\"\\{[]^") == "x y%09%23%3F%2A%27%22%5C%7B%5B%5D%5E");
    CHECK(escapePathName(std::string("\x01\x7f", 2)) == "%01%7F");
    CHECK(escapePathName("héllo") == "héllo");  // non-ASCII as is
    CHECK(unescapePathName("a%2Fb%3Dc%3Ad%25e") == "a/b=c:d%e");
    CHECK(unescapePathName("100%") == "100%");
    CHECK(unescapePathName("%zz1") == "%zz1");
    CHECK(unescapePathName("%41") == "A");
    CHECK(unescapePathName("x%4") == "x%4");
    CHECK(partitionPath({"dt", "h r"}, {"2024/01", "1"}) == "dt=2024%2F01/h r=1");
    auto spec = parsePartitionPath("dt=2024%2F01/hr=1/plain");
    REQUIRE(spec.size() == 2);
    CHECK(spec[0] == std::make_pair(std::string("dt"), std::string("2024/01")));
    CHECK(spec[1] == std::make_pair(std::string("hr"), std::string("1")));

    Vector ts(DataType::timestamp(3));
    ts.append<int64_t>(1706695200000000);  // 2024-01-31 10:00:00
    ts.append<int64_t>(1706695205000000);  // :05
    ts.append<int64_t>(1706695205120000);  // :05.12
    ts.append<int64_t>(1706695205123456);  // :05.123456
    CHECK(partitionValueText(ts, 0, "D") == "2024-01-31T10:00");
    CHECK(partitionValueText(ts, 1, "D") == "2024-01-31T10:00:05");
    CHECK(partitionValueText(ts, 2, "D") == "2024-01-31T10:00:05.120");
    CHECK(partitionValueText(ts, 3, "D") == "2024-01-31T10:00:05.123456");
    Vector b(DataType::boolean());
    b.append<uint8_t>(1);
    b.appendNull();
    CHECK(partitionValueText(b, 0, "D") == "true");
    CHECK(partitionValueText(b, 1, "D") == "D");
    Vector s(DataType::string());
    s.appendString("");
    CHECK(partitionValueText(s, 0, "__DEFAULT_PARTITION__") == "__DEFAULT_PARTITION__");
    Vector d(DataType::date());
    d.append<int32_t>(19753);
    CHECK(partitionValueText(d, 0, "D") == "2024-01-31");
}

TEST_CASE("the partition time extractor follows Flink's DefaultPartTimeExtractor",
          "[connectors][filesystem]") {
    constexpr int64_t kDay = 86400LL * 1000000;
    const int64_t jan31 = 19753 * kDay;
    PartitionTimeExtractor first(std::nullopt, std::nullopt);
    CHECK(first.extract({"dt", "hr"}, {"2024-01-31", "10"}) == jan31);
    CHECK(first.extract({"dt"}, {"2024-1-31 4:05:06"}) == jan31 + (4 * 3600 + 5 * 60 + 6) * 1000000LL);
    CHECK(first.extract({"dt"}, {"2024-01-31 10:00:00.5"}) == jan31 + 10 * 3600 * 1000000LL + 500000);
    CHECK_THROWS_AS(first.extract({"dt"}, {"31.01.2024"}), ExecutionError);

    PartitionTimeExtractor pattern(std::string("$dt $hr:00:00"), std::nullopt);
    CHECK(pattern.timestampText({"dt", "hr"}, {"2024-01-31", "10"}) == "2024-01-31 10:00:00");
    CHECK(pattern.extract({"dt", "hr"}, {"2024-01-31", "10"}) == jan31 + 10 * 3600 * 1000000LL);

    PartitionTimeExtractor compact(std::string("$year$month$day"), std::string("yyyyMMdd"));
    CHECK(compact.extract({"year", "month", "day"}, {"2024", "01", "31"}) == jan31);
    CHECK_THROWS_AS(compact.extract({"year", "month", "day"}, {"2024", "1", "31"}), ExecutionError);
    PartitionTimeExtractor minutes(std::nullopt, std::string("yyyy-MM-dd_HH:mm"));
    CHECK(minutes.extract({"m"}, {"2024-01-31_10:30"}) == jan31 + (10 * 60 + 30) * 60 * 1000000LL);
    PartitionTimeExtractor quoted(std::nullopt, std::string("yyyy-MM-dd'T'HH"));
    CHECK(quoted.extract({"m"}, {"2024-01-31T10"}) == jan31 + 10 * 3600 * 1000000LL);
    CHECK_THROWS_AS(PartitionTimeExtractor(std::nullopt, std::string("dd-MMM-yyyy")), NotSupportedError);
}

TEST_CASE("a partitioned filesystem sink writes col=value directories without the partition columns",
          "[connectors][filesystem]") {
    Dir dir;
    auto t = table(dir.path, {{"partition.default-name", "NONE"}});
    auto provider = filesystem().createSink(t, {});
    auto sink = provider->createSink(0, 1);
    runtime::SinkContext ctx;
    sink->open(ctx);
    sink->write(batch({{1, "a", "2024-01-31"}, {2, "b", "x/y"}, {3, "c", std::nullopt}, {4, "d", ""}}));
    sink->finish();
    sink->close();
    CHECK(visibleLines(dir.path) ==
          std::multiset<std::string>{"dt=2024-01-31:1,a", "dt=x%2Fy:2,b", "dt=NONE:3,c", "dt=NONE:4,d"});
    // no policy: nothing is committed (Flink)
    CHECK_FALSE(present(dir.path / "dt=2024-01-31" / "_SUCCESS"));

    // read back: the partition column from the path, NONE as NULL
    planner::ScanRequest scan;
    scan.physicalFields = {2, 0};
    auto source = filesystem().createSource(t, scan, {});
    Rows out;
    auto s = source->createSource(0, 1);
    runtime::SourceContext sctx;
    s->open(sctx);
    while (s->poll(out)) {
    }
    auto rows = out.text();
    CHECK(std::multiset<std::string>(rows.begin(), rows.end()) ==
          std::multiset<std::string>{"2024-01-31|1", "x/y|2", "null|3", "null|4"});
}

TEST_CASE("partitions are committed after the checkpoint that made their files final",
          "[connectors][filesystem]") {
    Dir dir;
    auto t = table(dir.path, {{"sink.partition-commit.policy.kind", "success-file"},
                              {"sink.partition-commit.success-file.name", "_DONE"}});
    auto provider = filesystem().createSink(t, {});
    // two subtasks: a partition is committed once both made their files of the checkpoint final
    auto s0 = provider->createSink(0, 2);
    auto s1 = provider->createSink(1, 2);
    runtime::SinkContext c0, c1;
    c0.subtask = 0;
    c1.subtask = 1;
    c0.checkpointing = c1.checkpointing = true;
    s0->open(c0);
    s1->open(c1);
    s0->write(batch({{1, "a", "p"}}));
    s1->write(batch({{2, "b", "p"}, {3, "c", "q"}}));
    s0->prepareCheckpoint(1);
    s1->prepareCheckpoint(1);
    CHECK(visibleLines(dir.path).empty());
    s0->notifyCheckpointComplete(1);
    CHECK(visibleLines(dir.path) == std::multiset<std::string>{"dt=p:1,a"});
    CHECK_FALSE(present(dir.path / "dt=p" / "_DONE"));  // subtask 1's file is not final yet
    s1->notifyCheckpointComplete(1);
    CHECK(visibleLines(dir.path).size() == 3);
    CHECK(present(dir.path / "dt=p" / "_DONE"));
    CHECK(present(dir.path / "dt=q" / "_DONE"));
    fs::remove(dir.path / "dt=p" / "_DONE");
    // rows after the barrier are not part of it; a later checkpoint commits their partition again
    s0->write(batch({{4, "d", "p"}}));
    s0->prepareCheckpoint(2);
    s1->prepareCheckpoint(2);
    s0->notifyCheckpointComplete(2);
    s1->notifyCheckpointComplete(2);
    CHECK(present(dir.path / "dt=p" / "_DONE"));
    CHECK(visibleLines(dir.path).size() == 4);
    s0->close();
    s1->close();
}

TEST_CASE("the process-time trigger waits for its delay; the end of input commits everything",
          "[connectors][filesystem]") {
    Dir dir;
    auto t = table(dir.path, {{"sink.partition-commit.policy.kind", "success-file"},
                              {"sink.partition-commit.trigger", "process-time"},
                              {"sink.partition-commit.delay", "1 h"}});
    auto provider = filesystem().createSink(t, {});
    auto sink = provider->createSink(0, 1);
    runtime::SinkContext ctx;
    ctx.checkpointing = true;
    sink->open(ctx);
    sink->write(batch({{1, "a", "p"}}));
    sink->prepareCheckpoint(1);
    std::string state = sink->snapshotState(1);
    sink->notifyCheckpointComplete(1);
    CHECK(visibleLines(dir.path).size() == 1);
    CHECK_FALSE(present(dir.path / "dt=p" / "_SUCCESS"));
    sink->close();  // as a crash: the partition waits in the checkpoint

    auto restored = provider->createSink(0, 1);
    restored->restoreState(state, 1);
    restored->open(ctx);
    restored->prepareCheckpoint(2);
    restored->notifyCheckpointComplete(2);
    CHECK_FALSE(present(dir.path / "dt=p" / "_SUCCESS"));
    restored->finish();
    CHECK(present(dir.path / "dt=p" / "_SUCCESS"));
    restored->close();
}

TEST_CASE("the partition-time trigger compares the watermark with the partition's time",
          "[connectors][filesystem]") {
    Dir dir;
    auto t = table(dir.path, {{"sink.partition-commit.policy.kind", "success-file"},
                              {"sink.partition-commit.trigger", "partition-time"},
                              {"sink.partition-commit.delay", "1 h"},
                              {"partition.time-extractor.timestamp-pattern", "$dt 00:00:00"}});
    auto provider = filesystem().createSink(t, {});
    auto sink = provider->createSink(0, 1);
    runtime::SinkContext ctx;
    ctx.checkpointing = true;
    sink->open(ctx);
    const int64_t jan31 = 19753LL * 86400 * 1000;  // epoch millis, UTC
    sink->write(batch({{1, "a", "2024-01-31"}, {2, "b", "2024-02-01"}}));
    sink->prepareCheckpoint(1);
    sink->notifyCheckpointComplete(1);  // no watermark yet
    CHECK_FALSE(present(dir.path / "dt=2024-01-31" / "_SUCCESS"));
    sink->onWatermark(jan31 + 3600 * 1000);  // not past partition time + delay
    sink->prepareCheckpoint(2);
    sink->notifyCheckpointComplete(2);
    CHECK_FALSE(present(dir.path / "dt=2024-01-31" / "_SUCCESS"));
    sink->onWatermark(jan31 + 3600 * 1000 + 1);
    sink->prepareCheckpoint(3);
    sink->notifyCheckpointComplete(3);
    CHECK(present(dir.path / "dt=2024-01-31" / "_SUCCESS"));
    CHECK_FALSE(present(dir.path / "dt=2024-02-01" / "_SUCCESS"));
    sink->close();
}

TEST_CASE("partition options are validated as Flink does", "[connectors][filesystem]") {
    Dir dir;
    auto sinkError = [&](std::vector<std::pair<std::string, std::string>> options) {
        return errorOf([&] { filesystem().createSink(table(dir.path, std::move(options)), {}); });
    };
    CHECK_THAT(
        sinkError({{"sink.partition-commit.policy.kind", "metastore,success-file"}}),
        Catch::Contains("Can not configure a 'metastore' partition commit policy for a file system table"));
    CHECK_THAT(sinkError({{"sink.partition-commit.policy.kind", "custom"}}),
               Catch::Contains("not supported yet"));
    CHECK_THAT(sinkError({{"sink.partition-commit.policy.kind", "nope"}}),
               Catch::Contains("Unsupported policy: nope"));
    CHECK_THAT(sinkError({{"sink.partition-commit.trigger", "event-time"}}),
               Catch::Contains("'sink.partition-commit.trigger'"));
    CHECK_THAT(sinkError({{"sink.partition-commit.watermark-time-zone", "Mars/Olympus"}}),
               Catch::Contains("Invalid time zone for 'sink.partition-commit.watermark-time-zone'"));
    CHECK_THAT(sinkError({{"partition.time-extractor.kind", "custom"}}),
               Catch::Contains("not supported yet"));
    CHECK_THAT(sinkError({{"partition.time-extractor.kind", "other"}}),
               Catch::Contains("Unsupported extractor kind: other"));
    CHECK_THAT(sinkError({{"sink.partition-commit.success-file-name", "x"}}),
               Catch::Contains("sink.partition-commit.success-file-name"));
    CHECK(sinkError({{"sink.shuffle-by-partition.enable", "true"},
                     {"sink.partition-commit.watermark-time-zone", "GMT+08:00"}}) == "<no error>");
    auto bad = table(dir.path);
    bad.physical.fields[2].type = DataType::bytes();
    CHECK_THAT(errorOf([&] { filesystem().createSink(bad, {}); }), Catch::Contains("Partition column 'dt'"));
}

TEST_CASE("the filesystem source resumes from its checkpointed position", "[connectors][filesystem]") {
    Dir dir;
    fs::create_directories(dir.path / "dt=a");
    fs::create_directories(dir.path / "dt=b");
    std::ofstream(dir.path / "dt=a" / "part-0") << "1,x\n2,y\n3,z\n";
    std::ofstream(dir.path / "dt=b" / "part-0") << "4,u\n\n5,v\n";
    std::ofstream(dir.path / "dt=b" / ".part-1.inprogress") << "99,hidden\n";
    std::ofstream(dir.path / "dt=b" / "_SUCCESS");
    auto t = table(dir.path);
    planner::ScanRequest scan;
    scan.physicalFields = {0, 2};
    auto provider = filesystem().createSource(t, scan, {});
    const std::vector<std::string> all = {"1|a", "2|a", "3|a", "4|b", "5|b"};

    // Stop after k polls of one row each, snapshot, and resume a new source from the state.
    for (int k = 0; k <= 6; ++k) {
        Rows first;
        auto s = provider->createSource(0, 1);
        runtime::SourceContext ctx;
        ctx.maxRowsPerPoll = 1;
        s->open(ctx);
        bool more = true;
        for (int i = 0; i < k && more; ++i) {
            size_t before = first.text().size();
            more = s->poll(first);
            CHECK(first.text().size() - before <= 1);
        }
        std::string state = s->snapshotState(1);
        s->close();
        auto resumed = provider->createSource(0, 1);
        resumed->restoreState(state);
        runtime::SourceContext ctx2;
        ctx2.maxRowsPerPoll = 1;
        resumed->open(ctx2);
        Rows rest;
        while (resumed->poll(rest)) {
        }
        auto got = first.text();
        for (auto& r : rest.text()) got.push_back(r);
        INFO("stopped after " << k << " polls, state " << state);
        CHECK(got == all);
    }
}

TEST_CASE("rolling policies apply to each partition's part file", "[connectors][filesystem]") {
    auto partFiles = [](const fs::path& dir) {
        size_t n = 0;
        for (const auto& e : fs::recursive_directory_iterator(dir))
            if (e.is_regular_file() && e.path().filename().string().rfind("part-", 0) == 0) ++n;
        return n;
    };
    SECTION("file size") {
        Dir dir;
        auto provider =
            filesystem().createSink(table(dir.path, {{"sink.rolling-policy.file-size", "8b"}}), {});
        auto sink = provider->createSink(0, 1);
        runtime::SinkContext ctx;
        sink->open(ctx);
        // "1,aaaa\n" is 7 bytes: the second row of a partition crosses 8 bytes and rolls its file
        sink->write(
            batch({{1, "aaaa", "p"}, {2, "bbbb", "q"}, {3, "cccc", "p"}, {4, "dddd", "p"}, {5, "e", "q"}}));
        sink->finish();
        CHECK(partFiles(dir.path / "dt=p") == 2);  // rows 1+3, then 4
        CHECK(partFiles(dir.path / "dt=q") == 1);  // rows 2+5 (14 bytes: rolled once full, nothing after)
        CHECK(visibleLines(dir.path).size() == 5);
    }
    SECTION("rollover interval, checked every check-interval") {
        Dir dir;
        auto provider =
            filesystem().createSink(table(dir.path, {{"sink.rolling-policy.rollover-interval", "1 ms"},
                                                     {"sink.rolling-policy.check-interval", "200 ms"}}),
                                    {});
        auto sink = provider->createSink(0, 1);
        runtime::SinkContext ctx;
        sink->open(ctx);
        sink->write(batch({{1, "a", "p"}, {2, "b", "q"}}));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        // the first check since open: both files are older than 1 ms, rolled after this write
        sink->write(batch({{3, "c", "p"}}));
        sink->write(batch({{4, "d", "p"}}));
        sink->finish();
        CHECK(partFiles(dir.path / "dt=p") == 2);
        CHECK(partFiles(dir.path / "dt=q") == 1);
        CHECK(visibleLines(dir.path).size() == 4);
    }
}
