#include <catch2/catch.hpp>

#include "common/string_util.h"
#include "common/time_util.h"
#include "common/value_format.h"
#include "common/vector.h"

using namespace sluice;

TEST_CASE("DataType prints Flink's type strings", "[common]") {
    CHECK(DataType::string().toString() == "STRING");
    CHECK(DataType::varchar(10).toString() == "VARCHAR(10)");
    CHECK(DataType::decimal(10, 2).toString() == "DECIMAL(10, 2)");
    CHECK(DataType::timestampLtz(3).toString() == "TIMESTAMP_LTZ(3)");
    CHECK(DataType::integer().withNullable(false).toString() == "INT NOT NULL");
    CHECK(DataType::map(DataType::string(), DataType::bytes()).toString() == "MAP<STRING, BYTES>");
    CHECK(DataType::row({"a", "b"}, {DataType::integer(), DataType::string()}).toString() ==
          "ROW<`a` INT, `b` STRING>");
}

TEST_CASE("Vector stores fixed-width values, strings and nulls", "[common]") {
    Vector v(DataType::bigint());
    v.append<int64_t>(1);
    v.appendNull();
    v.append<int64_t>(3);
    REQUIRE(v.size() == 3);
    CHECK(v.data<int64_t>()[2] == 3);
    CHECK(v.isNull(1));
    CHECK(!v.isNull(0));
    Vector g = v.gather({2, 1});
    CHECK(g.data<int64_t>()[0] == 3);
    CHECK(g.isNull(1));

    Vector s(DataType::string());
    s.appendString("a");
    s.appendNull();
    s.appendString("ccc");
    CHECK(s.stringAt(2) == "ccc");
    CHECK(s.isNull(1));
    CHECK(s.gather({2, 0}).stringAt(1) == "a");
}

TEST_CASE("Java's Double.toString layout", "[common]") {
    CHECK(javaDoubleString(1.0) == "1.0");
    CHECK(javaDoubleString(0.1) == "0.1");
    CHECK(javaDoubleString(1.5) == "1.5");
    CHECK(javaDoubleString(-2.25) == "-2.25");
    CHECK(javaDoubleString(1e7) == "1.0E7");
    CHECK(javaDoubleString(1234567.0) == "1234567.0");
    CHECK(javaDoubleString(0.001) == "0.001");
    CHECK(javaDoubleString(0.0001) == "1.0E-4");
    CHECK(javaDoubleString(1.2345e-5) == "1.2345E-5");
    CHECK(javaDoubleString(0.0) == "0.0");
    CHECK(javaFloatString(0.1f) == "0.1");
}

TEST_CASE("DECIMAL and INTERVAL text", "[common]") {
    CHECK(decimalString(12345, 2) == "123.45");
    CHECK(decimalString(-5, 2) == "-0.05");
    CHECK(decimalString(7, 0) == "7");
    CHECK(intervalDayTimeString(86400000) == "+1 00:00:00.000");
    CHECK(intervalYearMonthString(12) == "+1-00");
    CHECK(intervalYearMonthString(-14) == "-1-02");
}

TEST_CASE("Timestamps parse and print with their precision", "[common][time]") {
    auto ts = parseTimestampMicros("2021-04-13 20:12:11.123456789");
    REQUIRE(ts);
    CHECK(formatTimestamp(*ts, 3) == "2021-04-13 20:12:11.123");
    CHECK(formatTimestamp(*ts, 6) == "2021-04-13 20:12:11.123456");
    CHECK(formatTimestamp(*ts, 0) == "2021-04-13 20:12:11");
    CHECK(formatTimestamp(-1, 3) == "1969-12-31 23:59:59.999");
    CHECK(!parseTimestampMicros("2021-02-30 00:00:00"));
    CHECK(parseDate("2024-02-29"));
    CHECK(!parseDate("2023-02-29"));
    CHECK(formatDate(0) == "1970-01-01");
    CHECK(formatTime(45296789, 3) == "12:34:56.789");
}

TEST_CASE("Time zones come from the tz database, with DST", "[common][time]") {
    TimeZone shanghai = TimeZone::fromName("Asia/Shanghai");
    CHECK(formatTimestamp(shanghai.toLocal(1000000), 3) == "1970-01-01 08:00:01.000");
    TimeZone fixed = TimeZone::fromName("+08:00");
    CHECK(fixed.toLocal(0) == 8 * 3600 * kMicrosPerSecond);
    TimeZone la = TimeZone::fromName("America/Los_Angeles");
    // 2024-03-10 02:30 does not exist in Los Angeles: java.time moves it forward by the gap.
    int64_t gap = *parseTimestampMicros("2024-03-10 02:30:00");
    CHECK(formatTimestamp(la.toLocal(la.toUtc(gap)), 0) == "2024-03-10 03:30:00");
    // 2024-11-03 01:30 happens twice: the earlier offset (PDT, -07:00) wins.
    int64_t overlap = *parseTimestampMicros("2024-11-03 01:30:00");
    CHECK(formatTimestamp(la.toUtc(overlap), 0) == "2024-11-03 08:30:00");
    CHECK_THROWS_WITH(TimeZone::fromName("Mars/Olympus"),
                      Catch::Contains("Invalid time zone 'Mars/Olympus'"));
}

TEST_CASE("Did-you-mean suggestions", "[common]") {
    CHECK(closestMatch("ordrs", {"orders", "customers"}) == "orders");
    CHECK(closestMatch("xyz", {"orders", "customers"}).empty());
    CHECK(didYouMean("Orders", {"orders"}) == " Did you mean 'orders'?");
}
