#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/error.h"
#include "connectors/jdbc/jdbc_options.h"
#include "connectors/jdbc/jdbc_source.h"
#include "connectors/jdbc/pg_connection.h"

// The jdbc scan source's checkpoint state against the real PostgreSQL that scripts/postgres runs
// (SLUICE_PG_PORT): a source stopped after any poll and a new one restored from its state emit every
// row once. Without a server these tests pass with a warning, except under CI=true.

using namespace sluice;
using namespace sluice::connectors::jdbc;

namespace {

std::string url() {
    const char* p = std::getenv("SLUICE_PG_PORT");
    return "jdbc:postgresql://127.0.0.1:" + std::string(p && *p ? p : "5432") + "/postgres";
}

std::unique_ptr<PgConnection> server() {
    try {
        return std::make_unique<PgConnection>(JdbcUrl::parse(url()).conninfo("postgres", "postgres") +
                                                  " connect_timeout=3 options=-cclient_min_messages=warning",
                                              "test server");
    } catch (const PgError& e) {
        const char* ci = std::getenv("CI");
        if (ci && std::string(ci) == "true") FAIL("no PostgreSQL under CI: " << e.what());
        WARN("skipped, no PostgreSQL: " << e.what());
        return nullptr;
    }
}

Schema schema() {
    Schema s;
    s.fields = {{"id", DataType::bigint()}, {"name", DataType::string()}};
    return s;
}

std::shared_ptr<const JdbcOptions> options(const std::string& table,
                                           std::vector<std::pair<std::string, std::string>> extra = {}) {
    planner::ConnectorTable t;
    t.name = "default_catalog.default_database.t";
    t.physical = schema();
    std::vector<std::pair<std::string, std::string>> o = {{"connector", "jdbc"},
                                                          {"url", url()},
                                                          {"table-name", table},
                                                          {"username", "postgres"},
                                                          {"password", "postgres"}};
    o.insert(o.end(), extra.begin(), extra.end());
    t.options = planner::TableOptions(o);
    return JdbcOptions::fromTable(t);
}

struct Rows : runtime::Collector {
    std::vector<std::string> rows;
    size_t maxBatch = 0;
    void collect(RecordBatch b) override {
        maxBatch = std::max(maxBatch, b.numRows);
        for (size_t i = 0; i < b.numRows; ++i)
            rows.push_back(std::to_string(b.columns[0].getValue(i).asInt()) + "|" +
                           std::string(b.columns[1].stringAt(i)));
    }
};

// Reads subtask `subtask` of `parallelism` with one row per poll, "stopping" the source after every
// `stopEvery` polls: its state goes into a new source, as a restored job would create it.
std::vector<std::string> readWithRestarts(const std::shared_ptr<const JdbcOptions>& o, int subtask,
                                          int parallelism, int stopEvery, size_t& maxBatch, int& restarts) {
    Rows out;
    std::string state;
    bool more = true;
    while (more) {
        JdbcSource source(o, {0, 1}, schema(), subtask, parallelism, true);
        if (!state.empty()) {
            source.restoreState(state);
            ++restarts;
        }
        runtime::SourceContext ctx;
        ctx.maxRowsPerPoll = 1;
        source.open(ctx);
        for (int i = 0; i < stopEvery && (more = source.poll(out)); ++i) {
        }
        state = source.snapshotState(1);
        source.close();
    }
    maxBatch = out.maxBatch;
    return out.rows;
}

}  // namespace

TEST_CASE("jdbc source: stopped after any poll and restored, every row once", "[jdbc][postgres]") {
    auto pg = server();
    if (!pg) return;
    // physical order shuffled, so that only the ORDER BY makes the reads repeatable
    pg->exec(
        "DROP TABLE IF EXISTS jdbc_unit_scan_pk, jdbc_unit_scan_nokey;"
        "CREATE TABLE jdbc_unit_scan_pk (id bigint PRIMARY KEY, name text);"
        "INSERT INTO jdbc_unit_scan_pk SELECT i, 'n' || i FROM generate_series(1, 40) i ORDER BY "
        "md5(i::text);"
        "CREATE TABLE jdbc_unit_scan_nokey (id bigint, name text);"
        "INSERT INTO jdbc_unit_scan_nokey SELECT i % 7, 'n' || (i % 3) FROM generate_series(1, 40) i "
        "ORDER BY md5(i::text)");
    auto want = [&](const std::string& table) {
        auto r = pg->exec("SELECT id || '|' || name FROM " + table + " ORDER BY 1");
        std::vector<std::string> out;
        for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back(PQgetvalue(r.get(), i, 0));
        return out;
    };
    SECTION("a primary key, partitioned over two subtasks") {
        auto o = options("jdbc_unit_scan_pk", {{"scan.partition.column", "id"},
                                               {"scan.partition.num", "5"},
                                               {"scan.partition.lower-bound", "1"},
                                               {"scan.partition.upper-bound", "40"}});
        std::vector<std::string> got;
        int restarts = 0;
        for (int subtask = 0; subtask < 2; ++subtask) {
            size_t maxBatch = 0;
            auto rows = readWithRestarts(o, subtask, 2, 3, maxBatch, restarts);
            CHECK(maxBatch == 1);
            got.insert(got.end(), rows.begin(), rows.end());
        }
        CHECK(restarts >= 12);  // 40 rows, 3 a run
        std::sort(got.begin(), got.end());
        CHECK(got == want("jdbc_unit_scan_pk"));
    }
    SECTION("no key and repeated rows: ordered by every column") {
        auto o = options("jdbc_unit_scan_nokey");
        size_t maxBatch = 0;
        int restarts = 0;
        auto got = readWithRestarts(o, 0, 1, 4, maxBatch, restarts);
        CHECK(restarts >= 9);  // 40 rows, 4 a run
        std::sort(got.begin(), got.end());
        CHECK(got == want("jdbc_unit_scan_nokey"));
    }
    SECTION("a state from other scan.partition options is refused") {
        JdbcSource a(options("jdbc_unit_scan_pk", {{"scan.partition.column", "id"},
                                                   {"scan.partition.num", "2"},
                                                   {"scan.partition.lower-bound", "1"},
                                                   {"scan.partition.upper-bound", "40"}}),
                     {0, 1}, schema(), 0, 1, true);
        JdbcSource b(options("jdbc_unit_scan_pk", {{"scan.partition.column", "id"},
                                                   {"scan.partition.num", "3"},
                                                   {"scan.partition.lower-bound", "1"},
                                                   {"scan.partition.upper-bound", "40"}}),
                     {0, 1}, schema(), 0, 1, true);
        runtime::SourceContext ctx;
        ctx.maxRowsPerPoll = 1;
        a.open(ctx);
        Rows out;
        a.poll(out);
        CHECK_THROWS_WITH(b.restoreState(a.snapshotState(1)),
                          Catch::Contains("'scan.partition.*' changed since the checkpoint was taken"));
        a.close();
    }
    SECTION("a mid-split state taken without a stable order is refused") {
        CHECK_THROWS_WITH(JdbcSource(options("jdbc_unit_scan_pk"), {0, 1}, schema(), 0, 1, false)
                              .restoreState("jdbc-scan 1\nat table 5\n"),
                          Catch::Contains("without a stable row order"));
    }
    pg->exec("DROP TABLE jdbc_unit_scan_pk, jdbc_unit_scan_nokey");
}
