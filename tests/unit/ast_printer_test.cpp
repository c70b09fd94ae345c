#include <catch2/catch.hpp>

#include <string>

#include "parser/ast_printer.h"
#include "parser/parser.h"

using sluice::parser::Parser;
using sluice::parser::toFlinkSql;

namespace {

std::string printed(const std::string& sql) {
    auto e = Parser::parseExpression(sql);
    REQUIRE(e);
    return toFlinkSql(*e);
}

}  // namespace

TEST_CASE("toFlinkSql prints watermarks and computed columns as Flink does", "[ast_printer]") {
    CHECK(printed("ts - INTERVAL '1' SECONDS") == "`ts` - INTERVAL '1' SECOND");
    CHECK(printed("ts - interval '0.001' second") == "`ts` - INTERVAL '0.001' SECOND");
    CHECK(printed("PROCTIME()") == "PROCTIME()");
    CHECK(printed("cast(a as bigint)") == "CAST(`a` AS BIGINT)");
    CHECK(printed("CAST(a AS VARCHAR(10))") == "CAST(`a` AS VARCHAR(10))");
    CHECK(printed("CAST(a AS VARCHAR)") == "CAST(`a` AS STRING)");
    CHECK(printed("to_timestamp_ltz(t, 3)") == "TO_TIMESTAMP_LTZ(`t`, 3)");
    CHECK(printed("price * 2") == "`price` * 2");
    CHECK(printed("t.a") == "`t`.`a`");
    CHECK(printed("upper(a)") == "UPPER(`a`)");
}

TEST_CASE("toFlinkSql literals", "[ast_printer]") {
    CHECK(printed("'it''s'") == "'it''s'");
    CHECK(printed("TIMESTAMP '2021-01-01 00:00:00'") == "TIMESTAMP '2021-01-01 00:00:00'");
    CHECK(printed("DATE '2021-01-01'") == "DATE '2021-01-01'");
    CHECK(printed("INTERVAL '1-2' YEAR TO MONTH") == "INTERVAL '1-2' YEAR TO MONTH");
    CHECK(printed("INTERVAL -'5' MINUTE") == "INTERVAL -'5' MINUTE");
    CHECK(printed("-1") == "-1");
    CHECK(printed("true AND x IS NULL") == "TRUE AND `x` IS NULL");
    CHECK(printed("null") == "NULL");
}

TEST_CASE("toFlinkSql parenthesizes only where precedence requires", "[ast_printer]") {
    CHECK(printed("a + b * c") == "`a` + `b` * `c`");
    CHECK(printed("(a + b) * c") == "(`a` + `b`) * `c`");
    CHECK(printed("a - b - c") == "`a` - `b` - `c`");
    CHECK(printed("a - (b - c)") == "`a` - (`b` - `c`)");
    CHECK(printed("((a))") == "`a`");
    CHECK(printed("a = 1 OR b = 2 AND c = 3") == "`a` = 1 OR `b` = 2 AND `c` = 3");
    CHECK(printed("(a = 1 OR b = 2) AND c = 3") == "(`a` = 1 OR `b` = 2) AND `c` = 3");
    CHECK(printed("NOT (a OR b)") == "NOT (`a` OR `b`)");
    CHECK(printed("NOT a = 1") == "NOT `a` = 1");
    CHECK(printed("-(a + b)") == "- (`a` + `b`)");
    CHECK(printed("a || 'x'") == "`a` || 'x'");
}

TEST_CASE("toFlinkSql special forms", "[ast_printer]") {
    CHECK(printed("CASE WHEN a > 1 THEN 'x' ELSE 'y' END") == "CASE WHEN `a` > 1 THEN 'x' ELSE 'y' END");
    CHECK(printed("case a when 1 then 'x' end") == "CASE WHEN `a` = 1 THEN 'x' ELSE NULL END");
    CHECK(printed("a between 1 and 10") == "`a` BETWEEN ASYMMETRIC 1 AND 10");
    CHECK(printed("a not in (1, 2)") == "`a` NOT IN (1, 2)");
    CHECK(printed("s like 'a%' escape '!'") == "`s` LIKE 'a%' ESCAPE '!'");
    CHECK(printed("x is not distinct from y") == "`x` IS NOT DISTINCT FROM `y`");
    CHECK(printed("extract(year from ts)") == "EXTRACT(YEAR FROM `ts`)");
    CHECK(printed("floor(ts to hour)") == "FLOOR(`ts` TO HOUR)");
    CHECK(printed("trim(s)") == "TRIM(BOTH ' ' FROM `s`)");
    CHECK(printed("substring(s from 2 for 3)") == "SUBSTRING(`s` FROM 2 FOR 3)");
    CHECK(printed("position('a' in s)") == "POSITION('a' IN `s`)");
    CHECK(printed("CURRENT_TIMESTAMP") == "CURRENT_TIMESTAMP");
    CHECK(printed("count(distinct a)") == "COUNT(DISTINCT `a`)");
    CHECK(printed("count(*)") == "COUNT(*)");
    CHECK(printed("arr[1]") == "`arr`[1]");
    CHECK(printed("ARRAY[1, 2]") == "ARRAY[1, 2]");
    CHECK(printed("MAP['k', v]") == "MAP['k', `v`]");
    CHECK(printed("ROW(a, 1)") == "ROW(`a`, 1)");
    CHECK(printed("j is not json object") == "`j` IS NOT JSON OBJECT");
    CHECK(printed("timestampadd(second, 1, ts)") == "TIMESTAMPADD(SECOND, 1, `ts`)");
    CHECK(printed(
              "sum(a) over (partition by k order by ts rows between unbounded preceding and current row)") ==
          "SUM(`a`) OVER (PARTITION BY `k` ORDER BY `ts` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
}
