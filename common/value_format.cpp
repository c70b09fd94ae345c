#include "common/value_format.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

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

std::string javaDoubleString(double d) {
    return javaShortest(d);
}
std::string javaFloatString(float f) {
    return javaShortest(f);
}

namespace {

// javaShortest without the text round trip: the digits come from the Dragonbox routine fmt's "{}" uses
// (so they are the same digits), laid out as javaStyle does, in place.
template <class T>
size_t writeJavaShortest(char* buf, T v) {
    char* p = buf;
    auto put = [&p](const char* s, size_t n) {
        std::memcpy(p, s, n);
        p += n;
    };
    if (std::isnan(v)) {
        put("NaN", 3);
        return 3;
    }
    bool neg = std::signbit(v);
    if (neg) {
        *p++ = '-';
        v = -v;
    }
    if (std::isinf(v)) {
        put("Infinity", 8);
        return static_cast<size_t>(p - buf);
    }
    if (v == 0) {
        put("0.0", 3);
        return static_cast<size_t>(p - buf);
    }
    auto dec = fmt::detail::dragonbox::to_decimal(v);
    uint64_t sig = dec.significand;
    int exp = dec.exponent;  // v = sig * 10^exp
    while (sig % 10 == 0) {
        sig /= 10;
        ++exp;
    }
    char digits[24];
    int n = 0;
    {
        char rev[24];
        int k = 0;
        do {
            rev[k++] = static_cast<char>('0' + sig % 10);
            sig /= 10;
        } while (sig != 0);
        while (k > 0) digits[n++] = rev[--k];
    }
    int decExp = n + exp;  // v = 0.digits * 10^decExp
    if (n == 1) {
        // Never fewer than two significant digits: the closest two-digit decimal, "d.de[+-]x".
        char tmp[40];
        char* end = fmt::format_to(tmp, "{:.1e}", v);
        digits[0] = tmp[0];
        digits[1] = tmp[2];
        const char* e = tmp + 4;
        bool eneg = *e == '-';
        ++e;
        int x = 0;
        for (; e < end; ++e) x = x * 10 + (*e - '0');
        if (eneg) x = -x;
        n = digits[1] == '0' ? 1 : 2;
        decExp = x + 1;
    }
    int sciExp = decExp - 1;
    if (sciExp >= -3 && sciExp < 7) {
        if (decExp <= 0) {
            put("0.", 2);
            for (int i = 0; i < -decExp; ++i) *p++ = '0';
            put(digits, static_cast<size_t>(n));
        } else if (n <= decExp) {
            put(digits, static_cast<size_t>(n));
            for (int i = n; i < decExp; ++i) *p++ = '0';
            put(".0", 2);
        } else {
            put(digits, static_cast<size_t>(decExp));
            *p++ = '.';
            put(digits + decExp, static_cast<size_t>(n - decExp));
        }
    } else {
        *p++ = digits[0];
        *p++ = '.';
        if (n > 1)
            put(digits + 1, static_cast<size_t>(n - 1));
        else
            *p++ = '0';
        *p++ = 'E';
        if (sciExp < 0) {
            *p++ = '-';
            sciExp = -sciExp;
        }
        if (sciExp >= 100) *p++ = static_cast<char>('0' + sciExp / 100);
        if (sciExp >= 10) *p++ = static_cast<char>('0' + sciExp / 10 % 10);
        *p++ = static_cast<char>('0' + sciExp % 10);
    }
    return static_cast<size_t>(p - buf);
}

}  // namespace

size_t writeJavaDouble(char* buf, double d) {
    return writeJavaShortest(buf, d);
}
size_t writeJavaFloat(char* buf, float f) {
    return writeJavaShortest(buf, f);
}

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
                out += valueText(l[i], t.children.at(0), zone) + "=" +
                       valueText(l[i + 1], t.children.at(1), zone);
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
