#include <catch2/catch.hpp>

#include <chrono>

#include "common/error.h"
#include "common/time_util.h"
#include "functions/builtin_functions.h"

using namespace sluice;
using namespace sluice::functions;

namespace {

int64_t micros(const char* ts) {
    return *parseTimestampMicros(ts);
}

// Epoch micros of a UTC instant written as text.
int64_t utc(const char* ts) {
    return micros(ts);
}

}  // namespace

TEST_CASE("TimeZone: fixed offsets and UTC", "[temporal]") {
    auto sh = TimeZone::fromName("+08:00");
    CHECK(sh.toLocal(0) == 8 * 3600 * kMicrosPerSecond);
    CHECK(sh.toUtc(8 * 3600 * kMicrosPerSecond) == 0);
    CHECK(TimeZone::fromName("GMT-08:00").abbreviation(0) == "GMT-08:00");
    CHECK(TimeZone::utc().abbreviation(0) == "UTC");
    CHECK_THROWS_AS(TimeZone::fromName("Mars/Olympus"), ValidationError);
}

TEST_CASE("TimeZone: America/Los_Angeles across DST, as java.time", "[temporal]") {
    auto la = TimeZone::fromName("America/Los_Angeles");
    // Instants around the 2024-03-10 spring-forward (10:00 UTC) and the 2024-11-03 fall-back (09:00 UTC).
    CHECK(la.toLocal(utc("2024-03-10 09:59:59")) == micros("2024-03-10 01:59:59"));
    CHECK(la.toLocal(utc("2024-03-10 10:00:00")) == micros("2024-03-10 03:00:00"));
    CHECK(la.abbreviation(utc("2024-03-10 09:59:59")) == "PST");
    CHECK(la.abbreviation(utc("2024-03-10 10:00:00")) == "PDT");
    // Gap: 02:30 does not exist; java.time moves it forward by the gap's length (03:30 PDT).
    CHECK(la.toUtc(micros("2024-03-10 02:30:00")) == utc("2024-03-10 10:30:00"));
    // Overlap: 01:30 exists twice; java.time takes the earlier offset (PDT).
    CHECK(la.toUtc(micros("2024-11-03 01:30:00")) == utc("2024-11-03 08:30:00"));
    CHECK(la.toUtc(micros("2024-11-03 00:59:59")) == utc("2024-11-03 07:59:59"));
    CHECK(la.toUtc(micros("2024-11-03 02:00:00")) == utc("2024-11-03 10:00:00"));
    // Negative micros (before 1970) floor to the right second.
    CHECK(la.toLocal(-1) == -1 - 8 * 3600 * kMicrosPerSecond);
    CHECK(la.offsetMicros(utc("2024-07-01 00:00:00")) == -7 * 3600 * kMicrosPerSecond);
}

TEST_CASE("TimeZone: Europe/Berlin and Asia/Shanghai", "[temporal]") {
    auto berlin = TimeZone::fromName("Europe/Berlin");
    CHECK(berlin.toUtc(micros("1970-01-01 08:00:01")) ==
          25201 * kMicrosPerSecond);  // UNIX_TIMESTAMP doc example
    CHECK(berlin.toLocal(utc("2024-03-31 01:00:00")) == micros("2024-03-31 03:00:00"));
    CHECK(berlin.toUtc(micros("2024-03-31 02:30:00")) == utc("2024-03-31 01:30:00"));  // gap -> 03:30 CEST
    CHECK(berlin.toUtc(micros("2024-10-27 02:30:00")) == utc("2024-10-27 00:30:00"));  // overlap -> CEST
    auto sh = TimeZone::fromName("Asia/Shanghai");
    CHECK(sh.toLocal(4001000) == micros("1970-01-01 08:00:04.001"));
    CHECK(sh.abbreviation(0) == "CST");
}

TEST_CASE("TimeZone: rules far in the future (beyond the tzdata transition list)", "[temporal]") {
    auto la = TimeZone::fromName("America/Los_Angeles");
    // java.time keeps applying the last rules: July is PDT, January PST.
    CHECK(la.offsetMicros(utc("2045-07-01 12:00:00")) == -7 * 3600 * kMicrosPerSecond);
    CHECK(la.offsetMicros(utc("2045-01-01 12:00:00")) == -8 * 3600 * kMicrosPerSecond);
    // 2090's spring-forward is Sunday March 12 at 02:00 (java.time): 10:00 UTC.
    CHECK(la.toLocal(utc("2090-03-12 09:59:59")) == micros("2090-03-12 01:59:59"));
    CHECK(la.toLocal(utc("2090-03-12 10:00:00")) == micros("2090-03-12 03:00:00"));
    CHECK(la.toUtc(micros("2090-03-12 02:30:00")) == utc("2090-03-12 10:30:00"));
    CHECK(la.abbreviation(utc("2090-07-01 00:00:00")) == "PDT");
    CHECK(TimeZone::fromName("Asia/Shanghai").toLocal(utc("2090-07-01 00:00:00")) ==
          micros("2090-07-01 08:00:00"));
}

TEST_CASE("Date arithmetic: civil days, months as Flink's DateTimeUtils", "[temporal]") {
    CHECK(daysFromCivil(1970, 1, 1) == 0);
    CHECK(daysFromCivil(2000, 3, 1) == 11017);
    CHECK(daysFromCivil(0, 1, 1) == -719528);
    int y;
    unsigned m, d;
    civilFromDays(-1, y, m, d);
    CHECK((y == 1969 && m == 12 && d == 31));
    int32_t jan31 = daysFromCivil(2024, 1, 31);
    CHECK(addMonths(jan31, 1) == daysFromCivil(2024, 2, 29));
    CHECK(addMonths(jan31, -2) == daysFromCivil(2023, 11, 30));
    CHECK(addMonths(daysFromCivil(2020, 2, 29), 12) == daysFromCivil(2021, 2, 28));
    CHECK(addMonthsMicros(micros("2020-01-31 10:00:00"), 1) == micros("2020-02-29 10:00:00"));
    CHECK(addMonthsMicros(micros("1969-12-31 23:00:00"), 2) == micros("1970-02-28 23:00:00"));
    CHECK(subtractMonths(daysFromCivil(2003, 2, 28), daysFromCivil(2003, 1, 31)) == 1);
    CHECK(subtractMonths(daysFromCivil(2003, 1, 31), daysFromCivil(2003, 2, 28)) == -1);
    CHECK(subtractMonths(daysFromCivil(2001, 2, 28), daysFromCivil(2000, 2, 29)) == 12);
    // The same date a month later but an earlier time of day is not yet a whole month.
    CHECK(subtractMonthsMicros(micros("2020-02-15 09:00:00"), micros("2020-01-15 10:00:00")) == 0);
    CHECK(subtractMonthsMicros(micros("2020-02-15 10:00:00"), micros("2020-01-15 10:00:00")) == 1);
}

namespace {

Vector evalLtz(FunctionRegistry& registry, const Vector& in, int precision, EvalContext& ctx) {
    auto r = registry.find("TO_TIMESTAMP_LTZ")
                 ->resolve({{in.type(), {}, {}}, {DataType::integer(), Value::integer(precision), {}}});
    REQUIRE(r);
    Vector p(DataType::integer());
    for (size_t i = 0; i < in.size(); ++i) p.append<int32_t>(precision);
    Vector out(r->returnType);
    r->kernel({in, p}, in.size(), out, ctx);
    return out;
}

}  // namespace

TEST_CASE("TO_TIMESTAMP_LTZ kernel: range, NULL and precision checks", "[temporal]") {
    FunctionRegistry registry;
    registerBuiltinFunctions(registry);
    EvalContext ctx;
    Vector in(DataType::bigint());
    in.append<int64_t>(4001);
    in.appendNull();
    in.append<int64_t>(253402300799999LL);
    in.append<int64_t>(253402300800000LL);
    in.append<int64_t>(-62167219200001LL);
    Vector out = evalLtz(registry, in, 3, ctx);
    CHECK(out.data<int64_t>()[0] == 4001000);
    CHECK(out.isNull(1));
    CHECK(!out.isNull(2));
    CHECK(out.isNull(3));
    CHECK(out.isNull(4));
    Vector secs = evalLtz(registry, in, 0, ctx);
    CHECK(secs.data<int64_t>()[0] == 4001 * kMicrosPerSecond);
    CHECK(secs.isNull(2));  // 253402300799999 seconds is past 9999
    CHECK_THROWS_AS(
        registry.find("TO_TIMESTAMP_LTZ")
            ->resolve({{DataType::bigint(), {}, {}}, {DataType::integer(), Value::integer(6), {}}}),
        ValidationError);
}

TEST_CASE("TO_TIMESTAMP_LTZ(BIGINT, 3) throughput", "[.][bench]") {
    FunctionRegistry registry;
    registerBuiltinFunctions(registry);
    EvalContext ctx;
    const size_t n = 1 << 20;
    Vector in(DataType::bigint());
    for (size_t i = 0; i < n; ++i) in.append<int64_t>(1700000000000LL + static_cast<int64_t>(i));
    auto start = std::chrono::steady_clock::now();
    const int rounds = 50;
    for (int r = 0; r < rounds; ++r) evalLtz(registry, in, 3, ctx);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    WARN("TO_TIMESTAMP_LTZ(x, 3): " << (n * rounds / secs / 1e6) << " M values/s");
}
