// The CLI's pure pieces: Flink's tableau layout, the .q reader and the fixture comparison.
#include <catch2/catch.hpp>

#include "cli/fixture_file.h"
#include "cli/fixture_runner.h"
#include "cli/tableau_style.h"
#include "cli/text_diff.h"

using namespace sluice;
using namespace sluice::cli;

TEST_CASE("tableau widths by type follow Flink's TableauStyle", "[cli]") {
    Schema schema;
    schema.fields = {{"id", DataType::integer()},     {"str", DataType::string()},
                     {"ts", DataType::timestamp(3)},  {"isHappy", DataType::boolean()},
                     {"d", DataType::decimal(10, 2)}, {"t", DataType::time(0)},
                     {"b", DataType::bigint()},       {"day", DataType::date()}};
    auto widths = TableauStyle::columnWidthsByType(schema, 30, false, true);
    REQUIRE(widths == std::vector<int>{2, 11, 30, 23, 7, 12, 8, 20, 10});
    // select.q: 'sql-client.display.max-column-width' = '10' narrows only variable-width columns.
    REQUIRE(TableauStyle::columnWidthsByType(schema, 10, false, false)[1] == 10);
}

TEST_CASE("tableau rows are right-aligned and truncated with ...", "[cli]") {
    TableauStyle style({"op", "name"}, {2, 10});
    REQUIRE(style.borderLine() == "+----+------------+");
    REQUIRE(style.headerRow() == "| op |       name |");
    REQUIRE(style.row({"+I", "30b5c1bb-0ac0-43d3"}) == "| +I | 30b5c1b... |");
    REQUIRE(style.row({"+I", "Hi"}) == "| +I |         Hi |");
}

TEST_CASE("full-width characters count twice", "[cli]") {
    REQUIRE(TableauStyle::displayWidth("abc") == 3);
    REQUIRE(TableauStyle::displayWidth("这是一段中文") == 12);
    auto widths = TableauStyle::columnWidthsByContent({"a"}, {{"中文"}}, 30);
    REQUIRE(widths == std::vector<int>{4});
}

TEST_CASE(".q files split into comment, statement, expected output and tag", "[cli]") {
    auto file = FixtureFile::parse(
        "# comment\n\nSELECT 1\n  AS x;\n+---+\n| x |\n!ok\n# other\nSET 'a' = 'b';\n[INFO] done\n!info\n\n");
    REQUIRE(file.cases.size() == 2);
    REQUIRE(file.cases[0].comment == "# comment\n\n");
    REQUIRE(file.cases[0].sql == "SELECT 1\n  AS x;\n");
    REQUIRE(file.cases[0].sqlLine == 3);
    REQUIRE(file.cases[0].expected == std::vector<std::string>{"+---+", "| x |"});
    REQUIRE(file.cases[0].tag == "!ok");
    REQUIRE(file.cases[1].comment == "# other\n");
    REQUIRE(file.cases[1].tag == "!info");
    REQUIRE(file.trailing == "\n");
    REQUIRE_THROWS(FixtureFile::parse("SELECT 1;\nno tag\n"));
}

TEST_CASE("!error blocks match expected lines in order, whitespace-tolerant", "[cli]") {
    std::vector<std::string> actual = {"[ERROR] Could not execute SQL statement. Reason:",
                                       "ValidationException: Unknown   table 'x'. Did you mean 'y'?"};
    REQUIRE(TextDiff::containsInOrder(
        {"[ERROR] Could not execute SQL statement. Reason:", "Unknown table 'x'"}, actual));
    REQUIRE_FALSE(TextDiff::containsInOrder({"Unknown table 'x'", "[ERROR]"}, actual));
}

TEST_CASE("placeholders are substituted and unknown ones named", "[cli]") {
    std::map<std::string, std::string> vars = {{"$VAR_TMP", "/tmp/x"}, {"$VAR_TMP_DIR", "/d"}};
    REQUIRE(FixtureRunner::substitute("'$VAR_TMP/a' '$VAR_TMP_DIR'", vars) == "'/tmp/x/a' '/d'");
    REQUIRE_THROWS_WITH(FixtureRunner::substitute("$VAR_NOPE", vars), Catch::Contains("SLUICE_NOPE"));
}

TEST_CASE("unified diff shows removed and added lines", "[cli]") {
    std::string d = TextDiff::unified({"a", "b", "c"}, {"a", "x", "c"});
    REQUIRE(d == "--- expected\n+++ actual\n@@ -1,3 +1,3 @@\n a\n-b\n+x\n c\n");
}
