#include <catch2/catch.hpp>

#include "cli/registries.h"
#include "common/error.h"
#include "planner/session.h"
#include "runtime/result_queue.h"

using namespace sluice;

namespace {

struct SessionFixture {
    cli::Registries registries;
    planner::Session session{registries.connectors(), registries.functions()};

    planner::StatementResult run(const std::string& sql) {
        planner::StatementResult last;
        for (auto& s : planner::Session::parse(sql)) last = session.execute(*s);
        return last;
    }
    std::string explain(const std::string& sql) {
        auto statements = planner::Session::parse(sql);
        return session.explain(*statements.back());
    }
    // Every row of a query result as text lines "a|b|c".
    std::vector<std::string> rows(const std::string& sql) {
        auto r = run(sql);
        std::vector<std::string> out;
        RecordBatch b;
        while (r.stream->next(b))
            for (size_t i = 0; i < b.numRows; ++i) {
                std::string line;
                for (size_t c = 0; c < b.columns.size(); ++c) {
                    if (c) line += "|";
                    Value v = b.columns[c].getValue(i);
                    line += v.isNull()                       ? "NULL"
                            : b.columns[c].type().isString() ? v.asString()
                                                             : std::to_string(v.asInt());
                }
                out.push_back(line);
            }
        r.job->wait();
        return out;
    }
};

const char* kSource =
    "CREATE TABLE t (a INT, b BIGINT, c STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '3', "
    "'fields.a.kind' = 'sequence', 'fields.a.start' = '1', 'fields.a.end' = '3');";

}  // namespace

TEST_CASE("Projection pushdown: scans read only the columns a query uses", "[planner]") {
    SessionFixture f;
    f.run(kSource);
    std::string plan = f.explain("SELECT c FROM t WHERE a > 1");
    CHECK_THAT(plan, Catch::Contains(
                         "TableSourceScan(table=[[default_catalog, default_database, t]], fields=[a, c])"));
    CHECK_THAT(plan, Catch::Contains("Calc(select=[c], where=[(a > 1)])"));
}

TEST_CASE("Constant folding at plan time", "[planner]") {
    SessionFixture f;
    f.run(kSource);
    std::string plan = f.explain("SELECT a, 1 + 2 * 3 AS k, CAST('42' AS INT) AS n FROM t");
    CHECK_THAT(plan, Catch::Contains("Calc(select=[a, 7 AS k, 42 AS n])"));
}

TEST_CASE("Adjacent Calcs merge and views expand", "[planner]") {
    SessionFixture f;
    f.run(kSource);
    f.run("CREATE VIEW v AS SELECT a, a * 2 AS a2 FROM t WHERE a < 3;");
    std::string plan = f.explain("SELECT a2 FROM v WHERE a2 > 2");
    CHECK_THAT(plan, Catch::Contains("Calc(select=[(a * 2) AS a2], where=[((a < 3) AND ((a * 2) > 2))])"));
    CHECK(f.rows("SELECT a2 FROM v WHERE a2 > 2") == std::vector<std::string>{"4"});
}

TEST_CASE("INSERT casts implicitly to the sink's types and checks the column count", "[planner]") {
    SessionFixture f;
    f.run(kSource);
    f.run("CREATE TABLE s (x BIGINT, y STRING) WITH ('connector' = 'blackhole');");
    CHECK_THAT(f.explain("INSERT INTO s SELECT a, c FROM t"), Catch::Contains("CAST(a AS BIGINT) AS x"));
    CHECK_THROWS_WITH(f.explain("INSERT INTO s SELECT a FROM t"),
                      Catch::Contains("Different number of columns"));
    CHECK_THROWS_WITH(f.explain("INSERT INTO s SELECT c, a FROM t"),
                      Catch::Contains("Incompatible types for sink column 'x' at position 0"));
    // A column list fills the others with NULL.
    CHECK_THAT(f.explain("INSERT INTO s (y) SELECT c FROM t"), Catch::Contains("null:BIGINT AS x"));
}

TEST_CASE("Binder errors name the position and suggest close names", "[planner]") {
    SessionFixture f;
    f.run(kSource);
    CHECK_THROWS_WITH(
        f.run("SELECT cc FROM t;"),
        Catch::Contains("At line 1, column 8: Column 'cc' not found in any table. Did you mean 'c'?"));
    CHECK_THROWS_WITH(f.run("SELECT a FROM tt;"),
                      Catch::Contains("Object 'tt' not found") && Catch::Contains("Did you mean 't'?"));
    CHECK_THROWS_AS(f.run("SELECT a, COUNT(*) FROM t GROUP BY a;"), NotSupportedError);
    CHECK_THROWS_WITH(f.run("SELECT STR_TO_MAP(c) FROM t;"),
                      Catch::Contains("not supported yet: function STR_TO_MAP"));
    CHECK_THROWS_WITH(f.run("SELECT c + 1 FROM t;"), Catch::Contains("Cannot apply '+'"));
}

TEST_CASE("Parallelism and exchanges in the physical plan", "[planner]") {
    SessionFixture f;
    f.run(kSource);
    f.run("CREATE TABLE p (a INT) WITH ('connector' = 'print', 'sink.parallelism' = '1');");
    f.run("SET 'parallelism.default' = '2';");
    std::string plan = f.explain("INSERT INTO p SELECT a FROM t");
    CHECK_THAT(plan, Catch::Contains("Source: default_catalog.default_database.t  parallelism=2"));
    CHECK_THAT(plan, Catch::Contains("Sink: default_catalog.default_database.p  parallelism=1"));
    CHECK_THAT(plan, Catch::Contains("REBALANCE"));
}

TEST_CASE("UNION ALL and VALUES run end to end", "[planner]") {
    SessionFixture f;
    f.run(kSource);
    auto rows = f.rows("SELECT a FROM t WHERE a = 1 UNION ALL SELECT x FROM (VALUES (10), (20)) AS v(x)");
    std::sort(rows.begin(), rows.end());
    CHECK(rows == std::vector<std::string>{"1", "10", "20"});
}
