#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <thread>

#include "common/error.h"
#include "connectors/jdbc/jdbc_options.h"
#include "connectors/jdbc/jdbc_sink.h"
#include "connectors/jdbc/pg_binary_encoder.h"
#include "connectors/jdbc/pg_connection.h"

// The jdbc sink against the real PostgreSQL that scripts/postgres runs (SLUICE_PG_PORT): changelogs
// that SQL cannot produce yet (-U/+U/-D), numeric encoding, the flush timer. Without a server these
// tests pass with a warning, except under CI=true, where they fail.

using namespace sluice;
using namespace sluice::connectors::jdbc;

namespace {

std::string port() {
    const char* p = std::getenv("SLUICE_PG_PORT");
    return p && *p ? p : "5432";
}

std::string url() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
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

std::string query(PgConnection& c, const std::string& sql) {
    auto r = c.exec(sql);
    std::string out;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        for (int j = 0; j < PQnfields(r.get()); ++j) {
            if (j) out += '|';
            out += PQgetisnull(r.get(), i, j) ? "NULL" : PQgetvalue(r.get(), i, j);
        }
        out += '\n';
    }
    return out;
}

std::shared_ptr<const JdbcOptions> options(const std::string& tableName, std::vector<std::string> pk,
                                           Schema schema,
                                           std::vector<std::pair<std::string, std::string>> extra = {}) {
    planner::ConnectorTable t;
    t.name = "default_catalog.default_database.t";
    t.physical = std::move(schema);
    std::vector<std::pair<std::string, std::string>> o = {{"connector", "jdbc"},
                                                          {"url", url()},
                                                          {"table-name", tableName},
                                                          {"username", "postgres"},
                                                          {"password", "postgres"}};
    o.insert(o.end(), extra.begin(), extra.end());
    t.options = planner::TableOptions(o);
    t.primaryKey = std::move(pk);
    return JdbcOptions::fromTable(t);
}

RecordBatch rows(const Schema& s, std::vector<std::tuple<RowKind, int64_t, std::string>> data) {
    RecordBatch b(s);
    for (auto& [kind, id, name] : data) {
        b.columns[0].append<int64_t>(id);
        b.columns[1].appendString(name);
        b.rowKinds.push_back(kind);
        ++b.numRows;
    }
    return b;
}

}  // namespace

TEST_CASE("jdbc sink: upsert mode applies +I, -U/+U and -D per key, reduced per flush", "[jdbc][postgres]") {
    auto pg = server();
    if (!pg) return;
    pg->exec(
        "DROP TABLE IF EXISTS jdbc_unit_changelog; CREATE TABLE jdbc_unit_changelog (id bigint PRIMARY KEY, "
        "name text)");
    Schema s;
    s.fields = {{"id", DataType::bigint().withNullable(false)}, {"name", DataType::string()}};
    auto o = options("jdbc_unit_changelog", {"id"}, s, {{"sink.buffer-flush.interval", "0"}});
    JdbcSink sink(o, 0, 1);
    runtime::SinkContext ctx;
    sink.open(ctx);
    using K = RowKind;
    sink.write(rows(s, {{K::Insert, 1, "a"}, {K::Insert, 2, "b"}, {K::Insert, 3, "c"}}));
    sink.prepareCheckpoint(1);
    CHECK(query(*pg, "SELECT * FROM jdbc_unit_changelog ORDER BY id") == "1|a\n2|b\n3|c\n");
    // An update of 1, a delete of 2, 3 deleted then inserted again, 4 inserted then deleted: one flush.
    sink.write(rows(s, {{K::UpdateBefore, 1, "a"},
                        {K::UpdateAfter, 1, "a2"},
                        {K::Delete, 2, "b"},
                        {K::Delete, 3, "c"},
                        {K::Insert, 3, "c2"},
                        {K::Insert, 4, "d"},
                        {K::Delete, 4, "d"}}));
    sink.finish();
    sink.close();
    CHECK(query(*pg, "SELECT * FROM jdbc_unit_changelog ORDER BY id") == "1|a2\n3|c2\n");
    CHECK(sink.rowsFlushed() == 10);
    pg->exec("DROP TABLE jdbc_unit_changelog");
}

TEST_CASE("jdbc sink: an append-only table refuses updates with Flink's message", "[jdbc][postgres]") {
    auto pg = server();
    if (!pg) return;
    pg->exec("DROP TABLE IF EXISTS jdbc_unit_append; CREATE TABLE jdbc_unit_append (id bigint, name text)");
    Schema s;
    s.fields = {{"id", DataType::bigint()}, {"name", DataType::string()}};
    JdbcSink sink(options("jdbc_unit_append", {}, s), 0, 1);
    runtime::SinkContext ctx;
    sink.open(ctx);
    CHECK_THROWS_WITH(
        sink.write(rows(s, {{RowKind::Insert, 1, "a"}, {RowKind::Delete, 1, "a"}})),
        Catch::Contains(
            "please declare primary key for sink table when query contains update/delete record."));
    sink.close();
    pg->exec("DROP TABLE jdbc_unit_append");
}

TEST_CASE("jdbc sink: the flush timer sends buffered rows without new input", "[jdbc][postgres]") {
    auto pg = server();
    if (!pg) return;
    pg->exec("DROP TABLE IF EXISTS jdbc_unit_timer; CREATE TABLE jdbc_unit_timer (id bigint, name text)");
    Schema s;
    s.fields = {{"id", DataType::bigint()}, {"name", DataType::string()}};
    JdbcSink sink(options("jdbc_unit_timer", {}, s, {{"sink.buffer-flush.interval", "100ms"}}), 0, 1);
    runtime::SinkContext ctx;
    sink.open(ctx);
    sink.write(rows(s, {{RowKind::Insert, 1, "a"}, {RowKind::Insert, 2, "b"}}));
    std::string got;
    for (int i = 0; i < 50 && got != "2\n"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        got = query(*pg, "SELECT count(*) FROM jdbc_unit_timer");
    }
    CHECK(got == "2\n");
    sink.finish();
    sink.close();
    pg->exec("DROP TABLE jdbc_unit_timer");
}

TEST_CASE("jdbc sink: numeric binary encoding round trips through the server", "[jdbc][postgres]") {
    auto pg = server();
    if (!pg) return;
    struct Case {
        Int128 unscaled;
        int scale;
        const char* text;
    };
    Int128 big = static_cast<Int128>(99999999999999999LL) * 10000000000000000000ULL + 9999999999999999999ULL;
    std::vector<Case> cases = {{0, 0, "0"},
                               {0, 3, "0.000"},
                               {1, 0, "1"},
                               {-1, 2, "-0.01"},
                               {10000, 0, "10000"},
                               {123456789, 4, "12345.6789"},
                               {-100000000, 8, "-1.00000000"},
                               {50, 5, "0.00050"},
                               {big, 0,
                                "99999999999999999"
                                "9999999999999999999"},
                               {-big, 38, "-0.00999999999999999999999999999999999999"}};
    for (const auto& c : cases) {
        std::string value;
        PgBinaryEncoder::appendNumeric(c.unscaled, c.scale, value);
        auto r = pg->execBinary("SELECT $1::numeric::text", {1700}, {value.data()},
                                {static_cast<int>(value.size())});
        CHECK(std::string(PQgetvalue(r.get(), 0, 0)) == c.text);
    }
}
