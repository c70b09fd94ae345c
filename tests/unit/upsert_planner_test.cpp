// The planner's handling of scans that declare an upsert changelog, end to end without a broker: a
// test connector replays fixed upsert rows (+I upserts, -D tombstones carrying only the key).

#include <algorithm>

#include <catch2/catch.hpp>

#include "cli/registries.h"
#include "common/error.h"
#include "connectors/builtin_connectors.h"
#include "planner/session.h"
#include "runtime/result_queue.h"
#include "runtime/values_source.h"

using namespace sluice;

namespace {

// (id, name) rows; an empty name marks a tombstone.
const std::vector<std::pair<int, std::string>> kMessages = {{1, "a"}, {2, "b"}, {1, "b"}, {1, "b"},
                                                            {2, ""},  {3, ""},  {3, "c"}};

/// 'connector' = 'upsert-values': kMessages as an upsert stream keyed by the PRIMARY KEY.
class UpsertValuesFactory : public planner::ConnectorFactory {
public:
    std::string identifier() const override { return "upsert-values"; }
    planner::ChangelogMode scanChangelogMode(const planner::ConnectorTable& table) const override {
        return planner::ChangelogMode::upsert(table.primaryKey);
    }
    std::unique_ptr<runtime::SourceProvider> createSource(const planner::ConnectorTable& table,
                                                          const planner::ScanRequest& scan,
                                                          const planner::FactoryContext&) const override {
        Schema schema;
        for (int i : scan.physicalFields) schema.fields.push_back(table.physical.fields.at(i));
        RecordBatch batch(schema);
        for (const auto& [id, name] : kMessages) {
            for (size_t c = 0; c < scan.physicalFields.size(); ++c) {
                if (scan.physicalFields[c] == 0)
                    batch.columns[c].append<int32_t>(id);
                else if (name.empty())
                    batch.columns[c].appendNull();
                else
                    batch.columns[c].appendString(name);
            }
            batch.rowKinds.push_back(name.empty() ? RowKind::Delete : RowKind::Insert);
        }
        batch.numRows = kMessages.size();
        std::vector<RecordBatch> batches;
        batches.push_back(std::move(batch));
        return std::make_unique<runtime::ValuesSourceProvider>(schema, std::move(batches), "upsert-values");
    }
};

struct Fixture {
    cli::Registries registries;
    planner::ConnectorRegistry connectors;
    std::unique_ptr<planner::Session> session;

    Fixture() {
        connectors::registerBuiltinConnectors(connectors);
        connectors.add(std::make_unique<UpsertValuesFactory>());
        session = std::make_unique<planner::Session>(connectors, registries.functions());
        run("CREATE TABLE src (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = "
            "'upsert-values');");
    }
    planner::StatementResult run(const std::string& sql) {
        planner::StatementResult last;
        for (auto& s : planner::Session::parse(sql)) last = session->execute(*s);
        return last;
    }
    std::string explain(const std::string& sql) {
        return session->explain(*planner::Session::parse(sql).back());
    }
    // The changelog of a query as "+I[1, a]" lines.
    std::vector<std::string> changelog(const std::string& sql) {
        auto r = run(sql);
        std::vector<std::string> out;
        RecordBatch b;
        while (r.stream->next(b))
            for (size_t i = 0; i < b.numRows; ++i) {
                std::string line = std::string(rowKindShortString(b.kind(i))) + "[";
                for (size_t c = 0; c < b.columns.size(); ++c) {
                    Value v = b.columns[c].getValue(i);
                    line += (c ? ", " : "") + (v.isNull()                       ? std::string("NULL")
                                               : b.columns[c].type().isString() ? v.asString()
                                                                                : std::to_string(v.asInt()));
                }
                out.push_back(line + "]");
            }
        r.job->wait();
        return out;
    }
};

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("upsert scan: a ChangelogNormalize on the key turns upserts into a retract changelog",
          "[planner][changelog-normalize]") {
    Fixture f;
    CHECK(f.changelog("SELECT * FROM src") ==
          Lines{"+I[1, a]", "+I[2, b]", "-U[1, a]", "+U[1, b]", "-D[2, b]", "+I[3, c]"});
    // A Calc over the normalized stream keeps the row kinds.
    CHECK(f.changelog("SELECT name, id * 10 AS t FROM src WHERE id < 3") ==
          Lines{"+I[a, 10]", "+I[b, 20]", "-U[a, 10]", "+U[b, 10]", "-D[b, 20]"});
}

TEST_CASE("upsert scan: parallelism 2 hashes by the key into the normalize",
          "[planner][changelog-normalize]") {
    Fixture f;
    f.run("SET 'parallelism.default' = '2';");
    std::string plan = f.explain("SELECT id AS k, name FROM src");
    CHECK_THAT(plan, Catch::Contains("ChangelogNormalize(key=[id])"));
    CHECK_THAT(plan, Catch::Contains("ChangelogNormalize  parallelism=2\n      <- [0] HASH[id]"));
    // Each key's changes stay in order; keys interleave in any order across subtasks.
    Lines rows = f.changelog("SELECT id AS k, name FROM src");
    auto ofKey = [&](const std::string& prefix) {
        Lines out;
        for (const auto& r : rows)
            if (r.find("[" + prefix) != std::string::npos) out.push_back(r);
        return out;
    };
    CHECK(ofKey("1,") == Lines{"+I[1, a]", "-U[1, a]", "+U[1, b]"});
    CHECK(ofKey("2,") == Lines{"+I[2, b]", "-D[2, b]"});
    CHECK(ofKey("3,") == Lines{"+I[3, c]"});
    CHECK(rows.size() == 6);
}

TEST_CASE("upsert scan: projection pushdown keeps the key columns", "[planner][changelog-normalize]") {
    Fixture f;
    std::string plan = f.explain("SELECT name FROM src");
    CHECK_THAT(
        plan, Catch::Contains("TableSourceScan(table=[[default_catalog, default_database, src]], fields=[id, "
                              "name])"));
    // Without the key in the output, rows of one key still pair up correctly.
    CHECK(f.changelog("SELECT name FROM src") == Lines{"+I[a]", "+I[b]", "-U[a]", "+U[b]", "-D[b]", "+I[c]"});
}

TEST_CASE("upsert scan: append-only sinks refuse it with Flink's message", "[planner][changelog-normalize]") {
    Fixture f;
    f.run(
        "CREATE TABLE fs (id INT, name STRING) WITH ('connector' = 'filesystem', 'path' = '/tmp/unused', "
        "'format' = 'csv');");
    CHECK_THROWS_WITH(
        f.explain("INSERT INTO fs SELECT * FROM src"),
        "Table sink 'default_catalog.default_database.fs' doesn't support consuming update and delete "
        "changes which is produced by node ChangelogNormalize(key=[id])");
    CHECK_THROWS_AS(f.explain("INSERT INTO fs SELECT * FROM src"), TableError);
    // print and blackhole consume updates
    f.run("CREATE TABLE p (id INT, name STRING) WITH ('connector' = 'print');");
    f.run("CREATE TABLE b (id INT, name STRING) WITH ('connector' = 'blackhole');");
    CHECK_NOTHROW(f.explain("INSERT INTO p SELECT * FROM src"));
    CHECK_NOTHROW(f.explain("INSERT INTO b SELECT * FROM src"));
}

TEST_CASE("upsert scan: batch mode refuses it as Flink does", "[planner][changelog-normalize]") {
    Fixture f;
    f.run("SET 'execution.runtime-mode' = 'batch';");
    CHECK_THROWS_WITH(
        f.explain("SELECT * FROM src"),
        "Querying a table in batch mode is currently only possible for INSERT-only table sources. But "
        "the source for table 'default_catalog.default_database.src' produces other changelog messages "
        "than just INSERT.");
}
