#include "connectors/formats/json_encoder.h"

#include "common/json_text.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>

#include "common/error.h"
#include "common/time_util.h"
#include "common/value_format.h"
#include "connectors/formats/text_util.h"

namespace sluice::connectors {

namespace {

// Jackson writes non-finite doubles as strings ("NaN"), finite ones as Java's toString.
void appendJavaNumber(std::string& out, const std::string& text, double d) {
    if (std::isfinite(d)) {
        out += text;
    } else {
        out += '"';
        out += text;
        out += '"';
    }
}

// Decimal digits of `v`, written backwards ending at `end`; returns the first digit.
char* writeDigitsBackwards(char* end, uint64_t v) {
    static constexpr char kPairs[] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    while (v >= 100) {
        unsigned r = static_cast<unsigned>(v % 100);
        v /= 100;
        end -= 2;
        std::memcpy(end, kPairs + 2 * r, 2);
    }
    if (v >= 10) {
        end -= 2;
        std::memcpy(end, kPairs + 2 * v, 2);
    } else {
        *--end = static_cast<char>('0' + v);
    }
    return end;
}

void appendInt(std::string& out, int64_t v) {
    char buf[24];
    char* end = buf + sizeof buf;
    uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    char* p = writeDigitsBackwards(end, u);
    if (v < 0) *--p = '-';
    out.append(p, static_cast<size_t>(end - p));
}

template <class T>
void appendJavaFloating(std::string& out, T v) {
    char buf[kJavaNumberChars + 2];
    size_t n = sizeof(T) == sizeof(double) ? writeJavaDouble(buf + 1, static_cast<double>(v))
                                           : writeJavaFloat(buf + 1, static_cast<float>(v));
    if (std::isfinite(v)) {
        out.append(buf + 1, n);
    } else {  // Jackson writes non-finite numbers as strings
        buf[0] = '"';
        buf[n + 1] = '"';
        out.append(buf, n + 2);
    }
}

// Days 0001-01-01 .. 9999-12-31, the range where ISO_LOCAL_DATE is plain "yyyy-MM-dd".
constexpr int64_t kFastMinDay = -719162;
constexpr int64_t kFastMaxDay = 2932896;

// "yyyy-MM-dd" (civil_from_days) into p[0..10).
void writeDate(char* p, int64_t days) {
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    p[0] = static_cast<char>('0' + y / 1000);
    p[1] = static_cast<char>('0' + y / 100 % 10);
    p[2] = static_cast<char>('0' + y / 10 % 10);
    p[3] = static_cast<char>('0' + y % 10);
    p[4] = '-';
    p[5] = static_cast<char>('0' + m / 10);
    p[6] = static_cast<char>('0' + m % 10);
    p[7] = '-';
    p[8] = static_cast<char>('0' + d / 10);
    p[9] = static_cast<char>('0' + d % 10);
}

// "HH:mm:ss" plus the fraction without trailing zeros (appendIsoTime) at p; returns the end.
char* writeTime(char* p, int64_t microsOfDay) {
    int64_t secs = microsOfDay / 1000000;
    int64_t frac = microsOfDay % 1000000;
    int64_t h = secs / 3600, mi = secs / 60 % 60, se = secs % 60;
    p[0] = static_cast<char>('0' + h / 10);
    p[1] = static_cast<char>('0' + h % 10);
    p[2] = ':';
    p[3] = static_cast<char>('0' + mi / 10);
    p[4] = static_cast<char>('0' + mi % 10);
    p[5] = ':';
    p[6] = static_cast<char>('0' + se / 10);
    p[7] = static_cast<char>('0' + se % 10);
    p += 8;
    if (frac != 0) {
        *p++ = '.';
        for (int64_t div = 100000; frac != 0; div /= 10) {
            *p++ = static_cast<char>('0' + frac / div);
            frac %= div;
        }
    }
    return p;
}

}  // namespace

JsonEncoder::JsonEncoder(JsonOptions options, const Schema& physical)
    : options_(std::move(options)), schema_(physical) {
    for (const auto& f : schema_.fields) {
        std::string q;
        appendJsonString(q, f.name);
        quotedNames_.push_back(q + ":");
        prefixes_.push_back((prefixes_.empty() ? "{" : ",") + quotedNames_.back());
        typeIds_.push_back(f.type.id);
    }
}

void JsonEncoder::appendFast(std::string& out, const Vector& col, size_t row, TypeId id) const {
    if (col.type().id != id) {  // a batch not of the schema's types: take the general path
        appendScalar(out, col, row);
        return;
    }
    switch (id) {
        case TypeId::Boolean:
            if (col.data<uint8_t>()[row])
                out.append("true", 4);
            else
                out.append("false", 5);
            return;
        case TypeId::TinyInt:
            appendInt(out, col.data<int8_t>()[row]);
            return;
        case TypeId::SmallInt:
            appendInt(out, col.data<int16_t>()[row]);
            return;
        case TypeId::Int:
        case TypeId::IntervalYearMonth:
            appendInt(out, col.data<int32_t>()[row]);
            return;
        case TypeId::BigInt:
        case TypeId::IntervalDayTime:
            appendInt(out, col.data<int64_t>()[row]);
            return;
        case TypeId::Float:
            appendJavaFloating(out, col.data<float>()[row]);
            return;
        case TypeId::Double:
            appendJavaFloating(out, col.data<double>()[row]);
            return;
        case TypeId::Char:
        case TypeId::Varchar:
            appendJsonString(out, col.stringAt(row));
            return;
        case TypeId::Date: {
            int64_t days = col.data<int32_t>()[row];
            if (days < kFastMinDay || days > kFastMaxDay) break;
            char buf[16];
            buf[0] = '"';
            writeDate(buf + 1, days);
            buf[11] = '"';
            out.append(buf, 12);
            return;
        }
        case TypeId::Time: {
            // Flink writes TIME as HH:mm:ss, dropping the millis (LocalTime.ofSecondOfDay)
            int64_t millis = col.data<int32_t>()[row];
            if (millis < 0 || millis >= 86400000) break;
            char buf[24];
            buf[0] = '"';
            char* e = writeTime(buf + 1, millis / 1000 * 1000000);
            *e++ = '"';
            out.append(buf, static_cast<size_t>(e - buf));
            return;
        }
        case TypeId::Timestamp:
        case TypeId::TimestampLtz: {
            int64_t micros = col.data<int64_t>()[row];
            int64_t days = floorDiv(micros, kMicrosPerDay);
            if (days < kFastMinDay || days > kFastMaxDay) break;
            char buf[40];
            buf[0] = '"';
            writeDate(buf + 1, days);
            buf[11] = options_.timestampStandard == TimestampStandard::Iso8601 ? 'T' : ' ';
            char* e = writeTime(buf + 12, micros - days * kMicrosPerDay);
            if (id == TypeId::TimestampLtz) *e++ = 'Z';
            *e++ = '"';
            out.append(buf, static_cast<size_t>(e - buf));
            return;
        }
        default:
            break;
    }
    appendScalar(out, col, row);
}

void JsonEncoder::appendScalar(std::string& out, const Vector& col, size_t row) const {
    const DataType& t = col.type();
    switch (t.id) {
        case TypeId::Boolean:
            out += col.data<uint8_t>()[row] ? "true" : "false";
            return;
        case TypeId::TinyInt:
            fmt::format_to(std::back_inserter(out), "{}", col.data<int8_t>()[row]);
            return;
        case TypeId::SmallInt:
            fmt::format_to(std::back_inserter(out), "{}", col.data<int16_t>()[row]);
            return;
        case TypeId::Int:
        case TypeId::IntervalYearMonth:
            fmt::format_to(std::back_inserter(out), "{}", col.data<int32_t>()[row]);
            return;
        case TypeId::BigInt:
        case TypeId::IntervalDayTime:
            fmt::format_to(std::back_inserter(out), "{}", col.data<int64_t>()[row]);
            return;
        case TypeId::Float: {
            float f = col.data<float>()[row];
            appendJavaNumber(out, javaFloatString(f), f);
            return;
        }
        case TypeId::Double: {
            double d = col.data<double>()[row];
            appendJavaNumber(out, javaDoubleString(d), d);
            return;
        }
        case TypeId::Decimal:
            out += javaBigDecimalString(col.data<Int128>()[row], t.scale, options_.decimalAsPlainNumber);
            return;
        case TypeId::Char:
        case TypeId::Varchar:
            appendJsonString(out, col.stringAt(row));
            return;
        case TypeId::Binary:
        case TypeId::Varbinary:
            appendJsonString(out, base64Encode(col.stringAt(row)));
            return;
        default:
            appendValue(out, col.getValue(row), t);
            return;
    }
}

void JsonEncoder::appendValue(std::string& out, const Value& v, const DataType& type) const {
    if (v.isNull()) {
        out += "null";
        return;
    }
    switch (type.id) {
        case TypeId::Boolean:
            out += v.asBool() ? "true" : "false";
            return;
        case TypeId::TinyInt:
        case TypeId::SmallInt:
        case TypeId::Int:
        case TypeId::BigInt:
        case TypeId::IntervalYearMonth:
        case TypeId::IntervalDayTime:
            out += std::to_string(v.asInt());
            return;
        case TypeId::Float:
            appendJavaNumber(out, javaFloatString(static_cast<float>(v.asDouble())), v.asDouble());
            return;
        case TypeId::Double:
            appendJavaNumber(out, javaDoubleString(v.asDouble()), v.asDouble());
            return;
        case TypeId::Decimal:
            out += javaBigDecimalString(v.asDecimal(), type.scale, options_.decimalAsPlainNumber);
            return;
        case TypeId::Char:
        case TypeId::Varchar:
            appendJsonString(out, v.asString());
            return;
        case TypeId::Binary:
        case TypeId::Varbinary:
            appendJsonString(out, base64Encode(v.asString()));
            return;
        case TypeId::Date: {
            std::string s;
            appendIsoDate(s, static_cast<int32_t>(v.asInt()));
            appendJsonString(out, s);
            return;
        }
        case TypeId::Time: {
            // Flink writes TIME as HH:mm:ss, dropping the millis (LocalTime.ofSecondOfDay)
            std::string s;
            appendIsoTime(s, v.asInt() / 1000 * kMicrosPerSecond);
            appendJsonString(out, s);
            return;
        }
        case TypeId::Timestamp:
        case TypeId::TimestampLtz: {
            std::string s;
            appendIsoTimestamp(s, v.asInt(),
                               options_.timestampStandard == TimestampStandard::Iso8601 ? 'T' : ' ');
            if (type.id == TypeId::TimestampLtz) s += 'Z';
            appendJsonString(out, s);
            return;
        }
        case TypeId::Array:
        case TypeId::Multiset: {
            out += '[';
            const auto& l = v.asList();
            for (size_t i = 0; i < l.size(); ++i) {
                if (i) out += ',';
                appendValue(out, l[i], type.children[0]);
            }
            out += ']';
            return;
        }
        case TypeId::Map: {
            out += '{';
            const auto& l = v.asList();
            bool first = true;
            for (size_t i = 0; i + 1 < l.size(); i += 2) {
                std::string key;
                if (l[i].isNull()) {
                    if (options_.mapNullKeyMode == JsonOptions::MapNullKeyMode::Drop) continue;
                    if (options_.mapNullKeyMode == JsonOptions::MapNullKeyMode::Fail)
                        throw ExecutionError(
                            "JSON format doesn't support to serialize map data with null keys. You can drop "
                            "null key "
                            "entries or encode null in literals by specifying map-null-key.mode option.");
                    key = options_.mapNullKeyLiteral;
                } else {
                    key = valueText(l[i], type.children[0], TimeZone::utc());
                }
                if (!first) out += ',';
                first = false;
                appendJsonString(out, key);
                out += ':';
                appendValue(out, l[i + 1], type.children[1]);
            }
            out += '}';
            return;
        }
        case TypeId::Row: {
            out += '{';
            const auto& l = v.asList();
            bool first = true;
            for (size_t i = 0; i < l.size() && i < type.children.size(); ++i) {
                if (options_.ignoreNullFields && l[i].isNull()) continue;
                if (!first) out += ',';
                first = false;
                appendJsonString(out, type.fieldNames[i]);
                out += ':';
                appendValue(out, l[i], type.children[i]);
            }
            out += '}';
            return;
        }
        default:
            throw ExecutionError("JSON format does not support type " + type.toString());
    }
}

void JsonEncoder::encodeRow(const RecordBatch& batch, size_t row, std::string& out) const {
    size_t n = schema_.fields.size();
    if (!options_.ignoreNullFields) {
        if (n == 0) out += '{';
        for (size_t c = 0; c < n; ++c) {
            const Vector& col = batch.columns[c];
            out += prefixes_[c];
            if (col.isNull(row))
                out.append("null", 4);
            else
                appendFast(out, col, row, typeIds_[c]);
        }
        out += '}';
        return;
    }
    out += '{';
    bool first = true;
    for (size_t c = 0; c < n; ++c) {
        const Vector& col = batch.columns[c];
        if (col.isNull(row)) continue;
        if (!first) out += ',';
        first = false;
        out += quotedNames_[c];
        appendFast(out, col, row, typeIds_[c]);
    }
    out += '}';
}

void JsonEncoder::encode(const RecordBatch& batch, size_t row, std::string& out) {
    encodeRow(batch, row, out);
}

void JsonEncoder::encodeBatch(const RecordBatch& batch, std::string& out, std::vector<size_t>& ends) {
    ends.reserve(ends.size() + batch.numRows);
    if (batch.numRows > 0) {
        size_t begin = out.size();
        encodeRow(batch, 0, out);
        // size the buffer once from the first record, with headroom for longer values
        out.reserve(begin + (out.size() - begin + 16) * batch.numRows);
        ends.push_back(out.size());
    }
    for (size_t r = 1; r < batch.numRows; ++r) {
        encodeRow(batch, r, out);
        ends.push_back(out.size());
    }
}

void JsonEncoder::encodeSlow(const RecordBatch& batch, size_t row, std::string& out) const {
    out += '{';
    bool first = true;
    for (size_t c = 0; c < schema_.fields.size(); ++c) {
        const Vector& col = batch.columns[c];
        bool isNull = col.isNull(row);
        if (isNull && options_.ignoreNullFields) continue;
        if (!first) out += ',';
        first = false;
        out += quotedNames_[c];
        appendValue(out, col.getValue(row), schema_.fields[c].type);
    }
    out += '}';
}

}  // namespace sluice::connectors
