#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/error.h"
#include "connectors/builtin_connectors.h"
#include "connectors/formats/format_registry.h"
#include "connectors/formats/text_util.h"
#include "connectors/print/print_sink.h"
#include "runtime/collector.h"

using namespace sluice;
using namespace sluice::connectors;
namespace fs = std::filesystem;

namespace {

using Options = std::vector<std::pair<std::string, std::string>>;

struct BatchCollector : runtime::Collector {
    std::vector<RecordBatch> batches;
    void collect(RecordBatch batch) override { batches.push_back(std::move(batch)); }
    size_t rows() const {
        size_t n = 0;
        for (const auto& b : batches) n += b.numRows;
        return n;
    }
};

planner::ConnectorTable makeTable(std::vector<Field> fields,
                                  std::vector<std::pair<std::string, std::string>> options) {
    planner::ConnectorTable t;
    t.name = "default_catalog.default_database.t";
    t.physical.fields = std::move(fields);
    t.options = planner::TableOptions(std::move(options));
    return t;
}

const planner::ConnectorFactory& factory(const std::string& id) {
    static planner::ConnectorRegistry registry = [] {
        planner::ConnectorRegistry r;
        registerBuiltinConnectors(r);
        return r;
    }();
    return registry.get(id);
}

planner::ScanRequest allColumns(const planner::ConnectorTable& t) {
    planner::ScanRequest s;
    for (size_t i = 0; i < t.physical.fields.size(); ++i) s.physicalFields.push_back(static_cast<int>(i));
    return s;
}

// Runs every subtask of a bounded source to the end.
BatchCollector drain(runtime::SourceProvider& provider, int parallelism, int subtask = -1) {
    BatchCollector out;
    for (int s = 0; s < parallelism; ++s) {
        if (subtask >= 0 && s != subtask) continue;
        auto source = provider.createSource(s, parallelism);
        runtime::SourceContext ctx;
        ctx.subtask = s;
        ctx.parallelism = parallelism;
        source->open(ctx);
        for (int guard = 0; guard < 100000 && source->poll(out); ++guard) {
        }
        source->close();
    }
    return out;
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const SluiceError& e) {
        return e.what();
    }
    return "<no error>";
}

RecordBatch makeBatch(const std::vector<Field>& fields, const std::vector<std::vector<Value>>& rows,
                      std::vector<RowKind> kinds = {}) {
    Schema s;
    s.fields = fields;
    RecordBatch b(s);
    for (const auto& row : rows)
        for (size_t c = 0; c < row.size(); ++c) b.columns[c].appendValue(row[c]);
    b.numRows = rows.size();
    b.rowKinds = std::move(kinds);
    return b;
}

std::vector<std::string> listDir(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("sluice-conn-" + randomUuidForTest());
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    static std::string randomUuidForTest() {
        static int n = 0;
        return std::to_string(::getpid()) + "-" + std::to_string(++n);
    }
};

}  // namespace

TEST_CASE("registry lists the built-in connectors", "[connectors]") {
    planner::ConnectorRegistry r;
    registerBuiltinConnectors(r);
    CHECK(r.identifiers() == std::vector<std::string>{"blackhole", "datagen", "filesystem", "jdbc", "kafka",
                                                      "print", "upsert-kafka"});
}

TEST_CASE("datagen sequence is split across subtasks and bounds the table", "[connectors][datagen]") {
    auto t =
        makeTable({{"id", DataType::integer()}, {"name", DataType::string()}, {"seq2", DataType::bigint()}},
                  {{"connector", "datagen"},
                   {"fields.id.kind", "sequence"},
                   {"fields.id.start", "1"},
                   {"fields.id.end", "10"},
                   {"fields.name.length", "5"},
                   {"fields.seq2.kind", "sequence"},
                   {"fields.seq2.start", "100"},
                   {"fields.seq2.end", "107"}});
    planner::ScanRequest scan;
    scan.physicalFields = {1, 0};  // projection: name, id (seq2 not projected but still bounds: 8 rows)
    auto provider = factory("datagen").createSource(t, scan, {});
    CHECK(provider->isBounded());
    REQUIRE(provider->outputSchema().fields.size() == 2);
    CHECK(provider->outputSchema().fields[0].name == "name");

    auto sub0 = drain(*provider, 2, 0);
    auto sub1 = drain(*provider, 2, 1);
    std::vector<int> ids0, ids1;
    for (const auto& b : sub0.batches)
        for (size_t r = 0; r < b.numRows; ++r) {
            ids0.push_back(b.columns[1].data<int32_t>()[r]);
            auto name = b.columns[0].stringAt(r);
            CHECK(name.size() == 5);
            CHECK(name.find_first_not_of("0123456789abcdef") == std::string_view::npos);
        }
    for (const auto& b : sub1.batches)
        for (size_t r = 0; r < b.numRows; ++r) ids1.push_back(b.columns[1].data<int32_t>()[r]);
    // Flink's SequenceGenerator: subtask i takes start+i, start+i+p, ...; seq2 (8 values) ends it
    CHECK(ids0 == std::vector<int>{1, 3, 5, 7});
    CHECK(ids1 == std::vector<int>{2, 4, 6, 8});
}

TEST_CASE("datagen number-of-rows is shared by subtasks", "[connectors][datagen]") {
    auto t = makeTable({{"v", DataType::doubleType()}, {"b", DataType::boolean()}},
                       {{"connector", "datagen"},
                        {"number-of-rows", "7"},
                        {"fields.v.min", "1"},
                        {"fields.v.max", "2"},
                        {"fields.b.null-rate", "1.0"}});
    auto provider = factory("datagen").createSource(t, allColumns(t), {});
    CHECK(provider->isBounded());
    auto a = drain(*provider, 2, 0);
    auto b = drain(*provider, 2, 1);
    CHECK(a.rows() == 4);
    CHECK(b.rows() == 3);
    for (const auto& batch : a.batches)
        for (size_t r = 0; r < batch.numRows; ++r) {
            double v = batch.columns[0].data<double>()[r];
            CHECK(v >= 1.0);
            CHECK(v <= 2.0);
            CHECK(batch.columns[1].isNull(r));
        }
}

TEST_CASE("datagen paces rows per second without busy waiting", "[connectors][datagen]") {
    auto t = makeTable({{"id", DataType::bigint()}}, {{"connector", "datagen"}, {"rows-per-second", "20"}});
    auto provider = factory("datagen").createSource(t, allColumns(t), {});
    CHECK_FALSE(provider->isBounded());
    auto source = provider->createSource(0, 1);
    runtime::SourceContext ctx;
    source->open(ctx);
    BatchCollector out;
    auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(300)) {
        auto before = std::chrono::steady_clock::now();
        CHECK(source->poll(out));
        CHECK(std::chrono::steady_clock::now() - before < std::chrono::milliseconds(150));
    }
    // ~20/s over 0.3 s: the first row at once, then one every 50 ms
    CHECK(out.rows() >= 5);
    CHECK(out.rows() <= 9);
}

TEST_CASE("datagen validates its options like Flink", "[connectors][datagen]") {
    std::vector<Field> fields = {{"id", DataType::integer()}, {"name", DataType::string()}};
    auto create = [&](std::vector<std::pair<std::string, std::string>> opts) {
        opts.insert(opts.begin(), {"connector", "datagen"});
        auto t = makeTable(fields, opts);
        factory("datagen").createSource(t, allColumns(t), {});
    };
    auto unknownField = errorOf([&] { create({{"fields.nope.kind", "random"}}); });
    CHECK_THAT(unknownField, Catch::Contains("Unsupported options found for 'datagen'"));
    CHECK_THAT(unknownField, Catch::Contains("fields.nope.kind"));
    CHECK_THAT(unknownField, Catch::Contains("fields.id.min"));  // the supported list
    CHECK_THAT(errorOf([&] { create({{"fields.id.length", "3"}}); }), Catch::Contains("fields.id.length"));
    CHECK_THAT(errorOf([&] {
                   create({{"fields.id.kind", "sequence"}, {"fields.id.start", "1"}});
               }),
               Catch::Contains("Could not find required property 'fields.id.end' for sequence generator."));
    CHECK_THAT(errorOf([&] {
                   create({{"fields.id.kind", "cyclic"}});
               }),
               Catch::Contains("Unsupported generator kind: cyclic"));
    CHECK_THAT(errorOf([&] {
                   create({{"fields.id.min", "10"}, {"fields.id.max", "1"}});
               }),
               Catch::Contains("min is greater than max"));
    CHECK(errorOf([&] {
              create({{"fields.name.var-len", "true"}, {"fields.name.null-rate", "0.5"}});
          }) == "<no error>");

    auto t = makeTable(fields, {{"connector", "datagen"}});
    t.metadata.push_back({"ts", "timestamp", DataType::timestampLtz(3), false});
    CHECK_THAT(errorOf([&] { factory("datagen").createSource(t, allColumns(t), {}); }),
               Catch::Contains("'ts'"));
    CHECK_THAT(errorOf([&] { factory("datagen").createSink(t, {}); }),
               Catch::Contains("only be used as a source"));
}

TEST_CASE("print writes Flink's lines with identifier and subtask prefix", "[connectors][print]") {
    std::vector<Field> fields = {{"id", DataType::integer()},
                                 {"s", DataType::string()},
                                 {"b", DataType::boolean()},
                                 {"ts", DataType::timestamp(3)},
                                 {"d", DataType::decimal(10, 2)}};
    auto batch =
        makeBatch(fields,
                  {{Value::integer(1), Value::string("Hello"), Value::boolean(true),
                    Value::integer(1704103200123000), Value::decimal(1234)},
                   {Value::integer(2), Value::null(), Value::boolean(false), Value::integer(1704103200000000),
                    Value::null()},
                   {Value::integer(3), Value::string("x"), Value::null(), Value::null(), Value::null()},
                   {Value::integer(4), Value::string("y"), Value::null(), Value::null(), Value::null()}},
                  {RowKind::Insert, RowKind::UpdateBefore, RowKind::UpdateAfter, RowKind::Delete});
    auto t = makeTable(fields, {{"connector", "print"}, {"print-identifier", "out"}});
    auto provider = factory("print").createSink(t, {});
    CHECK(provider->acceptsUpdates());
    auto* print = dynamic_cast<PrintSinkProvider*>(provider.get());
    REQUIRE(print);
    std::ostringstream os;
    print->setOutput(&os);
    auto sink = provider->createSink(1, 2);
    runtime::SinkContext ctx;
    ctx.subtask = 1;
    ctx.parallelism = 2;
    sink->open(ctx);
    sink->write(batch);
    CHECK(os.str() ==
          "out:2> +I[1, Hello, true, 2024-01-01T10:00:00.123, 12.34]\n"
          "out:2> -U[2, null, false, 2024-01-01T10:00, null]\n"
          "out:2> +U[3, x, null, null, null]\n"
          "out:2> -D[4, y, null, null, null]\n");

    CHECK(PrintSink::linePrefix("", 0, 1) == "");
    CHECK(PrintSink::linePrefix("", 2, 4) == "3> ");
    CHECK(PrintSink::linePrefix("id", 0, 1) == "id> ");
    CHECK_THAT(errorOf([&] {
                   auto bad = makeTable(fields, {{"connector", "print"}, {"print-identifer", "x"}});
                   factory("print").createSink(bad, {});
               }),
               Catch::Contains("print-identifer"));
}

TEST_CASE("blackhole accepts everything and takes no options", "[connectors][blackhole]") {
    auto t = makeTable({{"id", DataType::integer()}}, {{"connector", "blackhole"}});
    auto provider = factory("blackhole").createSink(t, {});
    CHECK(provider->acceptsUpdates());
    auto sink = provider->createSink(0, 1);
    sink->write(makeBatch({{"id", DataType::integer()}}, {{Value::integer(1)}}, {RowKind::Delete}));
    auto bad = makeTable({{"id", DataType::integer()}}, {{"connector", "blackhole"}, {"x", "1"}});
    CHECK_THAT(errorOf([&] { factory("blackhole").createSink(bad, {}); }),
               Catch::Contains("Unsupported options"));
}

TEST_CASE("filesystem csv: part files appear only when committed, and read back",
          "[connectors][filesystem]") {
    TempDir dir;
    std::vector<Field> fields = {{"id", DataType::integer()},
                                 {"s", DataType::string()},
                                 {"ok", DataType::boolean()},
                                 {"ts", DataType::timestamp(3)}};
    auto t = makeTable(
        fields, {{"connector", "filesystem"}, {"path", (dir.path / "out").string()}, {"format", "csv"}});
    auto provider = factory("filesystem").createSink(t, {});
    CHECK_FALSE(provider->acceptsUpdates());
    auto sink = provider->createSink(0, 1);
    runtime::SinkContext ctx;
    sink->open(ctx);
    sink->write(makeBatch(
        fields,
        {{Value::integer(1), Value::string("Hello"), Value::boolean(true), Value::integer(1704103200123000)},
         {Value::integer(2), Value::string("Hello World"), Value::boolean(false),
          Value::integer(1704103200000000)},
         {Value::integer(3), Value::string("a,\"b\""), Value::null(), Value::null()}}));
    auto visible = [&] {
        std::vector<std::string> names;
        for (const auto& n : listDir(dir.path / "out"))
            if (n[0] != '.') names.push_back(n);
        return names;
    };
    CHECK(visible().empty());
    auto hidden = listDir(dir.path / "out");
    REQUIRE(hidden.size() == 1);
    CHECK_THAT(hidden[0], Catch::Matches(R"(\.part-[0-9a-f-]{36}-0-0\.inprogress\.[0-9a-f-]{36})"));
    sink->prepareCheckpoint(1);
    CHECK(visible().empty());
    sink->notifyCheckpointComplete(1);
    auto names = visible();
    REQUIRE(names.size() == 1);
    CHECK_THAT(names[0], Catch::Matches(R"(part-[0-9a-f-]{36}-0-0)"));
    CHECK(readFile(dir.path / "out" / names[0]) ==
          "1,Hello,true,\"2024-01-01 10:00:00.123\"\n"
          "2,\"Hello World\",false,\"2024-01-01 10:00:00\"\n"
          "3,\"a,\"\"b\"\"\",,\n");
    // a second part file becomes visible at finish()
    sink->write(
        makeBatch(fields, {{Value::integer(4), Value::string("z"), Value::boolean(true), Value::null()}}));
    CHECK(visible().size() == 1);
    sink->finish();
    names = visible();
    REQUIRE(names.size() == 2);
    CHECK_THAT(names[1], Catch::EndsWith("-0-1"));

    // read back: NULL was written as an empty field, which Flink's CSV reads as '' for strings, false for
    // booleans and an error for numbers and timestamps (NULL under ignore-parse-errors)
    auto rt = makeTable(fields, {{"connector", "filesystem"},
                                 {"path", (dir.path / "out").string()},
                                 {"format", "csv"},
                                 {"csv.ignore-parse-errors", "true"}});
    planner::ScanRequest scan;
    scan.physicalFields = {1, 0, 2, 3};
    auto source = factory("filesystem").createSource(rt, scan, {});
    CHECK(source->isBounded());
    auto out = drain(*source, 1);
    REQUIRE(out.rows() == 4);
    const auto& b = out.batches.at(0);
    CHECK(b.columns[0].stringAt(1) == "Hello World");
    CHECK(b.columns[0].stringAt(2) == "a,\"b\"");
    CHECK(b.columns[1].data<int32_t>()[2] == 3);
    CHECK(b.columns[2].data<uint8_t>()[2] == 0);  // Boolean.parseBoolean("") is false, as in Flink
    CHECK(b.columns[2].data<uint8_t>()[0] == 1);
    CHECK(b.columns[3].data<int64_t>()[0] == 1704103200123000);
    CHECK(b.columns[3].isNull(2));
}

TEST_CASE("filesystem json round trip and options", "[connectors][filesystem][json]") {
    TempDir dir;
    std::vector<Field> fields = {
        {"id", DataType::bigint()},          {"name", DataType::string()},
        {"ts", DataType::timestamp(3)},      {"ltz", DataType::timestampLtz(3)},
        {"price", DataType::decimal(10, 2)}, {"tags", DataType::array(DataType::string())}};
    auto t =
        makeTable(fields, {{"connector", "filesystem"}, {"path", dir.path.string()}, {"format", "json"}});
    auto sinkProvider = factory("filesystem").createSink(t, {});
    auto sink = sinkProvider->createSink(0, 1);
    runtime::SinkContext ctx;
    sink->open(ctx);
    sink->write(makeBatch(
        fields,
        {{Value::integer(1), Value::string("a\"b\n"), Value::integer(1704103200500000), Value::integer(0),
          Value::decimal(-5), Value::list({Value::string("x"), Value::null()})},
         {Value::integer(2), Value::null(), Value::null(), Value::null(), Value::null(), Value::null()}}));
    sink->finish();
    auto names = listDir(dir.path);
    REQUIRE(names.size() == 1);
    CHECK(
        readFile(dir.path / names[0]) ==
        "{\"id\":1,\"name\":\"a\\\"b\\n\",\"ts\":\"2024-01-01 10:00:00.5\",\"ltz\":\"1970-01-01 00:00:00Z\","
        "\"price\":-0.05,\"tags\":[\"x\",null]}\n"
        "{\"id\":2,\"name\":null,\"ts\":null,\"ltz\":null,\"price\":null,\"tags\":null}\n");

    // hand-written input: a missing field is NULL, numbers into STRING keep their text, objects their JSON
    std::ofstream(dir.path / "in.json")
        << "{\"id\": 7, \"name\": 12.50, \"extra\": {\"k\": [1, 2]}}\n"
        << "\n"
        << "{\"id\": \"8\", \"name\": {\"a\": 1}, \"ts\": \"2024-01-01 10:00:00\"}\n";
    auto readTable = [&](std::vector<std::pair<std::string, std::string>> extra) {
        std::vector<std::pair<std::string, std::string>> opts = {
            {"connector", "filesystem"}, {"path", (dir.path / "in.json").string()}, {"format", "json"}};
        opts.insert(opts.end(), extra.begin(), extra.end());
        return makeTable(fields, opts);
    };
    auto rt = readTable({});
    auto out = drain(*factory("filesystem").createSource(rt, allColumns(rt), {}), 1);
    REQUIRE(out.rows() == 2);
    const auto& b = out.batches[0];
    CHECK(b.columns[0].data<int64_t>()[0] == 7);
    CHECK(b.columns[0].data<int64_t>()[1] == 8);
    CHECK(b.columns[1].stringAt(0) == "12.50");
    CHECK(b.columns[1].stringAt(1) == "{\"a\":1}");
    CHECK(b.columns[2].isNull(0));
    CHECK(b.columns[2].data<int64_t>()[1] == 1704103200000000);

    auto strict = readTable({{"json.fail-on-missing-field", "true"}});
    CHECK_THAT(
        errorOf([&] { drain(*factory("filesystem").createSource(strict, allColumns(strict), {}), 1); }),
        Catch::Contains("Could not find field with name 'ts'."));
    CHECK_THAT(errorOf([&] {
                   auto both = readTable(
                       {{"json.fail-on-missing-field", "true"}, {"json.ignore-parse-errors", "true"}});
                   factory("filesystem").createSource(both, allColumns(both), {});
               }),
               Catch::Contains("fail-on-missing-field and ignore-parse-errors shouldn't both be true."));

    std::ofstream(dir.path / "bad.json") << "{\"id\": 1}\n{\"id\": \"x\"}\n{broken\n{\"id\": 4}\n";
    auto bad = makeTable(
        fields,
        {{"connector", "filesystem"}, {"path", (dir.path / "bad.json").string()}, {"format", "json"}});
    auto err = errorOf([&] { drain(*factory("filesystem").createSource(bad, allColumns(bad), {}), 1); });
    CHECK_THAT(err,
               Catch::StartsWith("Failed to deserialize JSON '{\"id\": \"x\"}' at " +
                                 (dir.path / "bad.json").string() + ":2: Fail to deserialize at field: id."));
    auto lenient = makeTable(fields, {{"connector", "filesystem"},
                                      {"path", (dir.path / "bad.json").string()},
                                      {"format", "json"},
                                      {"json.ignore-parse-errors", "true"}});
    auto lout = drain(*factory("filesystem").createSource(lenient, allColumns(lenient), {}), 1);
    REQUIRE(lout.rows() == 3);  // the broken line is skipped, the bad field is NULL
    CHECK(lout.batches[0].columns[0].isNull(1));
    CHECK(lout.batches[0].columns[0].data<int64_t>()[2] == 4);
}

TEST_CASE("filesystem source reads directories, splits files, and offers file metadata",
          "[connectors][filesystem]") {
    TempDir dir;
    fs::create_directories(dir.path / "sub");
    std::ofstream(dir.path / "a.csv") << "1,x\n2,y\n";
    std::ofstream(dir.path / "sub" / "b.csv") << "3,\"multi\nline\"\n";
    std::ofstream(dir.path / ".hidden.csv") << "99,no\n";
    std::ofstream(dir.path / "_SUCCESS") << "";
    std::vector<Field> fields = {{"id", DataType::integer()}, {"s", DataType::string()}};
    auto t = makeTable(fields, {{"connector", "filesystem"}, {"path", dir.path.string()}, {"format", "csv"}});
    t.metadata.push_back({"fname", "file.name", DataType::string(), true});
    planner::ScanRequest scan;
    scan.physicalFields = {0, 1};
    scan.metadataFields = {0};
    auto provider = factory("filesystem").createSource(t, scan, {});
    auto s0 = drain(*provider, 2, 0);
    auto s1 = drain(*provider, 2, 1);
    REQUIRE(s0.rows() == 2);
    REQUIRE(s1.rows() == 1);
    CHECK(s0.batches[0].columns[2].stringAt(0) == "a.csv");
    CHECK(s1.batches[0].columns[1].stringAt(0) == "multi\nline");
    CHECK(s1.batches[0].columns[2].stringAt(0) == "b.csv");

    auto badKey = t;
    badKey.metadata[0].key = "file.owner";
    CHECK_THAT(errorOf([&] { factory("filesystem").createSource(badKey, scan, {}); }),
               Catch::Contains("file.modification-time"));
    auto monitor = makeTable(fields, {{"connector", "filesystem"},
                                      {"path", dir.path.string()},
                                      {"format", "csv"},
                                      {"source.monitor-interval", "1s"}});
    CHECK_THAT(errorOf([&] { factory("filesystem").createSource(monitor, allColumns(monitor), {}); }),
               Catch::Contains("not supported yet"));
    auto wrongFormatKey = makeTable(
        fields,
        {{"connector", "filesystem"}, {"path", dir.path.string()}, {"format", "csv"}, {"json.x", "1"}});
    CHECK_THAT(
        errorOf([&] { factory("filesystem").createSource(wrongFormatKey, allColumns(wrongFormatKey), {}); }),
        Catch::Contains("json.x"));
    auto partitioned = t;
    partitioned.partitionKeys = {"nope"};
    CHECK_THAT(errorOf([&] { factory("filesystem").createSink(partitioned, {}); }),
               Catch::Contains("Partition column 'nope'"));
    auto csvError = makeTable(
        fields, {{"connector", "filesystem"}, {"path", (dir.path / "a.csv").string()}, {"format", "csv"}});
    std::ofstream(dir.path / "a.csv") << "1,x\nnope,y\n";
    CHECK_THAT(
        errorOf([&] { drain(*factory("filesystem").createSource(csvError, allColumns(csvError), {}), 1); }),
        Catch::Contains("a.csv:2: Fail to deserialize at field: id."));
}

TEST_CASE("csv quoting follows Jackson", "[connectors][csv]") {
    std::vector<Field> fields = {
        {"s", DataType::string()}, {"d", DataType::decimal(38, 25)}, {"x", DataType::doubleType()}};
    planner::TableOptions opts(Options{{"format", "csv"}});
    auto enc = FormatRegistry::builtin().get("csv").createEncoder(opts, "", Schema{fields});
    auto line = [&](const Value& s) {
        std::string out;
        enc->encode(makeBatch(fields, {{s, Value::decimal(1), Value::real(1e10)}}), 0, out);
        return out;
    };
    CHECK(line(Value::string("plain-text.ok")) == "plain-text.ok,1E-25,1.0E10");
    CHECK(line(Value::string("with space")) == "\"with space\",1E-25,1.0E10");
    CHECK(line(Value::string("a\"b")) == "\"a\"\"b\",1E-25,1.0E10");
    CHECK(line(Value::string("abcdefghijklmnopqrstuvwxyz")) == "\"abcdefghijklmnopqrstuvwxyz\",1E-25,1.0E10");
    CHECK(line(Value::string("")) == ",1E-25,1.0E10");

    planner::TableOptions custom(Options{{"csv.field-delimiter", ";"},
                                         {"csv.quote-character", "'"},
                                         {"csv.escape-character", "*"},
                                         {"csv.null-literal", "null"}});
    auto dec = FormatRegistry::builtin().get("csv").createDecoder(custom, "", Schema{fields}, {0, 2});
    std::vector<Vector> cols = {Vector(DataType::string()), Vector(DataType::doubleType())};
    RecordOrigin origin{"test", 1};
    CHECK(dec->decode("'a;b''c';1;null\n", cols, origin) == 1);
    CHECK(dec->decode("123*'4**;1;  2.5 ", cols, origin) == 1);
    CHECK(cols[0].stringAt(0) == "a;b'c");
    CHECK(cols[1].isNull(0));
    CHECK(cols[0].stringAt(1) == "123'4*");
    CHECK(cols[1].data<double>()[1] == 2.5);
    CHECK_THAT(errorOf([&] { dec->decode("x;1", cols, origin); }),
               Catch::Contains("Row length mismatch. 3 fields expected but was 2."));
    CHECK_THAT(errorOf([] {
                   FormatRegistry::builtin().get("csv").createDecoder(
                       planner::TableOptions(Options{{"csv.field-delimiter", ";;"}}), "", Schema{}, {});
               }),
               Catch::Contains("must be a string with single character"));
}

TEST_CASE("java text helpers", "[connectors][format]") {
    CHECK(javaBigDecimalString(1234, 2) == "12.34");
    CHECK(javaBigDecimalString(1, 8) == "1E-8");
    CHECK(javaBigDecimalString(0, 8) == "0E-8");
    CHECK(javaBigDecimalString(-123, 10) == "-1.23E-8");
    CHECK(javaBigDecimalString(1, 8, true) == "0.00000001");
    CHECK(javaBigDecimalString(5, 0) == "5");
    std::string s;
    appendJavaInstant(s, 1704103200123456);
    CHECK(s == "2024-01-01T10:00:00.123456Z");
    s.clear();
    appendJavaLocalDateTime(s, 1704103200000000 + 5 * 1000000);
    CHECK(s == "2024-01-01T10:00:05");
    CHECK(base64Encode("k\x03\x0b") == "awML");
    CHECK(*base64Decode("awML") == "k\x03\x0b");
    Int128 v;
    bool overflow;
    CHECK(parseJavaDecimal("12.345", 10, 2, v, overflow));
    CHECK(v == 1235);
    CHECK(parseJavaDecimal("1e3", 5, 1, v, overflow));
    CHECK(v == 10000);
    CHECK(parseJavaDecimal("123456", 5, 1, v, overflow));
    CHECK(overflow);
}
