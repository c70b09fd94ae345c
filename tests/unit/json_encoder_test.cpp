// The JSON encoder's fast scalar path against its per-Value reference path (encodeSlow) and
// writeJavaDouble/writeJavaFloat against javaDoubleString/javaFloatString.
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "common/value_format.h"
#include "connectors/formats/format_registry.h"
#include "connectors/formats/json_encoder.h"

using namespace sluice;
using namespace sluice::connectors;

namespace {

std::string fastDouble(double d) {
    char buf[kJavaNumberChars];
    return std::string(buf, writeJavaDouble(buf, d));
}

std::string fastFloat(float f) {
    char buf[kJavaNumberChars];
    return std::string(buf, writeJavaFloat(buf, f));
}

std::vector<double> interestingDoubles() {
    using L = std::numeric_limits<double>;
    std::vector<double> v = {0.0,
                             -0.0,
                             1.0,
                             -1.0,
                             0.1,
                             0.5,
                             2.5,
                             100.0,
                             1e7,
                             9999999.0,
                             1e7 + 1,
                             1e-3,
                             0.00099999,
                             1e-4,
                             1e22,
                             1e23,
                             1e21,
                             123456789012345678.0,
                             1.0 / 3,
                             -74.0123,
                             40.75,
                             L::min(),
                             L::max(),
                             L::denorm_min(),
                             L::lowest(),
                             L::epsilon(),
                             L::infinity(),
                             -L::infinity(),
                             L::quiet_NaN(),
                             -L::quiet_NaN(),
                             2e-323,
                             1e-320,
                             4.35,
                             0.3,
                             5e-324,
                             9.999999999999999e22,
                             1234567.0,
                             0.001};
    for (int e = -325; e <= 309; ++e) {
        v.push_back(std::pow(10.0, e));
        v.push_back(-3 * std::pow(10.0, e));
        v.push_back(1.5 * std::pow(10.0, e));
    }
    return v;
}

std::string randomString(std::mt19937_64& rng) {
    static const std::vector<std::string> pieces = {
        "a",    "Z",    "0",    " ", "\"", "\\", "\n", "\r",   "\t", "\b", "\f", std::string(1, '\0'),
        "\x01", "\x1f", "\x7f", "/", "é",  "€",  "😀",  "日本", "{",  "}",  ":",  ","};
    std::string s;
    size_t n = rng() % 12;
    for (size_t i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
    return s;
}

// Jackson's escaping, one byte at a time, as a reference for appendJsonString.
std::string referenceQuote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        unsigned char u = static_cast<unsigned char>(c);
        if (c == '"')
            out += "\\\"";
        else if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (c == '\b')
            out += "\\b";
        else if (c == '\f')
            out += "\\f";
        else if (u < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04X", u);
            out += buf;
        } else
            out += c;
    }
    return out + "\"";
}

}  // namespace

TEST_CASE("writeJavaDouble matches javaDoubleString", "[connectors][json][format]") {
    for (double d : interestingDoubles()) {
        INFO(javaDoubleString(d));
        CHECK(fastDouble(d) == javaDoubleString(d));
        CHECK(fastFloat(static_cast<float>(d)) == javaFloatString(static_cast<float>(d)));
    }
    CHECK(fastDouble(1e10) == "1.0E10");
    CHECK(fastDouble(-0.0) == "-0.0");
    CHECK(fastDouble(5e-324) == "4.9E-324");
    CHECK(fastDouble(0.001) == "0.001");
    CHECK(fastDouble(1e-4) == "1.0E-4");
    CHECK(fastDouble(std::nan("")) == "NaN");
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> lon(-74.05, -73.75);
    size_t mismatches = 0;
    for (int i = 0; i < 300000; ++i) {
        double d = std::bit_cast<double>(rng());  // every exponent, subnormals, NaNs
        double u = lon(rng);
        float f = std::bit_cast<float>(static_cast<uint32_t>(rng()));
        double r =
            static_cast<double>(static_cast<int64_t>(rng() % 2000000) - 1000000) / 100;  // short decimals
        if (fastDouble(d) != javaDoubleString(d) || fastDouble(u) != javaDoubleString(u) ||
            fastFloat(f) != javaFloatString(f) || fastDouble(r) != javaDoubleString(r)) {
            ++mismatches;
            UNSCOPED_INFO(fastDouble(d) << " vs " << javaDoubleString(d));
        }
    }
    CHECK(mismatches == 0);
}

TEST_CASE("appendJsonString escapes as Jackson does", "[connectors][json]") {
    std::mt19937_64 rng(11);
    for (int i = 0; i < 20000; ++i) {
        std::string s = randomString(rng);
        std::string out;
        appendJsonString(out, s);
        CHECK(out == referenceQuote(s));
    }
    std::string out;
    appendJsonString(out, std::string_view("a\"\x01\x1f\xc3\xa9", 6));
    CHECK(out == "\"a\\\"\\u0001\\u001F\xc3\xa9\"");
}

TEST_CASE("JSON encoder fast path matches the per-Value path", "[connectors][json]") {
    std::vector<Field> fields = {{"b", DataType::boolean()},
                                 {"ti", DataType::tinyint()},
                                 {"si", DataType::smallint()},
                                 {"i", DataType::integer()},
                                 {"bi", DataType::bigint()},
                                 {"f", DataType::floatType()},
                                 {"d", DataType::doubleType()},
                                 {"s", DataType::string()},
                                 {"c", DataType::charType(3)},
                                 {"dt", DataType::date()},
                                 {"t", DataType::time(0)},
                                 {"ts", DataType::timestamp(3)},
                                 {"ts6", DataType::timestamp(6)},
                                 {"ltz", DataType::timestampLtz(3)},
                                 {"dec", DataType::decimal(10, 2)},
                                 {"bin", DataType::bytes()},
                                 {"iym", DataType::intervalYearMonth()},
                                 {"idt", DataType::intervalDayTime()},
                                 {"arr", DataType::array(DataType::doubleType())},
                                 {"na\"me\n", DataType::integer()}};
    Schema schema{fields};
    std::mt19937_64 rng(3);
    auto doubles = interestingDoubles();
    RecordBatch batch(schema);
    const size_t rows = 5000;
    for (size_t r = 0; r < rows; ++r) {
        for (size_t c = 0; c < fields.size(); ++c) {
            Vector& v = batch.columns[c];
            if (rng() % 6 == 0) {
                v.appendNull();
                continue;
            }
            int64_t x = static_cast<int64_t>(rng());
            switch (fields[c].type.id) {
                case TypeId::Boolean:
                    v.append<uint8_t>(x & 1);
                    break;
                case TypeId::TinyInt:
                    v.append<int8_t>(static_cast<int8_t>(x));
                    break;
                case TypeId::SmallInt:
                    v.append<int16_t>(static_cast<int16_t>(x));
                    break;
                case TypeId::Int:
                case TypeId::IntervalYearMonth:
                    v.append<int32_t>(r % 7 == 0 ? std::numeric_limits<int32_t>::min()
                                                 : static_cast<int32_t>(x));
                    break;
                case TypeId::BigInt:
                case TypeId::IntervalDayTime:
                    v.append<int64_t>(r % 7 == 0 ? std::numeric_limits<int64_t>::min() : x >> (rng() % 64));
                    break;
                case TypeId::Float:
                    v.append<float>(r % 2 ? std::bit_cast<float>(static_cast<uint32_t>(x))
                                          : static_cast<float>(doubles[rng() % doubles.size()]));
                    break;
                case TypeId::Double:
                    v.append<double>(r % 2 ? std::bit_cast<double>(x) : doubles[rng() % doubles.size()]);
                    break;
                case TypeId::Date:  // around the fast range's ends, and far outside it
                    v.append<int32_t>(r % 3 == 0   ? static_cast<int32_t>(x % 4000000)
                                      : r % 3 == 1 ? static_cast<int32_t>(-719162 + x % 5)
                                                   : static_cast<int32_t>(2932896 + x % 5));
                    break;
                case TypeId::Time:
                    v.append<int32_t>(static_cast<int32_t>(std::llabs(x % 86400000)));
                    break;
                case TypeId::Timestamp:
                case TypeId::TimestampLtz: {
                    int64_t micros = r % 3 == 0   ? x % (400000LL * 86400 * 1000000)
                                     : r % 3 == 1 ? x % (86400LL * 1000000 * 3)
                                                  : (x % 1000000000) * 1000;
                    v.append<int64_t>(micros);
                    break;
                }
                case TypeId::Decimal:
                    v.appendValue(Value::decimal(x % 100000000));
                    break;
                case TypeId::Array:
                    v.appendValue(Value::list({Value::real(doubles[rng() % doubles.size()]), Value::null()}));
                    break;
                default:
                    v.appendString(randomString(rng));
            }
        }
    }
    batch.numRows = rows;

    using Options = std::vector<std::pair<std::string, std::string>>;
    for (const Options& opts : {Options{}, Options{{"json.encode.ignore-null-fields", "true"}},
                                Options{{"json.timestamp-format.standard", "ISO-8601"}}}) {
        auto enc =
            FormatRegistry::builtin().get("json").createEncoder(planner::TableOptions(opts), "", schema);
        auto* json = dynamic_cast<JsonEncoder*>(enc.get());
        REQUIRE(json);
        std::string all;
        std::vector<size_t> ends;
        enc->encodeBatch(batch, all, ends);
        REQUIRE(ends.size() == rows);
        size_t mismatches = 0;
        for (size_t r = 0; r < rows; ++r) {
            std::string fast, slow;
            enc->encode(batch, r, fast);
            json->encodeSlow(batch, r, slow);
            std::string_view fromBatch(all.data() + (r ? ends[r - 1] : 0), ends[r] - (r ? ends[r - 1] : 0));
            if (fast != slow || fromBatch != slow) {
                ++mismatches;
                UNSCOPED_INFO("fast: " << fast << "\nslow: " << slow);
            }
        }
        CHECK(mismatches == 0);
    }
}
