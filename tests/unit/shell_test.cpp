// The shell's pure pieces: cutting typed text into statements, and tab completion from a session.
#include <catch2/catch.hpp>

#include <algorithm>

#include "cli/completer.h"
#include "cli/registries.h"
#include "cli/statement_splitter.h"
#include "planner/session.h"

using namespace sluice;
using namespace sluice::cli;

namespace {

std::vector<std::string> splitAll(StatementSplitter& s) {
    std::vector<std::string> out;
    while (auto st = s.next()) out.push_back(*st);
    return out;
}

std::vector<std::string> texts(const Completion& c) {
    std::vector<std::string> out;
    for (const auto& cand : c.candidates) out.push_back(cand.text);
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("statements end at ';' outside strings and comments", "[shell]") {
    StatementSplitter s;
    s.append("SELECT 'a;b', \"c;d\", `e;f` -- g;h\n");
    REQUIRE(splitAll(s).empty());
    REQUIRE_FALSE(s.empty());
    s.append("/* i; j */ FROM t; SELECT 'it''s;'; SEL");
    auto st = splitAll(s);
    REQUIRE(st.size() == 2);
    REQUIRE(st[0] == "SELECT 'a;b', \"c;d\", `e;f` -- g;h\n/* i; j */ FROM t;");
    REQUIRE(st[1] == "SELECT 'it''s;';");
    REQUIRE(s.pending() == " SEL");
    s.clear();
    REQUIRE(s.empty());
    // Nothing but comments and blanks is no statement; leading blank lines are dropped; a comment
    // before a statement belongs to it.
    s.append(";\n\n  SHOW TABLES;\n-- a comment; then\nSHOW JOBS;");
    st = splitAll(s);
    REQUIRE(st == std::vector<std::string>{"SHOW TABLES;", "-- a comment; then\nSHOW JOBS;"});
    REQUIRE(s.empty());
    // An open block comment keeps the statement open.
    s.append("/* still;\n");
    REQUIRE_FALSE(s.empty());
    REQUIRE(splitAll(s).empty());
    s.append("open */ SELECT 1;\n");
    REQUIRE(splitAll(s).size() == 1);
}

TEST_CASE("completion offers what fits the cursor's place", "[shell]") {
    Registries registries;
    planner::Session session(registries.connectors(), registries.functions());
    for (const auto& sql :
         {"CREATE TABLE rides (ride_id BIGINT, fare DOUBLE) WITH ('connector' = 'datagen');",
          "CREATE TABLE riders (rider_name STRING) WITH ('connector' = 'datagen');"})
        session.execute(*planner::Session::parse(sql).at(0));
    Completer completer(session, registries);
    auto complete = [&](const std::string& text) { return completer.complete(text, text.size()); };

    // Statement starts, in the case the user types.
    auto c = complete("sel");
    REQUIRE(texts(c) == std::vector<std::string>{"select"});
    REQUIRE(c.start == 0);
    REQUIRE(c.candidates[0].suffix == " ");
    REQUIRE(has(texts(complete("SH")), "SHOW"));
    REQUIRE(texts(complete("SHOW JO")) == std::vector<std::string>{"JOBS"});
    REQUIRE(has(texts(complete("\\")), "\\d"));

    // Tables after FROM, JOIN, DESCRIBE and \d.
    REQUIRE(texts(complete("SELECT * FROM ri")) == std::vector<std::string>{"riders", "rides"});
    REQUIRE(texts(complete("SELECT * FROM rides JOIN rid")) == std::vector<std::string>{"riders", "rides"});
    REQUIRE(texts(complete("DESCRIBE rider")) == std::vector<std::string>{"riders"});
    REQUIRE(texts(complete("\\d r")) == std::vector<std::string>{"riders", "rides"});
    c = complete("SELECT * FROM r");
    REQUIRE(c.start == 14);

    // Columns of the tables the statement names (also after the cursor), aliases, functions.
    std::string text = "SELECT ride FROM rides";
    c = completer.complete(text, 11);
    REQUIRE(texts(c) == std::vector<std::string>{"ride_id"});
    REQUIRE(c.start == 7);
    REQUIRE(texts(complete("SELECT r.f FROM rides r WHERE r.")) ==
            std::vector<std::string>{"ride_id", "fare"});
    REQUIRE(texts(complete("SELECT x.f")).empty());
    c = complete("SELECT UPP");
    REQUIRE(texts(c) == std::vector<std::string>{"UPPER"});
    REQUIRE(c.candidates[0].suffix == "(");

    // WITH ( option keys of the named connector, '#' as each column; connector names as values.
    std::string ddl = "CREATE TABLE g (id INT, name STRING) WITH ('connector' = 'datagen', 'fields.";
    auto keys = texts(complete(ddl));
    REQUIRE(has(keys, "fields.id.kind"));
    REQUIRE(has(keys, "fields.name.length"));
    REQUIRE_FALSE(has(keys, "fields.#.kind"));
    c = complete("CREATE TABLE g (id INT) WITH ('connector' = 'datagen', 'rows-per");
    REQUIRE(texts(c) == std::vector<std::string>{"rows-per-second"});
    REQUIRE(c.candidates[0].suffix == "'");
    REQUIRE(has(texts(complete("CREATE TABLE g (id INT) WITH ('connector' = 'da")), "datagen"));
    REQUIRE(texts(complete("CREATE TABLE g (id INT) WITH ('connector' = 'datagen', num")) ==
            std::vector<std::string>{"'number-of-rows'"});
    auto fsKeys =
        texts(complete("CREATE TABLE f (a INT) WITH ('connector' = 'filesystem', 'format' = 'csv', '"));
    REQUIRE(has(fsKeys, "path"));
    REQUIRE(has(fsKeys, "csv.field-delimiter"));
    REQUIRE_FALSE(has(fsKeys, "connector"));  // given already

    // SET keys and values.
    REQUIRE(has(texts(complete("SET 'sql-client.execution.res")), "sql-client.execution.result-mode"));
    REQUIRE(texts(complete("SET 'sql-client.execution.result-mode' = 'ch")) ==
            std::vector<std::string>{"changelog"});

    // Nothing inside comments.
    REQUIRE(complete("SELECT 1 -- sel").candidates.empty());
}
