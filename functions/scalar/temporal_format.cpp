// Date/time text functions with Java's pattern semantics, as Flink runs them: DATE_FORMAT,
// TO_TIMESTAMP, TO_DATE, UNIX_TIMESTAMP, FROM_UNIXTIME, CONVERT_TZ and the string overloads of
// TO_TIMESTAMP_LTZ. Flink uses two Java formatters: java.text.SimpleDateFormat (lenient parsing that
// ignores trailing text; 'S' is a millisecond count) and java.time.DateTimeFormatter (strict: fixed
// widths, the whole text; 'S' is a fraction). One small pattern compiler serves both; a constant
// pattern is compiled once at plan time.
#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <unordered_map>

#include "common/time_util.h"
#include "functions/function_registry.h"
#include "functions/scalar/kernel_util.h"

namespace sluice::functions {

namespace {

constexpr int64_t kMillisPerSecond = 1000;
constexpr int64_t kLongMin = std::numeric_limits<int64_t>::min();

int64_t floorDiv(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
int64_t floorMod(int64_t a, int64_t b) {
    return a - floorDiv(a, b) * b;
}

const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};
const char* const kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

enum class Dialect { Simple, Time };  // java.text.SimpleDateFormat / java.time.DateTimeFormatter

struct PatternItem {
    char letter = 0;  // 0: literal text
    int count = 0;
    std::string literal;
};

struct Pattern {
    Dialect dialect = Dialect::Simple;
    std::vector<PatternItem> items;
    std::string error;  // set when Java would reject the pattern: raised when it is used
    bool hasZone = false;
};

bool isNumericLetter(char c, int count, Dialect d) {
    switch (c) {
        case 'y':
        case 'Y':
        case 'd':
        case 'D':
        case 'H':
        case 'h':
        case 'k':
        case 'K':
        case 'm':
        case 's':
        case 'S':
        case 'w':
        case 'W':
        case 'F':
        case 'n':
        case 'A':
        case 'N':
            return true;
        case 'u':
            return true;
        case 'M':
        case 'L':
            return count <= 2;
        default:
            (void)d;
            return false;
    }
}

Pattern compilePattern(std::string_view text, Dialect dialect) {
    static const std::string kSimpleLetters = "GyYMLwWDdFEuaHkKhmsSzZX";
    static const std::string kTimeLetters = "GuyDMLdQqYwWEecFaHhKkmsSAnNVvzOXxZ";
    const std::string& allowed = dialect == Dialect::Simple ? kSimpleLetters : kTimeLetters;
    Pattern p;
    p.dialect = dialect;
    auto addLiteral = [&](std::string_view s) {
        if (!p.items.empty() && p.items.back().letter == 0)
            p.items.back().literal += s;
        else
            p.items.push_back({0, 0, std::string(s)});
    };
    for (size_t i = 0; i < text.size();) {
        char c = text[i];
        if (c == '\'') {
            size_t j = i + 1;
            if (j < text.size() && text[j] == '\'') {
                addLiteral("'");
                i = j + 1;
                continue;
            }
            std::string lit;
            while (j < text.size()) {
                if (text[j] == '\'') {
                    if (j + 1 < text.size() && text[j + 1] == '\'') {
                        lit += '\'';
                        j += 2;
                        continue;
                    }
                    break;
                }
                lit += text[j++];
            }
            if (j >= text.size()) {
                p.error = "Unterminated quote";
                return p;
            }
            addLiteral(lit);
            i = j + 1;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            size_t j = i;
            while (j < text.size() && text[j] == c) ++j;
            if (allowed.find(c) == std::string::npos) {
                p.error = dialect == Dialect::Simple ? fmt::format("Illegal pattern character '{}'", c)
                                                     : fmt::format("Unknown pattern letter: {}", c);
                return p;
            }
            if (std::strchr("zZXxOVv", c)) p.hasZone = true;
            p.items.push_back({c, static_cast<int>(j - i), {}});
            i = j;
        } else if (dialect == Dialect::Time && (c == '[' || c == ']')) {
            ++i;  // optional sections: everything is present when formatting a date-time
        } else {
            addLiteral(std::string_view(&text[i], 1));
            ++i;
        }
    }
    return p;
}

// --- formatting ---------------------------------------------------------------------------------

struct LocalFields {
    int year = 1970;
    unsigned month = 1, day = 1;
    int hour = 0, minute = 0, second = 0;
    int64_t microOfSecond = 0;
    int32_t epochDay = 0;
};

LocalFields fieldsOf(int64_t localMicros) {
    LocalFields f;
    int64_t days = floorDiv(localMicros, kMicrosPerDay);
    int64_t rem = localMicros - days * kMicrosPerDay;
    f.epochDay = static_cast<int32_t>(days);
    civilFromDays(f.epochDay, f.year, f.month, f.day);
    int64_t secs = rem / kMicrosPerSecond;
    f.microOfSecond = rem % kMicrosPerSecond;
    f.hour = static_cast<int>(secs / 3600);
    f.minute = static_cast<int>(secs / 60 % 60);
    f.second = static_cast<int>(secs % 60);
    return f;
}

int isoDayOfWeek(int32_t epochDay) {
    return static_cast<int>(floorMod(epochDay + 3, 7)) + 1;
}  // 1 = Monday

// Week of year and week-based year with the US rules Java's default locale uses (weeks start on
// Sunday; week 1 holds January 1).
int usWeekOfYear(const LocalFields& f, int* weekYear) {
    int32_t jan1 = daysFromCivil(f.year, 1, 1);
    int32_t nextJan1 = daysFromCivil(f.year + 1, 1, 1);
    int sunBased = isoDayOfWeek(f.epochDay) % 7;  // 0 = Sunday
    int32_t weekStart = f.epochDay - sunBased;
    if (weekStart + 6 >= nextJan1) {
        if (weekYear) *weekYear = f.year + 1;
        return 1;
    }
    int32_t firstWeekStart = jan1 - isoDayOfWeek(jan1) % 7;
    if (weekYear) *weekYear = f.year;
    return static_cast<int>((weekStart - firstWeekStart) / 7) + 1;
}

void appendPadded(std::string& out, int64_t v, int width) {
    if (v < 0) {
        out += '-';
        v = -v;
    }
    std::string digits = std::to_string(v);
    if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
    out += digits;
}

void appendOffset(std::string& out, int64_t offsetSecs, int style, bool zForZero) {
    // style 1: +08, 2: +0800, 3: +08:00
    if (offsetSecs == 0 && zForZero) {
        out += 'Z';
        return;
    }
    out += offsetSecs < 0 ? '-' : '+';
    int64_t a = offsetSecs < 0 ? -offsetSecs : offsetSecs;
    appendPadded(out, a / 3600, 2);
    if (style == 1 && a % 3600 == 0) return;
    if (style == 3) out += ':';
    appendPadded(out, a / 60 % 60, 2);
}

/// Formats an instant (or a zone-less wall time when `zone` is null) with a compiled pattern.
void formatWith(std::string& out, const Pattern& p, int64_t localMicros, const TimeZone* zone,
                int64_t utcMicros) {
    if (!p.error.empty()) throw ExecutionError(p.error);
    const bool simple = p.dialect == Dialect::Simple;
    LocalFields f = fieldsOf(localMicros);
    for (const auto& it : p.items) {
        int n = it.count;
        switch (it.letter) {
            case 0:
                out += it.literal;
                break;
            case 'G':
                out += f.year > 0 ? "AD" : "BC";
                break;
            case 'y':
            case 'u':
                if (it.letter == 'u' && simple) {
                    appendPadded(out, isoDayOfWeek(f.epochDay), n);
                } else if (n == 2) {
                    appendPadded(out, floorMod(f.year, 100), 2);
                } else {
                    appendPadded(out, f.year, n);
                }
                break;
            case 'Y': {
                int wy = f.year;
                usWeekOfYear(f, &wy);
                if (n == 2)
                    appendPadded(out, floorMod(wy, 100), 2);
                else
                    appendPadded(out, wy, n);
                break;
            }
            case 'M':
            case 'L':
                if (n >= 4)
                    out += kMonths[f.month - 1];
                else if (n == 3)
                    out.append(kMonths[f.month - 1], 3);
                else
                    appendPadded(out, f.month, n);
                break;
            case 'Q':
            case 'q':
                appendPadded(out, (f.month + 2) / 3, n);
                break;
            case 'd':
                appendPadded(out, f.day, n);
                break;
            case 'D':
                appendPadded(out, f.epochDay - daysFromCivil(f.year, 1, 1) + 1, n);
                break;
            case 'F':
                appendPadded(out, (f.day - 1) / 7 + 1, n);
                break;
            case 'w':
                appendPadded(out, usWeekOfYear(f, nullptr), n);
                break;
            case 'W': {
                int32_t first = daysFromCivil(f.year, f.month, 1);
                int32_t firstWeekStart = first - isoDayOfWeek(first) % 7;
                appendPadded(out, (f.epochDay - firstWeekStart) / 7 + 1, n);
                break;
            }
            case 'E':
            case 'e':
            case 'c': {
                const char* name = kDays[isoDayOfWeek(f.epochDay) - 1];
                if (it.letter != 'E' && n <= 2)
                    appendPadded(out, isoDayOfWeek(f.epochDay) % 7 + 1, n);
                else if (n >= 4)
                    out += name;
                else
                    out.append(name, 3);
                break;
            }
            case 'a':
                out += f.hour < 12 ? "AM" : "PM";
                break;
            case 'H':
                appendPadded(out, f.hour, n);
                break;
            case 'k':
                appendPadded(out, f.hour == 0 ? 24 : f.hour, n);
                break;
            case 'K':
                appendPadded(out, f.hour % 12, n);
                break;
            case 'h':
                appendPadded(out, f.hour % 12 == 0 ? 12 : f.hour % 12, n);
                break;
            case 'm':
                appendPadded(out, f.minute, n);
                break;
            case 's':
                appendPadded(out, f.second, n);
                break;
            case 'S':
                if (simple) {
                    appendPadded(out, f.microOfSecond / 1000, n);
                } else {
                    std::string frac = fmt::format("{:06}000", f.microOfSecond);
                    if (n <= 9)
                        out.append(frac, 0, n);
                    else
                        out += frac + std::string(n - 9, '0');
                }
                break;
            case 'n':
                appendPadded(out, f.microOfSecond * 1000, n);
                break;
            case 'A':
                appendPadded(out, (localMicros - static_cast<int64_t>(f.epochDay) * kMicrosPerDay) / 1000, n);
                break;
            case 'N':
                appendPadded(out, (localMicros - static_cast<int64_t>(f.epochDay) * kMicrosPerDay) * 1000, n);
                break;
            default: {
                // Zone letters. DateTimeFormatter formats a LocalDateTime, which has no zone.
                if (!zone)
                    throw ExecutionError(
                        fmt::format("Unsupported field for pattern letter '{}': the value has no "
                                    "time zone (java.time.LocalDateTime)",
                                    it.letter));
                int64_t offsetSecs = zone->offsetMicros(utcMicros) / kMicrosPerSecond;
                switch (it.letter) {
                    case 'z':
                    case 'v':
                        out += zone->abbreviation(utcMicros);
                        break;
                    case 'V':
                        out += zone->name();
                        break;
                    case 'Z':
                        appendOffset(out, offsetSecs, n >= 4 ? 3 : 2, false);
                        break;
                    case 'X':
                    case 'x':
                        appendOffset(out, offsetSecs, n == 1 ? 1 : n == 2 ? 2 : 3, it.letter == 'X');
                        break;
                    case 'O':
                        out += "GMT";
                        if (offsetSecs != 0) appendOffset(out, offsetSecs, 3, false);
                        break;
                }
            }
        }
    }
}

// --- parsing ------------------------------------------------------------------------------------

struct Parsed {
    int64_t year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    int64_t micros = 0;  // of the second
    bool pm = false, hasAmPm = false, hour12 = false;
    std::optional<int64_t> offsetSecs;
    const TimeZone* zone = nullptr;
    std::optional<TimeZone> parsedZone;
};

bool matchWord(std::string_view text, size_t& pos, std::string_view word, bool caseInsensitive) {
    if (text.size() - pos < word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i) {
        char a = text[pos + i], b = word[i];
        if (caseInsensitive
                ? std::tolower(static_cast<unsigned char>(a)) != std::tolower(static_cast<unsigned char>(b))
                : a != b)
            return false;
    }
    pos += word.size();
    return true;
}

// +hh, +hhmm, +hh:mm (and Z when allowed).
bool parseOffset(std::string_view text, size_t& pos, bool allowZ, int64_t& secs) {
    if (pos < text.size() && allowZ && text[pos] == 'Z') {
        ++pos;
        secs = 0;
        return true;
    }
    if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return false;
    int sign = text[pos] == '-' ? -1 : 1;
    size_t p = pos + 1;
    auto two = [&](int64_t& v) {
        if (p + 2 > text.size() || !std::isdigit(static_cast<unsigned char>(text[p])) ||
            !std::isdigit(static_cast<unsigned char>(text[p + 1])))
            return false;
        v = (text[p] - '0') * 10 + (text[p + 1] - '0');
        p += 2;
        return true;
    };
    int64_t h = 0, m = 0;
    if (!two(h)) return false;
    if (p < text.size() && text[p] == ':') {
        ++p;
        if (!two(m)) return false;
    } else {
        size_t save = p;
        if (!two(m)) p = save, m = 0;
    }
    if (h > 18 || m > 59) return false;
    secs = sign * (h * 3600 + m * 60);
    pos = p;
    return true;
}

/// Parses `text` with a compiled pattern into wall-clock fields. Simple (SimpleDateFormat, lenient):
/// spaces before a field are skipped, numbers are greedy unless the next field is numeric too, and
/// trailing text is ignored. Time (DateTimeFormatter, SMART): fixed widths for counts >= 2, ranges
/// checked, and the whole text must be consumed.
std::optional<Parsed> parseWith(const Pattern& p, std::string_view text, int currentYear) {
    if (!p.error.empty()) throw ExecutionError(p.error);
    const bool simple = p.dialect == Dialect::Simple;
    Parsed r;
    size_t pos = 0;
    for (size_t k = 0; k < p.items.size(); ++k) {
        const PatternItem& it = p.items[k];
        if (it.letter == 0) {
            if (text.compare(pos, it.literal.size(), it.literal) != 0 ||
                pos + it.literal.size() > text.size())
                return std::nullopt;
            pos += it.literal.size();
            continue;
        }
        if (simple)
            while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
        if (pos >= text.size()) return std::nullopt;
        const char c = it.letter;
        const bool nextNumeric = k + 1 < p.items.size() && p.items[k + 1].letter != 0 &&
                                 isNumericLetter(p.items[k + 1].letter, p.items[k + 1].count, p.dialect);
        if (isNumericLetter(c, it.count, p.dialect) && !(c == 'u' && !simple && false)) {
            // How many digits this field may take.
            size_t minDigits = 1, maxDigits = 19;
            if (simple) {
                if (nextNumeric) minDigits = maxDigits = static_cast<size_t>(it.count);
            } else if (c == 'S') {
                minDigits = maxDigits = static_cast<size_t>(it.count);
            } else if ((c == 'y' || c == 'u' || c == 'Y') && it.count != 2) {
                minDigits = static_cast<size_t>(it.count);
                // Adjacent value parsing: leave the fixed widths of the following numeric fields.
                size_t reserve = 0;
                for (size_t j = k + 1; j < p.items.size() && p.items[j].letter != 0 &&
                                       isNumericLetter(p.items[j].letter, p.items[j].count, p.dialect);
                     ++j)
                    reserve += static_cast<size_t>(p.items[j].count);
                size_t avail = 0;
                while (pos + avail < text.size() &&
                       std::isdigit(static_cast<unsigned char>(text[pos + avail])))
                    ++avail;
                if (reserve > 0)
                    maxDigits = avail >= reserve ? std::max(minDigits, avail - reserve) : minDigits;
            } else if (it.count >= 2) {
                minDigits = maxDigits = static_cast<size_t>(it.count);
            } else if (nextNumeric) {
                minDigits = maxDigits = 1;
            }
            bool negative = false;
            if (simple && text[pos] == '-' && (c == 'y' || c == 'Y')) {
                negative = true;
                ++pos;
            }
            size_t start = pos;
            int64_t v = 0;
            while (pos < text.size() && pos - start < maxDigits &&
                   std::isdigit(static_cast<unsigned char>(text[pos]))) {
                v = v * 10 + (text[pos] - '0');
                ++pos;
            }
            size_t digits = pos - start;
            if (digits < minDigits || digits == 0) return std::nullopt;
            if (negative) v = -v;
            switch (c) {
                case 'y':
                case 'u':
                case 'Y':
                    if (c == 'u' && simple) break;  // day number of week: parsed, not used
                    if (it.count == 2 && digits == 2 && !negative) {
                        if (simple) {
                            // SimpleDateFormat: within 80 years before and 20 after now.
                            int64_t base = currentYear - 80;
                            int64_t y = base / 100 * 100 + v;
                            if (y < base) y += 100;
                            v = y;
                        } else {
                            v += 2000;
                        }
                    }
                    r.year = v;
                    break;
                case 'M':
                case 'L':
                    r.month = v;
                    break;
                case 'd':
                    r.day = v;
                    break;
                case 'H':
                    r.hour = v;
                    break;
                case 'k':
                    r.hour = v == 24 ? 0 : v;
                    break;
                case 'h':
                    r.hour = v == 12 ? 0 : v;
                    r.hour12 = true;
                    break;
                case 'K':
                    r.hour = v;
                    r.hour12 = true;
                    break;
                case 'm':
                    r.minute = v;
                    break;
                case 's':
                    r.second = v;
                    break;
                case 'S':
                    if (simple) {
                        r.micros = v * 1000;  // a millisecond count: ".5" is 5 ms
                    } else {
                        int64_t f = v;
                        for (size_t d = digits; d < 6; ++d) f *= 10;
                        for (size_t d = digits; d > 6; --d) f /= 10;
                        r.micros = f;
                    }
                    break;
                case 'n':
                    r.micros = v / 1000;
                    break;
                case 'D':
                    r.month = 1;
                    r.day = v;
                    break;
                default:
                    break;  // w, W, F, A, N: parsed and ignored
            }
            continue;
        }
        switch (c) {
            case 'M':
            case 'L': {
                bool found = false;
                for (int m = 0; m < 12 && !found; ++m) {
                    std::string_view full = kMonths[m];
                    if ((it.count >= 4 || simple) && matchWord(text, pos, full, simple)) {
                        r.month = m + 1;
                        found = true;
                    } else if ((it.count == 3 || simple) && matchWord(text, pos, full.substr(0, 3), simple)) {
                        r.month = m + 1;
                        found = true;
                    }
                }
                if (!found) return std::nullopt;
                break;
            }
            case 'E': {
                bool found = false;
                for (int d = 0; d < 7 && !found; ++d) {
                    std::string_view full = kDays[d];
                    found = ((it.count >= 4 || simple) && matchWord(text, pos, full, simple)) ||
                            ((it.count <= 3 || simple) && matchWord(text, pos, full.substr(0, 3), simple));
                }
                if (!found) return std::nullopt;
                break;
            }
            case 'a':
                if (matchWord(text, pos, "AM", simple)) {
                    r.hasAmPm = true;
                } else if (matchWord(text, pos, "PM", simple)) {
                    r.hasAmPm = r.pm = true;
                } else {
                    return std::nullopt;
                }
                break;
            case 'G':
                if (!matchWord(text, pos, "AD", simple) && !matchWord(text, pos, "BC", simple))
                    return std::nullopt;
                break;
            case 'X':
            case 'x':
            case 'Z': {
                int64_t secs = 0;
                if (!parseOffset(text, pos, c != 'x', secs)) return std::nullopt;
                r.offsetSecs = secs;
                break;
            }
            case 'z':
            case 'V':
            case 'O': {
                int64_t secs = 0;
                if (matchWord(text, pos, "GMT", true) || matchWord(text, pos, "UTC", true)) {
                    if (!parseOffset(text, pos, false, secs)) secs = 0;
                    r.offsetSecs = secs;
                    break;
                }
                if (parseOffset(text, pos, false, secs)) {
                    r.offsetSecs = secs;
                    break;
                }
                size_t end = pos;
                while (end < text.size() &&
                       (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '/' ||
                        text[end] == '_' || text[end] == '-' || text[end] == '+'))
                    ++end;
                try {
                    r.parsedZone = TimeZone::fromName(std::string(text.substr(pos, end - pos)));
                } catch (const SluiceError&) {
                    return std::nullopt;
                }
                pos = end;
                break;
            }
            default:
                return std::nullopt;
        }
    }
    if (!simple && pos != text.size()) return std::nullopt;
    if (r.hour12 && r.pm) r.hour += 12;
    if (!simple) {
        // ResolverStyle.SMART: fields in range; a day past the month's end is clamped.
        if (r.month < 1 || r.month > 12 || r.day < 1 || r.day > 31 || r.hour > 23 || r.minute > 59 ||
            r.second > 59)
            return std::nullopt;
        static const int kLen[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        bool leap = (r.year % 4 == 0 && r.year % 100 != 0) || r.year % 400 == 0;
        int64_t len = kLen[r.month - 1] + (r.month == 2 && leap ? 1 : 0);
        if (r.day > len) r.day = len;
    }
    return r;
}

/// Wall-clock micros of parsed fields, normalizing out-of-range values as a lenient Calendar does.
int64_t localMicrosOf(const Parsed& r) {
    int64_t m0 = r.month - 1;
    int64_t y = r.year + floorDiv(m0, 12);
    int64_t m = floorMod(m0, 12) + 1;
    int64_t days = daysFromCivil(static_cast<int>(y), static_cast<unsigned>(m), 1) + (r.day - 1);
    return days * kMicrosPerDay + ((r.hour * 60 + r.minute) * 60 + r.second) * kMicrosPerSecond + r.micros;
}

/// The instant of parsed fields: a parsed offset or zone wins over `zone`.
int64_t instantOf(const Parsed& r, const TimeZone& zone) {
    int64_t local = localMicrosOf(r);
    if (r.offsetSecs) return local - *r.offsetSecs * kMicrosPerSecond;
    if (r.parsedZone) return r.parsedZone->toUtc(local);
    return zone.toUtc(local);
}

int currentYear() {
    int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    return fieldsOf(now).year;
}

/// Compiles constant patterns once; other patterns through a small per-kernel cache.
class PatternSource {
public:
    PatternSource(const ArgInfo* arg, Dialect dialect, std::string fallback = "")
        : dialect_(dialect), fallback_(std::move(fallback)) {
        if (!arg) {
            constant_ = std::make_shared<Pattern>(compilePattern(fallback_, dialect));
        } else if (arg->constant && !arg->constant->isNull()) {
            constant_ = std::make_shared<Pattern>(compilePattern(arg->constant->asString(), dialect));
        }
    }
    const Pattern& get(const Vector* v, size_t row) {
        if (constant_) return *constant_;
        std::string key(v->stringAt(row));
        auto it = cache_.find(key);
        if (it == cache_.end()) {
            if (cache_.size() > 64) cache_.clear();
            it = cache_.emplace(key, compilePattern(key, dialect_)).first;
        }
        return it->second;
    }

private:
    Dialect dialect_;
    std::string fallback_;
    std::shared_ptr<Pattern> constant_;
    std::unordered_map<std::string, Pattern> cache_;
};

bool anyNull(const std::vector<Vector>& args, size_t i) {
    for (const auto& a : args)
        if (a.isNull(i)) return true;
    return false;
}

/// Java's TimeZone.getTimeZone: the old three-letter ids, tz names and GMT offsets; anything
/// else silently becomes GMT.
TimeZone javaTimeZone(const std::string& id) {
    static const std::unordered_map<std::string, std::string> kShortIds = {
        {"ACT", "Australia/Darwin"},
        {"AET", "Australia/Sydney"},
        {"AGT", "America/Argentina/Buenos_Aires"},
        {"ART", "Africa/Cairo"},
        {"AST", "America/Anchorage"},
        {"BET", "America/Sao_Paulo"},
        {"BST", "Asia/Dhaka"},
        {"CAT", "Africa/Harare"},
        {"CNT", "America/St_Johns"},
        {"CST", "America/Chicago"},
        {"CTT", "Asia/Shanghai"},
        {"EAT", "Africa/Addis_Ababa"},
        {"ECT", "Europe/Paris"},
        {"IET", "America/Indiana/Indianapolis"},
        {"IST", "Asia/Kolkata"},
        {"JST", "Asia/Tokyo"},
        {"MIT", "Pacific/Apia"},
        {"NET", "Asia/Yerevan"},
        {"NST", "Pacific/Auckland"},
        {"PLT", "Asia/Karachi"},
        {"PNT", "America/Phoenix"},
        {"PRT", "America/Puerto_Rico"},
        {"PST", "America/Los_Angeles"},
        {"SST", "Pacific/Guadalcanal"},
        {"VST", "Asia/Ho_Chi_Minh"},
        {"EST", "-05:00"},
        {"MST", "-07:00"},
        {"HST", "-10:00"},
    };
    auto it = kShortIds.find(id);
    try {
        return TimeZone::fromName(it != kShortIds.end() ? it->second : id);
    } catch (const SluiceError&) {
        return TimeZone::fromName("GMT");
    }
}

// TO_TIMESTAMP(s) and TO_TIMESTAMP_LTZ(s): Flink's default formatter
// "yyyy-[MM][M]-[dd][d][ [HH][H]:[mm][m]:[ss][s][.fffffffff]]", the whole text, SMART resolving.
std::optional<int64_t> parseDefaultTimestamp(std::string_view s) {
    size_t pos = 0;
    auto num = [&](size_t minD, size_t maxD, int64_t& v) {
        size_t start = pos;
        v = 0;
        while (pos < s.size() && pos - start < maxD && std::isdigit(static_cast<unsigned char>(s[pos])))
            v = v * 10 + (s[pos++] - '0');
        return pos - start >= minD;
    };
    Parsed r;
    if (!num(4, 4, r.year) || pos >= s.size() || s[pos++] != '-' || !num(1, 2, r.month) || pos >= s.size() ||
        s[pos++] != '-' || !num(1, 2, r.day))
        return std::nullopt;
    if (pos < s.size()) {
        if (s[pos++] != ' ' || !num(1, 2, r.hour) || pos >= s.size() || s[pos++] != ':' ||
            !num(1, 2, r.minute) || pos >= s.size() || s[pos++] != ':' || !num(1, 2, r.second))
            return std::nullopt;
        if (pos < s.size() && s[pos] == '.') {
            ++pos;
            size_t start = pos;
            int64_t f = 0;
            if (!num(0, 9, f)) return std::nullopt;
            for (size_t d = pos - start; d < 6; ++d) f *= 10;
            for (size_t d = pos - start; d > 6; --d) f /= 10;
            r.micros = f;
        }
        if (pos != s.size()) return std::nullopt;
    }
    if (r.month < 1 || r.month > 12 || r.day < 1 || r.day > 31 || r.hour > 23 || r.minute > 59 ||
        r.second > 59)
        return std::nullopt;
    static const int kLen[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (r.year % 4 == 0 && r.year % 100 != 0) || r.year % 400 == 0;
    int64_t len = kLen[r.month - 1] + (r.month == 2 && leap ? 1 : 0);
    if (r.day > len) r.day = len;
    return localMicrosOf(r);
}

// java.sql.Timestamp.valueOf / java.sql.Date.valueOf: the fallback of Flink's formatted parse.
std::optional<int64_t> parseJdbcTimestamp(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    if (s.find(' ') == std::string_view::npos) {
        // Date.valueOf: yyyy-[m]m-[d]d
        if (s.size() > 10) return std::nullopt;
        return parseDefaultTimestamp(s);
    }
    return parseDefaultTimestamp(s);
}

// TO_TIMESTAMP(s, fmt): DateTimeFormatter, then the java.sql fallback; micros truncated to millis.
std::optional<int64_t> parseFormattedTimestamp(const Pattern& p, std::string_view s) {
    auto r = parseWith(p, s, 0);
    if (r) return floorDiv(localMicrosOf(*r), 1000) * 1000;
    auto v = parseJdbcTimestamp(s);
    if (v) return floorDiv(*v, 1000) * 1000;
    return std::nullopt;
}

// DateTimeUtils.parseDate(String): a lenient "y[-m[-d]]" with an optional time part, trimmed parts.
std::optional<int32_t> parseFlinkDate(std::string_view s) {
    size_t ws = s.find(' ');
    if (ws != std::string_view::npos && ws > 0) s = s.substr(0, ws);
    auto trimInt = [](std::string_view t, int64_t& v) {
        while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
        while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
        if (t.empty() || t.size() > 9) return false;
        v = 0;
        for (char c : t) {
            if (c < '0' || c > '9') return false;
            v = v * 10 + (c - '0');
        }
        return true;
    };
    int64_t y = 0, m = 1, d = 1;
    size_t h1 = s.find('-');
    if (h1 == std::string_view::npos) {
        if (!trimInt(s, y)) return std::nullopt;
    } else {
        if (!trimInt(s.substr(0, h1), y)) return std::nullopt;
        size_t h2 = s.find('-', h1 + 1);
        if (h2 == std::string_view::npos) {
            if (!trimInt(s.substr(h1 + 1), m)) return std::nullopt;
        } else if (!trimInt(s.substr(h1 + 1, h2 - h1 - 1), m) || !trimInt(s.substr(h2 + 1), d)) {
            return std::nullopt;
        }
    }
    static const int kLen[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1) return std::nullopt;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > kLen[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
    return daysFromCivil(static_cast<int>(y), static_cast<unsigned>(m), static_cast<unsigned>(d));
}

DataType stringArg(const DataType& t) {
    return DataType::string().withNullable(t.nullable);
}

bool allStrings(const std::vector<ArgInfo>& args, size_t from = 0) {
    for (size_t i = from; i < args.size(); ++i)
        if (!args[i].type.isString() && args[i].type.id != TypeId::Null) return false;
    return true;
}

bool anyNullable(const std::vector<ArgInfo>& args) {
    for (const auto& a : args)
        if (a.type.nullable) return true;
    return false;
}

std::vector<DataType> stringArgs(const std::vector<ArgInfo>& args) {
    std::vector<DataType> out;
    for (const auto& a : args) out.push_back(stringArg(a.type));
    return out;
}

const char* const kDefaultTimestampFormat = "yyyy-MM-dd HH:mm:ss";

// --- definitions --------------------------------------------------------------------------------

FunctionDefinition dateFormat() {
    FunctionDefinition d;
    d.name = "DATE_FORMAT";
    d.signatures = {"DATE_FORMAT(<TIMESTAMP>, <STRING>)", "DATE_FORMAT(<STRING>, <STRING>)"};
    d.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.size() != 2 || !allStrings(args, 1)) return std::nullopt;
        DataType t = args[0].type;
        bool fromString = t.isString();
        if (!fromString && !t.isTimestamp() && t.id != TypeId::Date) return std::nullopt;
        DataType in = fromString             ? stringArg(t)
                      : t.id == TypeId::Date ? DataType::timestamp(3).withNullable(t.nullable)
                                             : t;
        bool ltz = t.id == TypeId::TimestampLtz;
        // Timestamps go through DateTimeFormatter, strings through SimpleDateFormat (as Flink).
        auto pattern =
            std::make_shared<PatternSource>(&args[1], fromString ? Dialect::Simple : Dialect::Time);
        auto from = std::make_shared<PatternSource>(nullptr, Dialect::Simple, kDefaultTimestampFormat);
        Kernel k = [=](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext& ctx) {
            out.reserve(n);
            std::string buf;
            int year = fromString ? currentYear() : 0;
            for (size_t i = 0; i < n; ++i) {
                if (anyNull(v, i)) {
                    out.appendNull();
                    continue;
                }
                const Pattern& p = pattern->get(&v[1], i);
                buf.clear();
                if (fromString) {
                    auto r = parseWith(from->get(nullptr, 0), v[0].stringAt(i), year);
                    if (!r) {
                        out.appendNull();
                        continue;
                    }
                    int64_t utc = instantOf(*r, ctx.zone);
                    formatWith(buf, p, ctx.zone.toLocal(utc), &ctx.zone, utc);
                } else {
                    int64_t ts = v[0].data<int64_t>()[i];
                    formatWith(buf, p, ltz ? ctx.zone.toLocal(ts) : ts, nullptr, 0);
                }
                out.appendString(buf);
            }
        };
        return ResolvedFunction{DataType::string().withNullable(true), {in, stringArg(args[1].type)}, k};
    };
    return d;
}

FunctionDefinition toTimestamp() {
    FunctionDefinition d;
    d.name = "TO_TIMESTAMP";
    d.signatures = {"TO_TIMESTAMP(<STRING>)", "TO_TIMESTAMP(<STRING>, <STRING>)"};
    d.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.empty() || args.size() > 2 || !allStrings(args)) return std::nullopt;
        bool withFormat = args.size() == 2;
        auto pattern = std::make_shared<PatternSource>(withFormat ? &args[1] : nullptr, Dialect::Time,
                                                       kDefaultTimestampFormat);
        Kernel k = [=](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            out.resize(n);
            int64_t* r = out.data<int64_t>();
            for (size_t i = 0; i < n; ++i) {
                if (anyNull(v, i)) {
                    out.setNull(i);
                    continue;
                }
                std::optional<int64_t> ts;
                if (withFormat) {
                    ts = parseFormattedTimestamp(pattern->get(&v[1], i), v[0].stringAt(i));
                } else {
                    ts = parseDefaultTimestamp(v[0].stringAt(i));
                    if (ts) *ts = floorDiv(*ts, 1000) * 1000;  // precision 3 (FLINK-14925)
                }
                if (ts)
                    r[i] = *ts;
                else
                    out.setNull(i);
            }
        };
        return ResolvedFunction{DataType::timestamp(3).withNullable(true), stringArgs(args), k};
    };
    return d;
}

FunctionDefinition toDate() {
    FunctionDefinition d;
    d.name = "TO_DATE";
    d.signatures = {"TO_DATE(<STRING>)", "TO_DATE(<STRING>, <STRING>)"};
    d.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.empty() || args.size() > 2 || !allStrings(args)) return std::nullopt;
        bool withFormat = args.size() == 2;
        auto pattern =
            std::make_shared<PatternSource>(withFormat ? &args[1] : nullptr, Dialect::Simple, "yyyy-MM-dd");
        Kernel k = [=](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            out.resize(n);
            int32_t* r = out.data<int32_t>();
            int year = currentYear();
            for (size_t i = 0; i < n; ++i) {
                if (anyNull(v, i)) {
                    out.setNull(i);
                    continue;
                }
                if (!withFormat) {
                    auto dd = parseFlinkDate(v[0].stringAt(i));
                    if (dd)
                        r[i] = *dd;
                    else
                        out.setNull(i);
                    continue;
                }
                // SimpleDateFormat in UTC, then the date of that instant.
                auto p = parseWith(pattern->get(&v[1], i), v[0].stringAt(i), year);
                if (!p) {
                    out.setNull(i);
                    continue;
                }
                r[i] = static_cast<int32_t>(floorDiv(instantOf(*p, TimeZone::utc()), kMicrosPerDay));
            }
        };
        return ResolvedFunction{DataType::date().withNullable(true), stringArgs(args), k};
    };
    return d;
}

FunctionDefinition unixTimestamp() {
    FunctionDefinition d;
    d.name = "UNIX_TIMESTAMP";
    d.signatures = {"UNIX_TIMESTAMP()", "UNIX_TIMESTAMP(<STRING>)", "UNIX_TIMESTAMP(<STRING>, <STRING>)"};
    d.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.size() > 2 || !allStrings(args)) return std::nullopt;
        if (args.empty()) {
            Kernel k = [](const std::vector<Vector>&, size_t n, Vector& out, EvalContext& ctx) {
                int64_t now = ctx.queryStartMicros ? *ctx.queryStartMicros
                                                   : std::chrono::duration_cast<std::chrono::microseconds>(
                                                         std::chrono::system_clock::now().time_since_epoch())
                                                         .count();
                out.resize(n);
                int64_t* r = out.data<int64_t>();
                for (size_t i = 0; i < n; ++i) r[i] = now / kMicrosPerSecond;
            };
            return ResolvedFunction{DataType::bigint().withNullable(false), {}, k, false};
        }
        bool withFormat = args.size() == 2;
        auto pattern = std::make_shared<PatternSource>(withFormat ? &args[1] : nullptr, Dialect::Simple,
                                                       kDefaultTimestampFormat);
        Kernel k = [=](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext& ctx) {
            out.resize(n);
            int64_t* r = out.data<int64_t>();
            int year = currentYear();
            for (size_t i = 0; i < n; ++i) {
                if (anyNull(v, i)) {
                    out.setNull(i);
                    continue;
                }
                auto p = parseWith(pattern->get(withFormat ? &v[1] : nullptr, i), v[0].stringAt(i), year);
                // A parse failure is Long.MIN_VALUE; seconds truncate toward zero (Java's long division).
                r[i] = p ? instantOf(*p, ctx.zone) / 1000 / kMillisPerSecond : kLongMin;
            }
        };
        return ResolvedFunction{DataType::bigint().withNullable(anyNullable(args)), stringArgs(args), k};
    };
    return d;
}

FunctionDefinition fromUnixtime() {
    FunctionDefinition d;
    d.name = "FROM_UNIXTIME";
    d.signatures = {"FROM_UNIXTIME(<INTEGER>)", "FROM_UNIXTIME(<INTEGER>, <STRING>)"};
    d.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.empty() || args.size() > 2 || !allStrings(args, 1)) return std::nullopt;
        const DataType& t = args[0].type;
        if (!t.isNumeric() && t.id != TypeId::Null) return std::nullopt;
        bool withFormat = args.size() == 2;
        auto pattern = std::make_shared<PatternSource>(withFormat ? &args[1] : nullptr, Dialect::Simple,
                                                       kDefaultTimestampFormat);
        Kernel k = [=](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext& ctx) {
            out.reserve(n);
            std::string buf;
            const int64_t* secs = v[0].data<int64_t>();
            for (size_t i = 0; i < n; ++i) {
                if (anyNull(v, i)) {
                    out.appendNull();
                    continue;
                }
                int64_t utc = static_cast<int64_t>(static_cast<uint64_t>(secs[i]) * 1000000u);
                buf.clear();
                formatWith(buf, pattern->get(withFormat ? &v[1] : nullptr, i), ctx.zone.toLocal(utc),
                           &ctx.zone, utc);
                out.appendString(buf);
            }
        };
        std::vector<DataType> types = {DataType::bigint().withNullable(t.nullable)};
        if (withFormat) types.push_back(stringArg(args[1].type));
        return ResolvedFunction{DataType::string().withNullable(anyNullable(args)), types, k};
    };
    return d;
}

FunctionDefinition convertTz() {
    FunctionDefinition d;
    d.name = "CONVERT_TZ";
    d.signatures = {"CONVERT_TZ(<STRING>, <STRING>, <STRING>)"};
    d.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.size() != 3 || !allStrings(args)) return std::nullopt;
        auto pattern = std::make_shared<PatternSource>(nullptr, Dialect::Simple, kDefaultTimestampFormat);
        Kernel k = [=](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            out.reserve(n);
            std::string buf;
            int year = currentYear();
            for (size_t i = 0; i < n; ++i) {
                if (anyNull(v, i)) {
                    out.appendNull();
                    continue;
                }
                TimeZone from = javaTimeZone(std::string(v[1].stringAt(i)));
                TimeZone to = javaTimeZone(std::string(v[2].stringAt(i)));
                auto p = parseWith(pattern->get(nullptr, 0), v[0].stringAt(i), year);
                if (!p) {
                    out.appendNull();
                    continue;
                }
                int64_t utc = instantOf(*p, from);
                buf.clear();
                formatWith(buf, pattern->get(nullptr, 0), to.toLocal(utc), &to, utc);
                out.appendString(buf);
            }
        };
        return ResolvedFunction{DataType::string().withNullable(true), stringArgs(args), k};
    };
    return d;
}

}  // namespace

/// TO_TIMESTAMP_LTZ(string[, format[, zone]]) (Flink 2.0): the default format
/// "yyyy-MM-dd HH:mm:ss.SSS"-like parser or a DateTimeFormatter pattern, read as a wall time in
/// `zone` (UTC by default). Used by TO_TIMESTAMP_LTZ's resolver in temporal.cpp.
std::optional<ResolvedFunction> resolveToTimestampLtzString(const std::vector<ArgInfo>& args) {
    if (args.empty() || args.size() > 3 || !allStrings(args)) return std::nullopt;
    size_t nargs = args.size();
    auto pattern = std::make_shared<PatternSource>(nargs >= 2 ? &args[1] : nullptr, Dialect::Time,
                                                   "yyyy-MM-dd HH:mm:ss.SSS");
    Kernel k = [=](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
        out.resize(n);
        int64_t* r = out.data<int64_t>();
        for (size_t i = 0; i < n; ++i) {
            if (anyNull(v, i)) {
                out.setNull(i);
                continue;
            }
            std::optional<int64_t> local;
            if (nargs == 1) {
                local = parseDefaultTimestamp(v[0].stringAt(i));
                if (local) *local = floorDiv(*local, 1000) * 1000;
            } else {
                local = parseFormattedTimestamp(pattern->get(&v[1], i), v[0].stringAt(i));
            }
            if (!local) {
                out.setNull(i);
                continue;
            }
            if (nargs == 3) {
                TimeZone zone = TimeZone::utc();
                try {
                    zone = TimeZone::fromName(std::string(v[2].stringAt(i)));
                } catch (const SluiceError&) {
                    throw ExecutionError(
                        fmt::format("Invalid time zone '{}' in TO_TIMESTAMP_LTZ", v[2].stringAt(i)));
                }
                r[i] = zone.toUtc(*local);
            } else {
                r[i] = *local;
            }
        }
    };
    return ResolvedFunction{DataType::timestampLtz(3).withNullable(true), stringArgs(args), k};
}

void registerTemporalFormat(FunctionRegistry& registry) {
    registry.add(dateFormat());
    registry.add(toTimestamp());
    registry.add(toDate());
    registry.add(unixTimestamp());
    registry.add(fromUnixtime());
    registry.add(convertTz());
}

}  // namespace sluice::functions
