#include "connectors/print/row_text.h"

#include <fmt/format.h>

#include <cstdlib>

#include "common/time_util.h"
#include "common/value_format.h"
#include "connectors/formats/text_util.h"

namespace sluice::connectors {

namespace {

void appendBytes(std::string& out, std::string_view bytes) {
    // Arrays.toString(byte[]): signed bytes
    out += '[';
    for (size_t i = 0; i < bytes.size(); ++i) {
        if (i) out += ", ";
        fmt::format_to(std::back_inserter(out), "{}", static_cast<int>(static_cast<int8_t>(bytes[i])));
    }
    out += ']';
}

// java.time.Period.toString of a months count (Flink's default for INTERVAL YEAR TO MONTH).
void appendPeriod(std::string& out, int64_t months) {
    if (months == 0) {
        out += "P0D";
        return;
    }
    out += 'P';
    if (months / 12 != 0) fmt::format_to(std::back_inserter(out), "{}Y", months / 12);
    if (months % 12 != 0) fmt::format_to(std::back_inserter(out), "{}M", months % 12);
}

// java.time.Duration.toString of millis (Flink's default for INTERVAL DAY TO SECOND).
void appendDuration(std::string& out, int64_t millis) {
    if (millis == 0) {
        out += "PT0S";
        return;
    }
    out += "PT";
    int64_t totalSecs = floorDiv(millis, 1000);
    int64_t ms = floorMod(millis, 1000);
    int64_t hours = totalSecs / 3600, minutes = totalSecs % 3600 / 60, secs = totalSecs % 60;
    if (hours != 0) fmt::format_to(std::back_inserter(out), "{}H", hours);
    if (minutes != 0) fmt::format_to(std::back_inserter(out), "{}M", minutes);
    if (secs == 0 && ms == 0 && out.size() > 2) return;
    if (secs < 0 && ms > 0) {
        if (secs == -1)
            out += "-0";
        else
            fmt::format_to(std::back_inserter(out), "{}", secs + 1);
    } else {
        fmt::format_to(std::back_inserter(out), "{}", secs);
    }
    if (ms > 0) {
        int64_t frac = secs < 0 ? 1000 - ms : ms;
        std::string f = fmt::format("{:03}", frac);
        while (!f.empty() && f.back() == '0') f.pop_back();
        out += '.';
        out += f;
    }
    out += 'S';
}

}  // namespace

void appendValueJavaText(std::string& out, const Value& v, const DataType& type) {
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
            out += std::to_string(v.asInt());
            return;
        case TypeId::Float:
            out += javaFloatString(static_cast<float>(v.asDouble()));
            return;
        case TypeId::Double:
            out += javaDoubleString(v.asDouble());
            return;
        case TypeId::Decimal:
            out += javaBigDecimalString(v.asDecimal(), type.scale);
            return;
        case TypeId::Char:
        case TypeId::Varchar:
            out += v.asString();
            return;
        case TypeId::Binary:
        case TypeId::Varbinary:
            appendBytes(out, v.asString());
            return;
        case TypeId::Date:
            appendIsoDate(out, static_cast<int32_t>(v.asInt()));
            return;
        case TypeId::Time:
            appendJavaLocalTime(out, v.asInt() * 1000);
            return;
        case TypeId::Timestamp:
            appendJavaLocalDateTime(out, v.asInt());
            return;
        case TypeId::TimestampLtz:
            appendJavaInstant(out, v.asInt());
            return;
        case TypeId::IntervalYearMonth:
            appendPeriod(out, v.asInt());
            return;
        case TypeId::IntervalDayTime:
            appendDuration(out, v.asInt());
            return;
        case TypeId::Array: {
            out += '[';
            const auto& l = v.asList();
            for (size_t i = 0; i < l.size(); ++i) {
                if (i) out += ", ";
                appendValueJavaText(out, l[i], type.children.at(0));
            }
            out += ']';
            return;
        }
        case TypeId::Map:
        case TypeId::Multiset: {
            out += '{';
            const auto& l = v.asList();
            DataType valueType = type.id == TypeId::Map ? type.children.at(1) : DataType::integer();
            for (size_t i = 0; i + 1 < l.size(); i += 2) {
                if (i) out += ", ";
                appendValueJavaText(out, l[i], type.children.at(0));
                out += '=';
                appendValueJavaText(out, l[i + 1], valueType);
            }
            out += '}';
            return;
        }
        case TypeId::Row: {
            out += "+I[";
            const auto& l = v.asList();
            for (size_t i = 0; i < l.size(); ++i) {
                if (i) out += ", ";
                appendValueJavaText(out, l[i], type.children.at(i));
            }
            out += ']';
            return;
        }
        default:
            out += valueText(v, type, TimeZone::utc());
            return;
    }
}

void appendFieldText(std::string& out, const Vector& v, size_t row) {
    if (v.isNull(row)) {
        out += "null";
        return;
    }
    const DataType& t = v.type();
    switch (t.id) {
        case TypeId::TinyInt:
            fmt::format_to(std::back_inserter(out), "{}", v.data<int8_t>()[row]);
            return;
        case TypeId::SmallInt:
            fmt::format_to(std::back_inserter(out), "{}", v.data<int16_t>()[row]);
            return;
        case TypeId::Int:
            fmt::format_to(std::back_inserter(out), "{}", v.data<int32_t>()[row]);
            return;
        case TypeId::BigInt:
            fmt::format_to(std::back_inserter(out), "{}", v.data<int64_t>()[row]);
            return;
        case TypeId::Char:
        case TypeId::Varchar:
            out += v.stringAt(row);
            return;
        case TypeId::Timestamp:
            appendJavaLocalDateTime(out, v.data<int64_t>()[row]);
            return;
        case TypeId::TimestampLtz:
            appendJavaInstant(out, v.data<int64_t>()[row]);
            return;
        default:
            appendValueJavaText(out, v.getValue(row), t);
            return;
    }
}

void appendRowText(std::string& out, const RecordBatch& batch, size_t row) {
    out += rowKindShortString(batch.kind(row));
    out += '[';
    for (size_t c = 0; c < batch.columns.size(); ++c) {
        if (c) out += ", ";
        appendFieldText(out, batch.columns[c], row);
    }
    out += ']';
}

}  // namespace sluice::connectors
