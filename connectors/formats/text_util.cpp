#include "connectors/formats/text_util.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "common/time_util.h"

namespace sluice::connectors {

namespace {

std::string unsignedDigits(Int128 v) {
    unsigned __int128 u =
        v < 0 ? static_cast<unsigned __int128>(-(v + 1)) + 1 : static_cast<unsigned __int128>(v);
    std::string digits;
    do {
        digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
        u /= 10;
    } while (u != 0);
    return digits;
}

// Fraction digits of `micros` (0..999999) without trailing zeros, after a '.'; nothing when zero.
void appendMinimalFraction(std::string& out, int64_t micros) {
    if (micros == 0) return;
    char buf[8];
    fmt::format_to(buf, "{:06}", micros);
    size_t n = 6;
    while (n > 0 && buf[n - 1] == '0') --n;
    out += '.';
    out.append(buf, n);
}

// Java's toString groups of 3 digits: millis, micros (nanos never occur at micro precision).
void appendGroupedFraction(std::string& out, int64_t micros) {
    if (micros == 0) return;
    if (micros % 1000 == 0)
        fmt::format_to(std::back_inserter(out), ".{:03}", micros / 1000);
    else
        fmt::format_to(std::back_inserter(out), ".{:06}", micros);
}

void appendHourMinuteSecond(std::string& out, int64_t secondsOfDay) {
    fmt::format_to(std::back_inserter(out), "{:02}:{:02}:{:02}", secondsOfDay / 3600, secondsOfDay / 60 % 60,
                   secondsOfDay % 60);
}

constexpr char kBase64Chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::string_view trimWhitespace(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && static_cast<unsigned char>(s[b]) <= ' ') ++b;
    while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
    return s.substr(b, e - b);
}

std::string javaBigDecimalString(Int128 unscaled, int scale, bool plain) {
    std::string digits = unsignedDigits(unscaled);
    const char* sign = unscaled < 0 ? "-" : "";
    int64_t adjusted = static_cast<int64_t>(digits.size()) - 1 - scale;
    if (plain || (scale >= 0 && adjusted >= -6)) {
        if (scale <= 0) return sign + digits + std::string(static_cast<size_t>(plain ? -scale : 0), '0');
        if (static_cast<int>(digits.size()) <= scale)
            digits.insert(0, static_cast<size_t>(scale) - digits.size() + 1, '0');
        digits.insert(digits.size() - static_cast<size_t>(scale), ".");
        return sign + digits;
    }
    std::string out = sign;
    out += digits[0];
    if (digits.size() > 1) {
        out += '.';
        out.append(digits, 1);
    }
    out += 'E';
    if (adjusted > 0) out += '+';
    out += std::to_string(adjusted);
    return out;
}

void appendIsoDate(std::string& out, int32_t days) {
    out += formatDate(days);
}

void appendIsoTime(std::string& out, int64_t microsOfDay) {
    appendHourMinuteSecond(out, microsOfDay / kMicrosPerSecond);
    appendMinimalFraction(out, microsOfDay % kMicrosPerSecond);
}

void appendIsoTimestamp(std::string& out, int64_t micros, char separator) {
    int64_t days = floorDiv(micros, kMicrosPerDay);
    appendIsoDate(out, static_cast<int32_t>(days));
    out += separator;
    appendIsoTime(out, micros - days * kMicrosPerDay);
}

void appendJavaLocalTime(std::string& out, int64_t microsOfDay) {
    int64_t secs = microsOfDay / kMicrosPerSecond;
    int64_t frac = microsOfDay % kMicrosPerSecond;
    fmt::format_to(std::back_inserter(out), "{:02}:{:02}", secs / 3600, secs / 60 % 60);
    if (secs % 60 != 0 || frac != 0) {
        fmt::format_to(std::back_inserter(out), ":{:02}", secs % 60);
        appendGroupedFraction(out, frac);
    }
}

void appendJavaLocalDateTime(std::string& out, int64_t micros) {
    int64_t days = floorDiv(micros, kMicrosPerDay);
    appendIsoDate(out, static_cast<int32_t>(days));
    out += 'T';
    appendJavaLocalTime(out, micros - days * kMicrosPerDay);
}

void appendJavaInstant(std::string& out, int64_t micros) {
    int64_t days = floorDiv(micros, kMicrosPerDay);
    int64_t rem = micros - days * kMicrosPerDay;
    appendIsoDate(out, static_cast<int32_t>(days));
    out += 'T';
    appendHourMinuteSecond(out, rem / kMicrosPerSecond);
    appendGroupedFraction(out, rem % kMicrosPerSecond);
    out += 'Z';
}

std::string base64Encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                     static_cast<uint8_t>(bytes[i + 2]);
        out += kBase64Chars[(n >> 18) & 63];
        out += kBase64Chars[(n >> 12) & 63];
        out += kBase64Chars[(n >> 6) & 63];
        out += kBase64Chars[n & 63];
    }
    if (i < bytes.size()) {
        uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 1]) << 8;
        out += kBase64Chars[(n >> 18) & 63];
        out += kBase64Chars[(n >> 12) & 63];
        out += i + 1 < bytes.size() ? kBase64Chars[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> base64Decode(std::string_view text) {
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '+' || c == '-')
            v = 62;
        else if (c == '/' || c == '_')
            v = 63;
        else if (c == '=')
            break;
        else if (c == '\n' || c == '\r')
            continue;
        else
            return std::nullopt;
        acc = (acc << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    return out;
}

bool parseJavaInteger(std::string_view s, int64_t min, int64_t max, int64_t& out) {
    if (s.empty()) return false;
    size_t i = 0;
    bool neg = false;
    if (s[0] == '-' || s[0] == '+') {
        neg = s[0] == '-';
        i = 1;
    }
    if (i == s.size()) return false;
    unsigned __int128 v = 0;
    for (; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + static_cast<unsigned>(s[i] - '0');
        if (v > (static_cast<unsigned __int128>(1) << 64)) return false;
    }
    Int128 signedV = neg ? -static_cast<Int128>(v) : static_cast<Int128>(v);
    if (signedV < min || signedV > max) return false;
    out = static_cast<int64_t>(signedV);
    return true;
}

bool parseJavaDouble(std::string_view s, double& out) {
    s = trimWhitespace(s);
    if (s.empty()) return false;
    if (s.back() == 'd' || s.back() == 'D' || s.back() == 'f' || s.back() == 'F') s.remove_suffix(1);
    std::string text(s);
    if (text == "NaN" || text == "+NaN" || text == "-NaN") {
        out = std::nan("");
        return true;
    }
    if (text == "Infinity" || text == "+Infinity" || text == "-Infinity") {
        out = text[0] == '-' ? -HUGE_VAL : HUGE_VAL;
        return true;
    }
    // strtod also reads "inf"/"nan" spellings Java rejects; only digits, signs, '.', exponents pass here.
    for (char c : text)
        if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' || c == '+' ||
              c == '-'))
            return false;
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size();
}

bool parseJavaDecimal(std::string_view s, int precision, int scale, Int128& out, bool& overflow) {
    overflow = false;
    size_t i = 0;
    bool neg = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    std::string digits;
    int fracDigits = 0;
    bool seenPoint = false, anyDigit = false;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            digits += c;
            anyDigit = true;
            if (seenPoint) ++fracDigits;
        } else if (c == '.' && !seenPoint) {
            seenPoint = true;
        } else {
            break;
        }
    }
    if (!anyDigit) return false;
    int64_t exponent = 0;
    if (i < s.size()) {
        if (s[i] != 'e' && s[i] != 'E') return false;
        ++i;
        int64_t e;
        if (!parseJavaInteger(s.substr(i), -100000, 100000, e)) return false;
        exponent = e;
    }
    // value = digits * 10^(exponent - fracDigits); rescale to `scale` with HALF_UP rounding.
    int64_t shift = scale - (static_cast<int64_t>(fracDigits) - exponent);
    size_t firstNonZero = digits.find_first_not_of('0');
    if (firstNonZero == std::string::npos) {
        out = 0;
        return true;
    }
    digits.erase(0, firstNonZero);
    bool roundUp = false;
    if (shift >= 0) {
        digits.append(static_cast<size_t>(shift), '0');
    } else {
        size_t drop = static_cast<size_t>(-shift);
        if (drop > digits.size()) {
            digits = "0";
        } else {
            roundUp = digits[digits.size() - drop] >= '5';
            digits.resize(digits.size() - drop);
            if (digits.empty()) digits = "0";
        }
    }
    if (digits.size() > 39) {
        overflow = true;
        return true;
    }
    Int128 v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    if (roundUp) v += 1;
    Int128 limit = 1;
    for (int k = 0; k < precision; ++k) limit *= 10;
    if (v >= limit) {
        overflow = true;
        return true;
    }
    out = neg ? -v : v;
    return true;
}

}  // namespace sluice::connectors
