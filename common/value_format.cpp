#include "common/value_format.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace sluice {

namespace {

// Formats shortest round-trip digits the way java.lang.Double.toString lays them out.
std::string javaStyle(const std::string& shortest) {
    // `shortest` is fmt's "{:e}"-free shortest form, e.g. "1e+10", "0.1", "123.5", "1.5e-05", "-3".
    std::string s = shortest;
    bool neg = false;
    if (!s.empty() && s[0] == '-') {
        neg = true;
        s.erase(0, 1);
    }
    if (s == "inf") return neg ? "-Infinity" : "Infinity";
    if (s == "nan") return "NaN";
    // Split into digits and a decimal exponent: value = 0.d1d2d3... * 10^exp10
    std::string mant = s;
    int exp = 0;
    if (auto e = s.find('e'); e != std::string::npos) {
        mant = s.substr(0, e);
        exp = std::atoi(s.c_str() + e + 1);
    }
    std::string digits;
    int pointPos;  // digits before the point in mant
    if (auto p = mant.find('.'); p != std::string::npos) {
        digits = mant.substr(0, p) + mant.substr(p + 1);
        pointPos = static_cast<int>(p);
    } else {
        digits = mant;
        pointPos = static_cast<int>(mant.size());
    }
    // strip leading zeros
    size_t lz = 0;
    while (lz + 1 < digits.size() && digits[lz] == '0') {
        ++lz;
        --pointPos;
    }
    digits.erase(0, lz);
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
    int decExp = pointPos + exp;  // value = 0.digits * 10^decExp
    std::string out = neg ? "-" : "";
    if (digits == "0") return out + "0.0";
    int sciExp = decExp - 1;  // value = d.ddd * 10^sciExp
    if (sciExp >= -3 && sciExp < 7) {
        if (decExp <= 0) {
            out += "0.";
            out.append(static_cast<size_t>(-decExp), '0');
            out += digits;
        } else if (static_cast<int>(digits.size()) <= decExp) {
            out += digits;
            out.append(static_cast<size_t>(decExp) - digits.size(), '0');
            out += ".0";
        } else {
            out += digits.substr(0, static_cast<size_t>(decExp));
            out += '.';
            out += digits.substr(static_cast<size_t>(decExp));
        }
    } else {
        out += digits[0];
        out += '.';
        out += digits.size() > 1 ? digits.substr(1) : "0";
        out += 'E';
        out += std::to_string(sciExp);
    }
    return out;
}

}  // namespace

// Java (JDK 19+) picks the shortest digits that round-trip, but never fewer than two significant
// digits: when one would do, it takes the two-digit decimal closest to the value, so
// Double.MIN_VALUE prints 4.9E-324 (not 5.0E-324) and 1.0E23 stays 1.0E23.
template <class T>
std::string javaShortest(T v) {
    std::string s = fmt::format("{}", v);
    // Trailing zeros of an integer text ("100", "1e+20") are not significant.
    std::string digits;
    for (char c : s.substr(0, s.find('e')))
        if (c >= '0' && c <= '9') digits += c;
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    size_t lz = digits.find_first_not_of('0');
    int significant = lz == std::string::npos ? 0 : static_cast<int>(digits.size() - lz);
    if (significant == 1 && std::isfinite(v)) s = fmt::format("{:.1e}", v);
    return javaStyle(s);
}

std::string javaDoubleString(double d) { return javaShortest(d); }
std::string javaFloatString(float f) { return javaShortest(f); }

std::string decimalString(Int128 unscaled, int scale) {
    bool neg = unscaled < 0;
    unsigned __int128 u = neg ? static_cast<unsigned __int128>(-(unscaled + 1)) + 1 : unscaled;
    std::string digits;
    do {
        digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
        u /= 10;
    } while (u != 0);
    if (scale > 0) {
        if (static_cast<int>(digits.size()) <= scale)
            digits.insert(0, static_cast<size_t>(scale) - digits.size() + 1, '0');
        digits.insert(digits.size() - static_cast<size_t>(scale), ".");
    }
    return neg ? "-" + digits : digits;
}

std::string intervalDayTimeString(int64_t millis) {
    char sign = millis < 0 ? '-' : '+';
    uint64_t m = millis < 0 ? static_cast<uint64_t>(-millis) : static_cast<uint64_t>(millis);
    uint64_t days = m / 86400000;
    m %= 86400000;
    return fmt::format("{}{} {:02}:{:02}:{:02}.{:03}", sign, days, m / 3600000, m / 60000 % 60, m / 1000 % 60,
                       m % 1000);
}

std::string intervalYearMonthString(int64_t months) {
    char sign = months < 0 ? '-' : '+';
    int64_t m = std::llabs(months);
    return fmt::format("{}{}-{:02}", sign, m / 12, m % 12);
}

void appendValueText(std::string& out, const Vector& v, size_t row, const TimeZone& zone) {
    const DataType& t = v.type();
    switch (t.id) {
        case TypeId::Boolean:
            out += v.data<uint8_t>()[row] ? "TRUE" : "FALSE";
            return;
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
        case TypeId::Float:
            out += javaFloatString(v.data<float>()[row]);
            return;
        case TypeId::Double:
            out += javaDoubleString(v.data<double>()[row]);
            return;
        case TypeId::Decimal:
            out += decimalString(v.data<Int128>()[row], t.scale);
            return;
        case TypeId::Char:
        case TypeId::Varchar:
        case TypeId::Binary:
        case TypeId::Varbinary:
            out += v.stringAt(row);
            return;
        case TypeId::Date:
            out += formatDate(v.data<int32_t>()[row]);
            return;
        case TypeId::Time:
            out += formatTime(v.data<int32_t>()[row], t.precision);
            return;
        case TypeId::Timestamp:
            appendTimestamp(out, v.data<int64_t>()[row], t.precision);
            return;
        case TypeId::TimestampLtz:
            appendTimestamp(out, zone.toLocal(v.data<int64_t>()[row]), t.precision);
            return;
        case TypeId::IntervalDayTime:
            out += intervalDayTimeString(v.data<int64_t>()[row]);
            return;
        case TypeId::IntervalYearMonth:
            out += intervalYearMonthString(v.data<int32_t>()[row]);
            return;
        default:
            out += valueText(v.getValue(row), t, zone);
            return;
    }
}

std::string valueText(const Vector& v, size_t row, const TimeZone& zone) {
    std::string out;
    appendValueText(out, v, row, zone);
    return out;
}

std::string valueText(const Value& val, const DataType& t, const TimeZone& zone) {
    if (val.isNull()) return "NULL";
    switch (t.id) {
        case TypeId::Array:
        case TypeId::Multiset: {
            std::string out = "[";
            const auto& l = val.asList();
            for (size_t i = 0; i < l.size(); ++i) {
                if (i) out += ", ";
                out += valueText(l[i], t.children.at(0), zone);
            }
            return out + "]";
        }
        case TypeId::Map: {
            std::string out = "{";
            const auto& l = val.asList();
            for (size_t i = 0; i + 1 < l.size(); i += 2) {
                if (i) out += ", ";
                out += valueText(l[i], t.children.at(0), zone) + "=" + valueText(l[i + 1], t.children.at(1), zone);
            }
            return out + "}";
        }
        case TypeId::Row: {
            std::string out = "(";
            const auto& l = val.asList();
            for (size_t i = 0; i < l.size(); ++i) {
                if (i) out += ", ";
                out += valueText(l[i], t.children.at(i), zone);
            }
            return out + ")";
        }
        default: {
            Vector one(t);
            one.appendValue(val);
            return valueText(one, 0, zone);
        }
    }
}

}  // namespace sluice
