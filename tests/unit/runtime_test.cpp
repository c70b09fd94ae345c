#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "common/error.h"
#include "runtime/batch_hash.h"
#include "runtime/collect_sink.h"
#include "runtime/job.h"
#include "runtime/job_graph.h"
#include "runtime/values_source.h"
#include "runtime/watermark_tracker.h"

using namespace sluice;
using namespace sluice::runtime;
using namespace std::chrono_literals;

namespace {

Schema testSchema() {
    return Schema{{{"id", DataType::bigint()}, {"name", DataType::string()}}};
}

RecordBatch makeBatch(const std::vector<int64_t>& ids) {
    RecordBatch b(testSchema());
    for (int64_t id : ids) {
        b.columns[0].append<int64_t>(id);
        b.columns[1].appendString("n" + std::to_string(id));
    }
    b.numRows = ids.size();
    return b;
}

std::vector<int64_t> idsOf(const RecordBatch& b) {
    std::vector<int64_t> ids;
    for (size_t r = 0; r < b.numRows; ++r) ids.push_back(b.columns[0].data<int64_t>()[r]);
    return ids;
}

std::vector<int64_t> range(int64_t from, int64_t to) {
    std::vector<int64_t> v;
    for (int64_t i = from; i < to; ++i) v.push_back(i);
    return v;
}

// --- test sources: a poll function decides what each call emits

using PollFn = std::function<bool(int subtask, int64_t pollIndex, Collector& out, const SourceContext& ctx)>;

class TestSource : public Source {
public:
    TestSource(PollFn fn, std::atomic<int>* closes) : fn_(std::move(fn)), closes_(closes) {}
    void open(SourceContext& ctx) override { ctx_ = ctx; }
    bool poll(Collector& out) override { return fn_(ctx_.subtask, polls_++, out, ctx_); }
    void close() override { ++*closes_; }

private:
    PollFn fn_;
    std::atomic<int>* closes_;
    SourceContext ctx_;
    int64_t polls_ = 0;
};

class TestSourceProvider : public SourceProvider {
public:
    TestSourceProvider(PollFn fn, bool bounded = true, std::string description = "test-source")
        : schema_(testSchema()),
          fn_(std::move(fn)),
          bounded_(bounded),
          description_(std::move(description)) {}
    const Schema& outputSchema() const override { return schema_; }
    bool isBounded() const override { return bounded_; }
    std::unique_ptr<Source> createSource(int subtask, int parallelism) override {
        return std::make_unique<TestSource>(fn_, &closes);
    }
    std::string describe() const override { return description_; }

    std::atomic<int> closes{0};

private:
    Schema schema_;
    PollFn fn_;
    bool bounded_;
    std::string description_;
};

/// Subtask s emits the batches batchesPerSubtask[s], one per poll.
std::shared_ptr<TestSourceProvider> batchSource(
    std::vector<std::vector<std::vector<int64_t>>> batchesPerSubtask) {
    return std::make_shared<TestSourceProvider>(
        [batchesPerSubtask](int subtask, int64_t poll, Collector& out, const SourceContext&) {
            const auto& batches = batchesPerSubtask.at(subtask);
            if (static_cast<size_t>(poll) < batches.size()) out.collect(makeBatch(batches[poll]));
            return static_cast<size_t>(poll) + 1 < batches.size();
        });
}

/// Emits one row per poll forever (10 ms apart), ids from subtask * 1'000'000.
std::shared_ptr<TestSourceProvider> endlessSource(std::chrono::milliseconds pause = 10ms) {
    return std::make_shared<TestSourceProvider>(
        [pause](int subtask, int64_t poll, Collector& out, const SourceContext&) {
            if (pause.count() > 0) std::this_thread::sleep_for(pause);
            out.collect(makeBatch({subtask * 1000000 + poll}));
            return true;
        },
        false, "endless");
}

// --- test sink: records (subtask, id) of every row

struct SinkLog {
    std::mutex mutex;
    std::vector<std::pair<int, int64_t>> rows;
    std::atomic<int> opens{0};
    std::atomic<int> finishes{0};
    std::atomic<int> closes{0};
    std::function<void(const RecordBatch&)> onWrite;

    std::vector<int64_t> ids() {
        std::lock_guard lock(mutex);
        std::vector<int64_t> out;
        for (auto& [s, id] : rows) out.push_back(id);
        std::sort(out.begin(), out.end());
        return out;
    }
    std::map<int, std::vector<int64_t>> idsBySubtask() {
        std::lock_guard lock(mutex);
        std::map<int, std::vector<int64_t>> out;
        for (auto& [s, id] : rows) out[s].push_back(id);
        for (auto& [s, v] : out) std::sort(v.begin(), v.end());
        return out;
    }
};

class TestSink : public Sink {
public:
    explicit TestSink(std::shared_ptr<SinkLog> log) : log_(std::move(log)) {}
    void open(SinkContext& ctx) override {
        subtask_ = ctx.subtask;
        ++log_->opens;
    }
    void write(const RecordBatch& batch) override {
        if (log_->onWrite) log_->onWrite(batch);
        std::lock_guard lock(log_->mutex);
        for (int64_t id : idsOf(batch)) log_->rows.emplace_back(subtask_, id);
    }
    void finish() override { ++log_->finishes; }
    void close() override { ++log_->closes; }

private:
    std::shared_ptr<SinkLog> log_;
    int subtask_ = 0;
};

class TestSinkProvider : public SinkProvider {
public:
    explicit TestSinkProvider(std::shared_ptr<SinkLog> log) : log_(std::move(log)) {}
    std::unique_ptr<Sink> createSink(int subtask, int parallelism) override {
        return std::make_unique<TestSink>(log_);
    }
    std::string describe() const override { return "test-sink"; }

private:
    std::shared_ptr<SinkLog> log_;
};

// --- test operators from lambdas

struct LambdaOperator : Operator {
    std::function<void(RecordBatch, int, Collector&)> process;
    std::function<std::optional<int64_t>(int64_t, Collector&)> watermark;
    std::function<void(Collector&)> end;
    std::string opName = "lambda";

    void processBatch(RecordBatch batch, int input, Collector& out) override {
        process(std::move(batch), input, out);
    }
    std::optional<int64_t> onWatermark(int64_t wm, Collector& out) override {
        return watermark ? watermark(wm, out) : std::optional<int64_t>(wm);
    }
    void onEndOfInput(Collector& out) override {
        if (end) end(out);
    }
    std::string name() const override { return opName; }
};

OperatorFactory mapIds(std::function<int64_t(int64_t)> f) {
    return [f] {
        auto op = std::make_unique<LambdaOperator>();
        op->process = [f](RecordBatch b, int, Collector& out) {
            auto* ids = b.columns[0].data<int64_t>();
            for (size_t r = 0; r < b.numRows; ++r) ids[r] = f(ids[r]);
            out.collect(std::move(b));
        };
        return op;
    };
}

OperatorFactory filterIds(std::function<bool(int64_t)> keep) {
    return [keep] {
        auto op = std::make_unique<LambdaOperator>();
        op->process = [keep](RecordBatch b, int, Collector& out) {
            std::vector<uint32_t> rows;
            auto ids = idsOf(b);
            for (size_t r = 0; r < ids.size(); ++r)
                if (keep(ids[r])) rows.push_back(static_cast<uint32_t>(r));
            out.collect(b.gather(rows));
        };
        return op;
    };
}

Vertex sourceVertex(int id, int parallelism, std::shared_ptr<SourceProvider> source,
                    std::vector<OperatorFactory> chain = {}) {
    Vertex v;
    v.id = id;
    v.name = "Source: t" + std::to_string(id);
    v.parallelism = parallelism;
    v.source = std::move(source);
    for (size_t i = 0; i < chain.size(); ++i) v.chainDescriptions.push_back("Op" + std::to_string(i));
    v.chain = std::move(chain);
    v.outputSchema = testSchema();
    return v;
}

Vertex sinkVertex(int id, int parallelism, std::shared_ptr<SinkProvider> sink,
                  std::vector<OperatorFactory> chain = {}, int numInputs = 1) {
    Vertex v;
    v.id = id;
    v.name = "Sink: out" + std::to_string(id);
    v.parallelism = parallelism;
    v.sink = std::move(sink);
    for (size_t i = 0; i < chain.size(); ++i) v.chainDescriptions.push_back("Op" + std::to_string(i));
    v.chain = std::move(chain);
    v.numInputs = numInputs;
    return v;
}

Edge edge(int from, int to, Partitioning p, std::vector<int> keys = {}, int toInput = 0) {
    Edge e;
    e.from = from;
    e.to = to;
    e.partitioning = p;
    e.keyFields = std::move(keys);
    e.toInput = toInput;
    return e;
}

JobStatus runToEnd(Job& job) {
    job.start();
    REQUIRE(job.waitFor(20s));
    return job.wait();
}

}  // namespace

TEST_CASE("runtime: bounded source through a chain into a sink", "[runtime]") {
    auto log = std::make_shared<SinkLog>();
    JobGraph graph;
    graph.name = "chain";
    graph.vertices.push_back(sourceVertex(
        1, 1, batchSource({{range(0, 10), range(10, 20), {}}}),
        {filterIds([](int64_t id) { return id % 2 == 0; }), mapIds([](int64_t id) { return id + 100; })}));
    graph.vertices.push_back(sinkVertex(2, 1, std::make_shared<TestSinkProvider>(log)));
    graph.edges.push_back(edge(1, 2, Partitioning::Forward));

    Job job(graph, {});
    CHECK(job.status() == JobStatus::Created);
    CHECK(job.id().size() == 32);
    CHECK(job.id().find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(job.name() == "chain");
    CHECK(runToEnd(job) == JobStatus::Finished);
    CHECK_FALSE(job.error());
    std::vector<int64_t> expected;
    for (int64_t i = 0; i < 20; i += 2) expected.push_back(i + 100);
    CHECK(log->ids() == expected);
    CHECK(job.rowsIn() == 20);
    CHECK(job.rowsOut() == 10);
    CHECK(log->opens == 1);
    CHECK(log->finishes == 1);
    CHECK(log->closes == 1);
}

TEST_CASE("runtime: a sink vertex with a chain, and a source chained straight into a sink", "[runtime]") {
    auto log = std::make_shared<SinkLog>();
    JobGraph graph;
    Vertex v = sourceVertex(1, 1, batchSource({{{1, 2, 3}}}), {mapIds([](int64_t id) { return id * 10; })});
    v.sink = std::make_shared<TestSinkProvider>(log);
    graph.vertices.push_back(v);
    Job job(graph, {});
    CHECK(runToEnd(job) == JobStatus::Finished);
    CHECK(log->ids() == std::vector<int64_t>{10, 20, 30});
    CHECK(log->finishes == 1);
}

TEST_CASE("runtime: forward keeps subtask i to subtask i", "[runtime]") {
    auto log = std::make_shared<SinkLog>();
    JobGraph graph;
    graph.vertices.push_back(
        sourceVertex(1, 2, batchSource({{range(0, 5), range(5, 8)}, {range(100, 104)}})));
    graph.vertices.push_back(sinkVertex(2, 2, std::make_shared<TestSinkProvider>(log)));
    graph.edges.push_back(edge(1, 2, Partitioning::Forward));
    Job job(graph, {});
    CHECK(runToEnd(job) == JobStatus::Finished);
    auto bySubtask = log->idsBySubtask();
    CHECK(bySubtask[0] == range(0, 8));
    CHECK(bySubtask[1] == range(100, 104));
    CHECK(log->finishes == 2);
}

TEST_CASE("runtime: forward between different parallelisms is refused", "[runtime]") {
    JobGraph graph;
    graph.vertices.push_back(sourceVertex(1, 2, batchSource({{}, {}})));
    graph.vertices.push_back(
        sinkVertex(2, 1, std::make_shared<TestSinkProvider>(std::make_shared<SinkLog>())));
    graph.edges.push_back(edge(1, 2, Partitioning::Forward));
    CHECK_THROWS_AS(Job(graph, {}), InternalError);
}

TEST_CASE("runtime: rebalance spreads batches round-robin", "[runtime]") {
    auto log = std::make_shared<SinkLog>();
    JobGraph graph;
    std::vector<std::vector<int64_t>> batches;
    for (int i = 0; i < 10; ++i) batches.push_back(range(i * 3, i * 3 + 3));
    graph.vertices.push_back(sourceVertex(1, 1, batchSource({batches})));
    graph.vertices.push_back(sinkVertex(2, 2, std::make_shared<TestSinkProvider>(log)));
    graph.edges.push_back(edge(1, 2, Partitioning::Rebalance));
    Job job(graph, {});
    CHECK(runToEnd(job) == JobStatus::Finished);
    CHECK(log->ids() == range(0, 30));
    auto bySubtask = log->idsBySubtask();
    CHECK(bySubtask[0].size() == 15);
    CHECK(bySubtask[1].size() == 15);
    CHECK(log->finishes == 2);
}

TEST_CASE("runtime: hash sends every key to exactly one subtask", "[runtime]") {
    auto log = std::make_shared<SinkLog>();
    JobGraph graph;
    // Both source subtasks emit the same keys (id % 50) in different batches.
    auto keyed = [](int64_t from) {
        std::vector<std::vector<int64_t>> batches;
        for (int b = 0; b < 5; ++b) batches.push_back(range(from + b * 100, from + b * 100 + 100));
        return batches;
    };
    graph.vertices.push_back(
        sourceVertex(1, 2, batchSource({keyed(0), keyed(10000)}), {mapIds([](int64_t id) { return id; })}));
    // The key: id % 50, put in the name column so that the hash is over strings, and ids stay unique.
    graph.vertices[0].chain.push_back([] {
        auto op = std::make_unique<LambdaOperator>();
        op->process = [](RecordBatch b, int, Collector& out) {
            Vector names(DataType::string());
            for (int64_t id : idsOf(b)) names.appendString("k" + std::to_string(id % 50));
            b.columns[1] = std::move(names);
            out.collect(std::move(b));
        };
        return op;
    });
    graph.vertices[0].chainDescriptions.push_back("Key");
    graph.vertices.push_back(sinkVertex(2, 3, std::make_shared<TestSinkProvider>(log)));
    graph.edges.push_back(edge(1, 2, Partitioning::Hash, {1}));
    Job job(graph, {});
    CHECK(runToEnd(job) == JobStatus::Finished);
    auto ids = log->ids();
    CHECK(ids.size() == 1000);
    std::map<int64_t, std::set<int>> subtasksOfKey;
    for (auto& [subtask, id] : log->rows) subtasksOfKey[id % 50].insert(subtask);
    CHECK(subtasksOfKey.size() == 50);
    std::set<int> used;
    for (auto& [key, subtasks] : subtasksOfKey) {
        CHECK(subtasks.size() == 1);
        used.insert(*subtasks.begin());
    }
    CHECK(used.size() == 3);  // 50 keys over 3 subtasks: all get some
}

TEST_CASE("runtime: broadcast copies to all, global sends all to subtask 0", "[runtime]") {
    auto broadcastLog = std::make_shared<SinkLog>();
    auto globalLog = std::make_shared<SinkLog>();
    JobGraph graph;
    graph.vertices.push_back(sourceVertex(1, 2, batchSource({{{1, 2}}, {{3}}})));
    graph.vertices.push_back(sinkVertex(2, 2, std::make_shared<TestSinkProvider>(broadcastLog)));
    graph.vertices.push_back(sinkVertex(3, 2, std::make_shared<TestSinkProvider>(globalLog)));
    // Fan-out: both edges get every batch.
    graph.edges.push_back(edge(1, 2, Partitioning::Broadcast));
    graph.edges.push_back(edge(1, 3, Partitioning::Global));
    Job job(graph, {});
    CHECK(runToEnd(job) == JobStatus::Finished);
    auto b = broadcastLog->idsBySubtask();
    CHECK(b[0] == std::vector<int64_t>{1, 2, 3});
    CHECK(b[1] == std::vector<int64_t>{1, 2, 3});
    auto g = globalLog->idsBySubtask();
    CHECK(g.size() == 1);
    CHECK(g[0] == std::vector<int64_t>{1, 2, 3});
    CHECK(globalLog->finishes == 2);  // subtask 1 gets no rows but still ends
    CHECK(job.rowsIn() == 3);
    CHECK(job.rowsOut() == 9);
}

TEST_CASE("runtime: a union of two sources sees each on its own input", "[runtime]") {
    auto log = std::make_shared<SinkLog>();
    auto seen = std::make_shared<std::vector<std::pair<int, int64_t>>>();  // one subtask: no lock needed
    JobGraph graph;
    graph.vertices.push_back(sourceVertex(1, 2, batchSource({{range(0, 3)}, {range(3, 6)}})));
    graph.vertices.push_back(sourceVertex(2, 1, batchSource({{range(100, 104), range(104, 106)}})));
    graph.vertices.push_back(sinkVertex(3, 1, std::make_shared<TestSinkProvider>(log),
                                        {[seen] {
                                             auto op = std::make_unique<LambdaOperator>();
                                             op->process = [seen](RecordBatch b, int input, Collector& out) {
                                                 for (int64_t id : idsOf(b)) seen->emplace_back(input, id);
                                                 out.collect(std::move(b));
                                             };
                                             return op;
                                         },
                                         mapIds([](int64_t id) { return -id; })},
                                        2));
    graph.edges.push_back(edge(1, 3, Partitioning::Rebalance, {}, 0));
    graph.edges.push_back(edge(2, 3, Partitioning::Rebalance, {}, 1));
    Job job(graph, {});
    CHECK(runToEnd(job) == JobStatus::Finished);
    REQUIRE(seen->size() == 12);
    for (auto& [input, id] : *seen) CHECK(input == (id >= 100 ? 1 : 0));
    CHECK(log->ids().front() == -105);
    CHECK(log->ids().size() == 12);
}

TEST_CASE("runtime: watermark tracker takes the minimum over running producers", "[runtime]") {
    WatermarkTracker t(3);
    CHECK_FALSE(t.update(0, 10));
    CHECK_FALSE(t.update(1, 5));
    CHECK(t.update(2, 7) == std::optional<int64_t>(5));
    CHECK_FALSE(t.update(0, 20));                         // still 5
    CHECK(t.update(1, 30) == std::optional<int64_t>(7));  // min(20, 30, 7)
    CHECK_FALSE(t.update(1, 25));                         // going back is ignored
    CHECK(t.end(2) == std::optional<int64_t>(20));        // an ended producer no longer holds back
    CHECK(t.end(0) == std::optional<int64_t>(30));
    CHECK_FALSE(t.end(1));  // all ended: the input ends, no watermark
    CHECK(t.current() == std::optional<int64_t>(30));
}

TEST_CASE("runtime: the minimum watermark over producers is forwarded through the chain", "[runtime]") {
    // Each source subtask runs a script; waits on the number of watermarks recorded downstream make
    // the interleaving, and so the expected sequence, deterministic.
    struct Recorded {
        std::mutex mutex;
        std::vector<int64_t> watermarks;
        size_t count() {
            std::lock_guard lock(mutex);
            return watermarks.size();
        }
    };
    auto recorded = std::make_shared<Recorded>();
    struct Step {
        int64_t watermark;    // > 0: emit it
        size_t waitRecorded;  // else wait until that many were recorded
    };
    std::vector<std::vector<Step>> scripts = {
        {{10, 0}, {0, 1}, {30, 0}, {0, 4}},
        {{20, 0}, {0, 2}, {25, 0}, {0, 3}},
    };
    auto positions = std::make_shared<std::array<std::atomic<size_t>, 2>>();
    auto emitted = std::make_shared<std::atomic<bool>>(true);
    auto source = std::make_shared<TestSourceProvider>(
        [scripts, recorded, positions, emitted](int subtask, int64_t, Collector& out,
                                                const SourceContext& ctx) {
            // Each poll runs one step; a wait step repeats until satisfied.
            const auto& script = scripts.at(subtask);
            auto& position = (*positions)[subtask];
            const Step& step = script[position];
            if (step.watermark > 0) {
                out.collect(makeBatch({subtask * 100 + static_cast<int64_t>(position)}));
                out.emitWatermark(step.watermark);
                ++position;
            } else if (recorded->count() >= step.waitRecorded) {
                ++position;
            } else {
                std::this_thread::sleep_for(1ms);
            }
            return position < script.size() && !ctx.stopping();
        });
    auto log = std::make_shared<SinkLog>();
    JobGraph graph;
    // A chained operator on the source side passes watermarks through unchanged (the default).
    graph.vertices.push_back(sourceVertex(1, 2, source, {mapIds([](int64_t id) { return id; })}));
    graph.vertices.push_back(sinkVertex(2, 1, std::make_shared<TestSinkProvider>(log), {[recorded] {
                                            auto op = std::make_unique<LambdaOperator>();
                                            op->process = [](RecordBatch b, int, Collector& out) {
                                                out.collect(std::move(b));
                                            };
                                            op->watermark = [recorded](int64_t wm, Collector&) {
                                                std::lock_guard lock(recorded->mutex);
                                                recorded->watermarks.push_back(wm);
                                                return std::optional<int64_t>(wm);
                                            };
                                            return op;
                                        }}));
    graph.edges.push_back(edge(1, 2, Partitioning::Rebalance));
    Job job(graph, {});
    CHECK(runToEnd(job) == JobStatus::Finished);
    CHECK(*emitted);
    CHECK(recorded->watermarks == std::vector<int64_t>{10, 20, 25, 30});
    CHECK(log->ids().size() == 4);
}

TEST_CASE("runtime: end of input waits for every parallel producer and flushes the chain in order",
          "[runtime]") {
    // Two buffering operators: each emits the count of rows it saw (plus, for the second, what the
    // first flushed into it) only at end of input.
    auto buffering = [](int64_t tag) -> OperatorFactory {
        return [tag] {
            auto op = std::make_unique<LambdaOperator>();
            auto rows = std::make_shared<int64_t>(0);
            op->process = [rows](RecordBatch b, int, Collector&) {
                *rows += static_cast<int64_t>(b.numRows);
            };
            op->end = [rows, tag](Collector& out) { out.collect(makeBatch({tag + *rows})); };
            return op;
        };
    };
    auto log = std::make_shared<SinkLog>();
    JobGraph graph;
    std::vector<std::vector<std::vector<int64_t>>> perSubtask;
    for (int s = 0; s < 3; ++s) perSubtask.push_back({range(0, 7), range(0, 5)});  // 12 rows each
    graph.vertices.push_back(sourceVertex(1, 3, batchSource(perSubtask)));
    Vertex middle;
    middle.id = 2;
    middle.name = "Aggregate";
    middle.parallelism = 2;
    middle.numInputs = 1;
    middle.chain = {buffering(1000), buffering(2000)};
    middle.chainDescriptions = {"Count", "Count"};
    middle.outputSchema = testSchema();
    graph.vertices.push_back(middle);
    graph.vertices.push_back(sinkVertex(3, 1, std::make_shared<TestSinkProvider>(log)));
    graph.edges.push_back(edge(1, 2, Partitioning::Global));
    graph.edges.push_back(edge(2, 3, Partitioning::Rebalance));
    Job job(graph, {});
    CHECK(runToEnd(job) == JobStatus::Finished);
    // Subtask 0 of the middle saw 36 rows -> first op flushes 1036 (one row) -> second emits 2001.
    // Subtask 1 saw nothing -> 1000 -> 2001 as well.
    CHECK(log->ids() == std::vector<int64_t>{2001, 2001});
}

TEST_CASE("runtime: backpressure blocks the source while a slow sink catches up", "[runtime]") {
    auto produced = std::make_shared<std::atomic<int64_t>>(0);
    auto written = std::make_shared<std::atomic<int64_t>>(0);
    auto maxLead = std::make_shared<std::atomic<int64_t>>(0);
    auto source = std::make_shared<TestSourceProvider>(
        [produced](int, int64_t poll, Collector& out, const SourceContext&) {
            ++*produced;
            out.collect(makeBatch({poll}));
            return poll + 1 < 60;
        });
    auto log = std::make_shared<SinkLog>();
    log->onWrite = [=](const RecordBatch&) {
        std::this_thread::sleep_for(2ms);
        int64_t lead = produced->load() - written->load();
        int64_t prev = maxLead->load();
        while (lead > prev && !maxLead->compare_exchange_weak(prev, lead)) {
        }
        ++*written;
    };
    JobGraph graph;
    graph.vertices.push_back(sourceVertex(1, 1, source));
    graph.vertices.push_back(sinkVertex(2, 1, std::make_shared<TestSinkProvider>(log)));
    graph.edges.push_back(edge(1, 2, Partitioning::Forward));
    JobOptions options;
    options.channelCapacity = 1;
    Job job(graph, options);
    CHECK(runToEnd(job) == JobStatus::Finished);
    CHECK(log->ids() == range(0, 60));
    // In flight at most: one being written, one in the channel, one blocked in push.
    CHECK(maxLead->load() <= 3);
}

TEST_CASE("runtime: a failing operator fails the job and stops the others", "[runtime]") {
    auto log = std::make_shared<SinkLog>();
    JobGraph graph;
    auto failing = [] {
        auto op = std::make_unique<LambdaOperator>();
        op->process = [](RecordBatch b, int, Collector& out) {
            for (int64_t id : idsOf(b))
                if (id == 5) throw ExecutionError("Calc: division by zero in id / 0");
            out.collect(std::move(b));
        };
        return op;
    };
    // Endless sources on two subtasks, fast: the non-failing path must also stop.
    graph.vertices.push_back(sourceVertex(1, 2, endlessSource(0ms)));
    Vertex middle = sinkVertex(2, 2, std::make_shared<TestSinkProvider>(log), {failing});
    graph.vertices.push_back(middle);
    graph.edges.push_back(edge(1, 2, Partitioning::Forward));
    Job job(graph, {});
    auto started = std::chrono::steady_clock::now();
    job.start();
    REQUIRE(job.waitFor(10s));
    CHECK(job.wait() == JobStatus::Failed);
    CHECK(std::chrono::steady_clock::now() - started < 5s);
    REQUIRE(job.error());
    CHECK(job.error()->rfind(
              "ExecutionException: Calc: division by zero in id / 0\n(in task 'Sink: out2 (1/2)')", 0) == 0);
    CHECK(log->finishes == 0);
    CHECK(log->closes == 2);
}

TEST_CASE("runtime: a std::exception in a sink is a RuntimeException", "[runtime]") {
    auto log = std::make_shared<SinkLog>();
    log->onWrite = [](const RecordBatch&) { throw std::runtime_error("disk full"); };
    JobGraph graph;
    graph.vertices.push_back(sourceVertex(1, 1, endlessSource(1ms)));
    graph.vertices.push_back(sinkVertex(2, 1, std::make_shared<TestSinkProvider>(log)));
    graph.edges.push_back(edge(1, 2, Partitioning::Forward));
    Job job(graph, {});
    CHECK(runToEnd(job) == JobStatus::Failed);
    CHECK(*job.error() == "RuntimeException: disk full\n(in task 'Sink: out2 (1/1)')");
}

TEST_CASE("runtime: a source that fails to open fails the job", "[runtime]") {
    struct BadSource : Source {
        void open(SourceContext&) override { throw ConnectorError("Kafka: broker unreachable"); }
        bool poll(Collector&) override { return false; }
    };
    struct BadProvider : TestSourceProvider {
        BadProvider() : TestSourceProvider(nullptr) {}
        std::unique_ptr<Source> createSource(int, int) override { return std::make_unique<BadSource>(); }
    };
    auto log = std::make_shared<SinkLog>();
    JobGraph graph;
    graph.vertices.push_back(sourceVertex(1, 1, std::make_shared<BadProvider>()));
    graph.vertices.push_back(sinkVertex(2, 1, std::make_shared<TestSinkProvider>(log)));
    graph.edges.push_back(edge(1, 2, Partitioning::Forward));
    Job job(graph, {});
    CHECK(runToEnd(job) == JobStatus::Failed);
    CHECK(job.error()->rfind("ConnectorException: Kafka: broker unreachable", 0) == 0);
    CHECK(log->finishes == 0);
}

TEST_CASE("runtime: cancel stops an unbounded job promptly without flushing", "[runtime]") {
    auto log = std::make_shared<SinkLog>();
    auto ended = std::make_shared<std::atomic<int>>(0);
    auto source = endlessSource(10ms);
    JobGraph graph;
    graph.vertices.push_back(sourceVertex(1, 2, source));
    Vertex v =
        sinkVertex(2, 1, std::make_shared<TestSinkProvider>(log), {[ended] {
                       auto op = std::make_unique<LambdaOperator>();
                       op->process = [](RecordBatch b, int, Collector& out) { out.collect(std::move(b)); };
                       op->end = [ended](Collector&) { ++*ended; };
                       return op;
                   }});
    graph.vertices.push_back(v);
    graph.edges.push_back(edge(1, 2, Partitioning::Rebalance));
    Job job(graph, {});
    job.start();
    CHECK(job.status() == JobStatus::Running);
    std::this_thread::sleep_for(100ms);
    CHECK_FALSE(job.waitFor(1ms));
    auto started = std::chrono::steady_clock::now();
    job.cancel();
    REQUIRE(job.waitFor(2s));
    CHECK(std::chrono::steady_clock::now() - started < 1s);
    CHECK(job.wait() == JobStatus::Canceled);
    CHECK_FALSE(job.error());
    CHECK(job.rowsIn() > 0);
    CHECK(*ended == 0);
    CHECK(log->finishes == 0);
    CHECK(log->closes == 1);
    CHECK(source->closes == 2);
}

TEST_CASE("runtime: destroying a running job cancels and joins it", "[runtime]") {
    auto log = std::make_shared<SinkLog>();
    JobGraph graph;
    graph.vertices.push_back(sourceVertex(1, 1, endlessSource(0ms)));
    graph.vertices.push_back(sinkVertex(2, 1, std::make_shared<TestSinkProvider>(log)));
    graph.edges.push_back(edge(1, 2, Partitioning::Forward));
    {
        Job job(graph, {});
        job.start();
        std::this_thread::sleep_for(20ms);
    }
    CHECK(log->closes == 1);
}

TEST_CASE("runtime: values source into the collect sink", "[runtime]") {
    auto queue = std::make_shared<ResultQueue>(1);
    JobGraph graph;
    auto values = std::make_shared<ValuesSourceProvider>(
        testSchema(), std::vector<RecordBatch>{makeBatch({1, 2}), makeBatch({3})});
    CHECK(values->describe() == "values(rows=3)");
    CHECK(values->maxParallelism() == 1);
    graph.vertices.push_back(sourceVertex(1, 1, values));
    auto collect = std::make_shared<CollectSinkProvider>(queue);
    CHECK(collect->acceptsUpdates());
    CHECK(collect->parallelism() == 1);
    graph.vertices.push_back(sinkVertex(2, 1, collect));
    graph.edges.push_back(edge(1, 2, Partitioning::Forward));
    Job job(graph, {});
    job.start();
    std::vector<int64_t> ids;
    RecordBatch batch;
    while (queue->next(batch))
        for (int64_t id : idsOf(batch)) ids.push_back(id);
    CHECK(ids == std::vector<int64_t>{1, 2, 3});
    CHECK(job.wait() == JobStatus::Finished);
    CHECK(queue->finished());
    CHECK_FALSE(queue->next(batch));
}

TEST_CASE("runtime: closing the result queue unblocks a collect sink", "[runtime]") {
    auto queue = std::make_shared<ResultQueue>(1);
    JobGraph graph;
    graph.vertices.push_back(sourceVertex(1, 1, endlessSource(0ms)));
    graph.vertices.push_back(sinkVertex(2, 1, std::make_shared<CollectSinkProvider>(queue)));
    graph.edges.push_back(edge(1, 2, Partitioning::Forward));
    Job job(graph, {});
    job.start();
    RecordBatch batch;
    REQUIRE(queue->next(batch));
    std::this_thread::sleep_for(20ms);  // the sink now waits for room in the queue
    queue->close();
    job.cancel();
    REQUIRE(job.waitFor(2s));
    CHECK(job.wait() == JobStatus::Canceled);
    CHECK_FALSE(queue->next(batch));
    CHECK_FALSE(queue->finished());
}

TEST_CASE("runtime: hashing is by value, column-wise", "[runtime]") {
    RecordBatch ints;
    ints.columns.emplace_back(DataType::integer());
    ints.columns.emplace_back(DataType::string());
    RecordBatch longs;
    longs.columns.emplace_back(DataType::bigint());
    longs.columns.emplace_back(DataType::varchar(10));
    for (int i = 0; i < 5; ++i) {
        ints.columns[0].append<int32_t>(i * 7);
        longs.columns[0].append<int64_t>(i * 7);
        ints.columns[1].appendString("abcdefghij" + std::to_string(i));
        longs.columns[1].appendString("abcdefghij" + std::to_string(i));
    }
    ints.columns[0].appendNull();
    longs.columns[0].appendNull();
    ints.columns[1].appendString("");
    longs.columns[1].appendString("");
    ints.numRows = longs.numRows = 6;
    std::vector<uint64_t> a, b;
    hashRows(ints, {0, 1}, a);
    hashRows(longs, {0, 1}, b);
    CHECK(a == b);
    CHECK(std::set<uint64_t>(a.begin(), a.end()).size() == 6);
    hashRows(ints, {1, 0}, b);
    CHECK(a != b);  // key order matters
}

TEST_CASE("runtime: explain renders the DAG", "[runtime]") {
    JobGraph graph;
    Vertex source = sourceVertex(
        1, 2, std::make_shared<TestSourceProvider>(nullptr, false, "datagen(rows-per-second=10)"));
    source.name = "Source: default_catalog.default_database.orders";
    source.chain = {mapIds([](int64_t id) { return id; })};
    source.chainDescriptions = {"Calc(select=[id, name], where=[id > 10])"};
    Vertex other = sourceVertex(2, 1, std::make_shared<TestSourceProvider>(nullptr, false, "kafka(topic=x)"));
    other.name = "Source: default_catalog.default_database.more";
    Vertex join;
    join.id = 3;
    join.name = "Join";
    join.parallelism = 4;
    join.numInputs = 2;
    join.chain = {mapIds([](int64_t id) { return id; })};
    join.chainDescriptions = {"Join(on=[id = id])"};
    join.outputSchema = testSchema();
    Vertex sink = sinkVertex(4, 1, std::make_shared<TestSinkProvider>(std::make_shared<SinkLog>()));
    sink.name = "Sink: default_catalog.default_database.out";
    graph.vertices = {source, other, join, sink};
    graph.edges = {edge(1, 3, Partitioning::Hash, {0, 1}, 0), edge(2, 3, Partitioning::Hash, {0}, 1),
                   edge(3, 4, Partitioning::Rebalance)};
    CHECK(graph.explain() ==
          "[1] Source: default_catalog.default_database.orders  parallelism=2\n"
          "      source: datagen(rows-per-second=10)\n"
          "      -> Calc(select=[id, name], where=[id > 10])\n"
          "[2] Source: default_catalog.default_database.more  parallelism=1\n"
          "      source: kafka(topic=x)\n"
          "[3] Join  parallelism=4\n"
          "      <- [1] HASH[id, name]  input=0\n"
          "      <- [2] HASH[id]  input=1\n"
          "      -> Join(on=[id = id])\n"
          "[4] Sink: default_catalog.default_database.out  parallelism=1\n"
          "      <- [3] REBALANCE\n"
          "      sink: test-sink\n");
    CHECK(std::string(partitioningName(Partitioning::Forward)) == "FORWARD");
    CHECK(std::string(partitioningName(Partitioning::Broadcast)) == "BROADCAST");
    CHECK(std::string(partitioningName(Partitioning::Global)) == "GLOBAL");
    CHECK(std::string(jobStatusName(JobStatus::Canceled)) == "CANCELED");
}

TEST_CASE("runtime: result queue ends when a job fails before its sink exists", "[runtime]") {
    struct ThrowingProvider : TestSourceProvider {
        ThrowingProvider() : TestSourceProvider(nullptr) {}
        std::unique_ptr<Source> createSource(int, int) override { throw ValidationError("no such topic"); }
    };
    auto queue = std::make_shared<ResultQueue>();
    JobGraph graph;
    graph.vertices.push_back(sinkVertex(2, 1, std::make_shared<CollectSinkProvider>(queue)));
    graph.vertices.push_back(sourceVertex(1, 1, std::make_shared<ThrowingProvider>()));
    graph.edges.push_back(edge(1, 2, Partitioning::Forward));
    Job job(graph, {});
    job.start();
    CHECK(job.status() == JobStatus::Failed);
    CHECK(*job.error() == "ValidationException: no such topic");
    RecordBatch batch;
    // The sink was created first and released when the job failed: the queue ends.
    CHECK(queue->nextFor(batch, 1s) == ResultQueue::ReadStatus::End);
    CHECK(job.wait() == JobStatus::Failed);

    auto empty = std::make_shared<ResultQueue>();
    CHECK(empty->nextFor(batch, 1ms) == ResultQueue::ReadStatus::Timeout);
}

TEST_CASE("runtime: cancel before start", "[runtime]") {
    JobGraph graph;
    graph.vertices.push_back(sourceVertex(1, 1, endlessSource()));
    Job job(graph, {});
    job.cancel();
    CHECK(job.status() == JobStatus::Canceled);
    CHECK(job.waitFor(1ms));
    job.start();
    CHECK(job.wait() == JobStatus::Canceled);
}
