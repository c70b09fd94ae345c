#include "connectors/formats/json_encoder.h"

#include <fmt/format.h>

#include <cmath>

#include "common/error.h"
#include "common/time_util.h"
#include "common/value_format.h"
#include "connectors/formats/text_util.h"

namespace sluice::connectors {

void appendJsonString(std::string& out, std::string_view s) {
    out += '"';
    for (char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20)
                    fmt::format_to(std::back_inserter(out), "\\u{:04X}", static_cast<unsigned>(c));
                else
                    out += c;
        }
    }
    out += '"';
}

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

}  // namespace

JsonEncoder::JsonEncoder(JsonOptions options, const Schema& physical)
    : options_(std::move(options)), schema_(physical) {
    for (const auto& f : schema_.fields) {
        std::string q;
        appendJsonString(q, f.name);
        quotedNames_.push_back(q + ":");
    }
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

void JsonEncoder::encode(const RecordBatch& batch, size_t row, std::string& out) {
    out += '{';
    bool first = true;
    for (size_t c = 0; c < schema_.fields.size(); ++c) {
        const Vector& col = batch.columns[c];
        bool isNull = col.isNull(row);
        if (isNull && options_.ignoreNullFields) continue;
        if (!first) out += ',';
        first = false;
        out += quotedNames_[c];
        if (isNull)
            out += "null";
        else
            appendScalar(out, col, row);
    }
    out += '}';
}

}  // namespace sluice::connectors
