#include "connectors/formats/field_parse.h"

#include <fmt/format.h>

#include <limits>

#include "common/time_util.h"
#include "connectors/formats/text_util.h"

namespace sluice::connectors {

namespace {

bool parseInteger(std::string_view text, int64_t min, int64_t max, FieldSlot& slot, std::string& error) {
    if (!parseJavaInteger(trimWhitespace(text), min, max, slot.i)) {
        error = fmt::format("For input string: \"{}\"", text);
        return false;
    }
    return true;
}

bool parseTimestampText(std::string_view text, bool ltz, TimestampStandard standard, FieldSlot& slot,
                        std::string& error) {
    std::string_view s = text;
    if (ltz) {
        if (!s.empty() && (s.back() == 'Z' || s.back() == 'z')) {
            s.remove_suffix(1);
        } else if (standard != TimestampStandard::Either) {
            error =
                fmt::format("Text '{}' could not be parsed as TIMESTAMP_LTZ: missing the 'Z' suffix", text);
            return false;
        }
    }
    if (standard != TimestampStandard::Either && s.size() > 10) {
        char expected = standard == TimestampStandard::Sql ? ' ' : 'T';
        if (s[10] != expected) {
            error = fmt::format("Text '{}' could not be parsed at index 10", text);
            return false;
        }
    }
    auto micros = parseTimestampMicros(s);
    if (!micros || (standard != TimestampStandard::Either && s.size() <= 10)) {
        error = fmt::format("Text '{}' could not be parsed as a timestamp", text);
        return false;
    }
    slot.i = *micros;
    return true;
}

}  // namespace

bool parseScalarText(std::string_view text, const DataType& type, TimestampStandard standard, FieldSlot& slot,
                     std::string& error) {
    slot.null = false;
    switch (type.id) {
        case TypeId::Boolean: {
            std::string_view t = trimWhitespace(text);
            slot.i = t.size() == 4 && (t[0] == 't' || t[0] == 'T') && (t[1] == 'r' || t[1] == 'R') &&
                     (t[2] == 'u' || t[2] == 'U') && (t[3] == 'e' || t[3] == 'E');
            return true;
        }
        case TypeId::TinyInt:
            return parseInteger(text, -128, 127, slot, error);
        case TypeId::SmallInt:
            return parseInteger(text, -32768, 32767, slot, error);
        case TypeId::Int:
        case TypeId::IntervalYearMonth:
            return parseInteger(text, std::numeric_limits<int32_t>::min(),
                                std::numeric_limits<int32_t>::max(), slot, error);
        case TypeId::BigInt:
        case TypeId::IntervalDayTime:
            return parseInteger(text, std::numeric_limits<int64_t>::min(),
                                std::numeric_limits<int64_t>::max(), slot, error);
        case TypeId::Float:
        case TypeId::Double:
            if (!parseJavaDouble(text, slot.d)) {
                error = fmt::format("For input string: \"{}\"", text);
                return false;
            }
            return true;
        case TypeId::Decimal: {
            bool overflow = false;
            if (!parseJavaDecimal(text, type.precision, type.scale, slot.dec, overflow)) {
                error = fmt::format("Character array is not a valid decimal number: \"{}\"", text);
                return false;
            }
            if (overflow) slot.null = true;
            return true;
        }
        case TypeId::Char:
        case TypeId::Varchar:
            slot.s.assign(text.data(), text.size());
            return true;
        case TypeId::Binary:
        case TypeId::Varbinary: {
            auto bytes = base64Decode(text);
            if (!bytes) {
                error = fmt::format("Illegal base64 text: \"{}\"", text);
                return false;
            }
            slot.s = std::move(*bytes);
            return true;
        }
        case TypeId::Date: {
            auto d = parseDate(text);
            if (!d) {
                error = fmt::format("Text '{}' could not be parsed as a DATE", text);
                return false;
            }
            slot.i = *d;
            return true;
        }
        case TypeId::Time: {
            auto t = parseTimeMillis(text);
            if (!t) {
                error = fmt::format("Text '{}' could not be parsed as a TIME", text);
                return false;
            }
            // TIME(p) keeps p fractional digits of the millis
            int32_t ms = *t;
            if (type.precision == 0) ms -= ms % 1000;
            if (type.precision == 1) ms -= ms % 100;
            if (type.precision == 2) ms -= ms % 10;
            slot.i = ms;
            return true;
        }
        case TypeId::Timestamp:
            return parseTimestampText(text, false, standard, slot, error);
        case TypeId::TimestampLtz:
            return parseTimestampText(text, true, standard, slot, error);
        case TypeId::Null:
            slot.null = true;
            return true;
        default:
            error = fmt::format("Unsupported type: {}", type.toString());
            return false;
    }
}

}  // namespace sluice::connectors
