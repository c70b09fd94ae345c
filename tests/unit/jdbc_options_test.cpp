#include <catch2/catch.hpp>

#include "common/error.h"
#include "connectors/jdbc/jdbc_factory.h"
#include "connectors/jdbc/jdbc_options.h"
#include "connectors/jdbc/jdbc_source.h"
#include "runtime/sink.h"

// Option validation of the 'jdbc' connector with Flink's names, defaults and messages (no server).

using namespace sluice;
using namespace sluice::connectors::jdbc;

namespace {

planner::ConnectorTable table(std::vector<std::pair<std::string, std::string>> extra,
                              std::vector<std::string> pk = {}) {
    planner::ConnectorTable t;
    t.name = "default_catalog.default_database.t";
    t.physical.fields = {{"id", DataType::bigint().withNullable(pk.empty())}, {"name", DataType::string()}};
    std::vector<std::pair<std::string, std::string>> o = {
        {"connector", "jdbc"}, {"url", "jdbc:postgresql://127.0.0.1:5432/postgres"}, {"table-name", "t"}};
    o.insert(o.end(), extra.begin(), extra.end());
    t.options = planner::TableOptions(o);
    t.primaryKey = std::move(pk);
    return t;
}

}  // namespace

TEST_CASE("jdbc options: Flink's defaults", "[jdbc]") {
    auto o = JdbcOptions::fromTable(table({}));
    CHECK(o->bufferMaxRows == 100);
    CHECK(o->bufferIntervalMs == 1000);
    CHECK(o->maxRetries == 3);
    CHECK(o->maxRetryTimeoutSec == 60);
    CHECK(o->parallelism == 0);
    CHECK(o->table.name == "t");
    CHECK(o->schemaName.name.empty());
    auto set = JdbcOptions::fromTable(table({{"sink.buffer-flush.max-rows", "0"},
                                             {"sink.buffer-flush.interval", "0"},
                                             {"sink.max-retries", "0"},
                                             {"sink.parallelism", "2"},
                                             {"connection.max-retry-timeout", "5s"},
                                             {"driver", "org.postgresql.Driver"}}));
    CHECK(set->bufferMaxRows == 0);
    CHECK(set->bufferIntervalMs == 0);
    CHECK(set->maxRetries == 0);
    CHECK(set->parallelism == 2);
    CHECK(set->maxRetryTimeoutSec == 5);
}

TEST_CASE("jdbc options: an unknown key is named with the valid ones", "[jdbc]") {
    CHECK_THROWS_WITH(JdbcOptions::fromTable(table({{"sink.buffer-flush.maxrows", "5"}})),
                      Catch::Contains("sink.buffer-flush.maxrows") &&
                          Catch::Contains("sink.buffer-flush.max-rows") && Catch::Contains("table-name"));
    planner::ConnectorTable noUrl = table({});
    noUrl.options = planner::TableOptions({{"connector", "jdbc"}, {"table-name", "t"}});
    CHECK_THROWS_WITH(JdbcOptions::fromTable(noUrl),
                      Catch::Contains("Missing required options") && Catch::Contains("url"));
}

TEST_CASE("jdbc options: Flink's checks", "[jdbc]") {
    CHECK_THROWS_WITH(JdbcOptions::fromTable(table({{"username", "postgres"}})),
                      "Either all or none of the following options should be provided:\nusername\npassword");
    CHECK_THROWS_WITH(JdbcOptions::fromTable(table({{"sink.max-retries", "-1"}})),
                      "The value of 'sink.max-retries' option shouldn't be negative, but is -1.");
    CHECK_THROWS_WITH(JdbcOptions::fromTable(table({{"connection.max-retry-timeout", "500ms"}})),
                      "The value of 'connection.max-retry-timeout' option must be in second granularity and "
                      "shouldn't be smaller than 1 second, but is 500ms.");
    CHECK_THROWS_WITH(JdbcOptions::fromTable(table({{"scan.partition.column", "id"}})),
                      Catch::StartsWith("Either all or none of the following options should be provided:\n"
                                        "scan.partition.column\nscan.partition.num"));
    CHECK_THROWS_WITH(
        JdbcOptions::fromTable(table({{"scan.partition.column", "id"},
                                      {"scan.partition.num", "2"},
                                      {"scan.partition.lower-bound", "10"},
                                      {"scan.partition.upper-bound", "1"}})),
        "'scan.partition.lower-bound'='10' must not be larger than 'scan.partition.upper-bound'='1'.");
    CHECK_THROWS_WITH(JdbcOptions::fromTable(table({{"driver", "com.mysql.cj.jdbc.Driver"}})),
                      Catch::Contains("Unsupported 'driver' 'com.mysql.cj.jdbc.Driver'"));
    CHECK_THROWS_WITH(JdbcOptions::fromTable(table({{"sink.parallelism", "0"}})),
                      Catch::Contains("'sink.parallelism'"));
}

TEST_CASE("jdbc options: table-name with a schema, quoted parts", "[jdbc]") {
    NamePart s, t;
    JdbcOptions::parseTableName("public.Rides", s, t);
    CHECK(s.name == "public");
    CHECK_FALSE(s.quoted);
    CHECK(t.name == "Rides");
    JdbcOptions::parseTableName("\"My Schema\".\"a\"\"b\"", s, t);
    CHECK(s.name == "My Schema");
    CHECK(s.quoted);
    CHECK(t.name == "a\"b");
    CHECK(t.quoted);
    CHECK_THROWS_WITH(JdbcOptions::parseTableName("db.s.t", s, t),
                      Catch::Contains("expected 'table' or 'schema.table'"));
    CHECK_THROWS_WITH(JdbcOptions::parseTableName("\"open", s, t), Catch::Contains("unterminated"));
}

TEST_CASE("jdbc factory: append without a key, upsert with one; unsupported types", "[jdbc]") {
    JdbcFactory f;
    planner::FactoryContext ctx;
    CHECK_FALSE(f.createSink(table({}), ctx)->acceptsUpdates());
    auto upsert = f.createSink(table({}, {"id"}), ctx);
    CHECK(upsert->acceptsUpdates());
    CHECK(upsert->describe().find("upsert on (id)") != std::string::npos);
    auto withPassword = f.createSink(table({{"username", "u"}, {"password", "s3cret"}}), ctx);
    CHECK(withPassword->describe().find("s3cret") == std::string::npos);

    auto m = table({});
    m.physical.fields.push_back({"tags", DataType::map(DataType::string(), DataType::string())});
    CHECK_THROWS_WITH(f.createSink(m, ctx),
                      "The PostgreSQL dialect doesn't support type: MAP<STRING, STRING>.");
    auto ts = table({});
    ts.physical.fields.push_back({"ts", DataType::timestamp(9)});
    CHECK_THROWS_WITH(f.createSink(ts, ctx),
                      Catch::Contains("The precision of field 'ts' is out of the TIMESTAMP"));
}

TEST_CASE("jdbc scan: partition ranges as Flink's JdbcNumericBetweenParametersProvider", "[jdbc]") {
    using R = std::vector<std::pair<int64_t, int64_t>>;
    CHECK(jdbcPartitionRanges(1, 10, 3) == R{{1, 4}, {5, 7}, {8, 10}});
    CHECK(jdbcPartitionRanges(0, 9, 2) == R{{0, 4}, {5, 9}});
    CHECK(jdbcPartitionRanges(5, 6, 4) == R{{5, 5}, {6, 6}});
    CHECK(jdbcPartitionRanges(7, 7, 1) == R{{7, 7}});
    CHECK(jdbcPartitionRanges(INT64_MIN, INT64_MAX, 2) == R{{INT64_MIN, -1}, {0, INT64_MAX}});
    JdbcSourceProvider p(JdbcOptions::fromTable(table({{"scan.partition.column", "id"},
                                                       {"scan.partition.num", "3"},
                                                       {"scan.partition.lower-bound", "1"},
                                                       {"scan.partition.upper-bound", "2"}})),
                         {});
    CHECK(p.isBounded());
    CHECK(p.maxParallelism() == 2);
}
