#include "common/time_util.h"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "common/error.h"

namespace sluice {

int32_t daysFromCivil(int y, unsigned m, unsigned d) {
    // Howard Hinnant's days_from_civil.
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

void civilFromDays(int32_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += (m <= 2);
}

namespace {

int64_t floorDiv64(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int lastDayOfMonth(int y, unsigned m) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

}  // namespace

int32_t addMonths(int32_t epochDay, int32_t months) {
    int y;
    unsigned m, d;
    civilFromDays(epochDay, y, m, d);
    int64_t total = static_cast<int64_t>(y) * 12 + (m - 1) + months;
    int ny = static_cast<int>(floorDiv64(total, 12));
    unsigned nm = static_cast<unsigned>(total - static_cast<int64_t>(ny) * 12) + 1;
    unsigned last = static_cast<unsigned>(lastDayOfMonth(ny, nm));
    return daysFromCivil(ny, nm, d > last ? last : d);
}

int64_t addMonthsMicros(int64_t micros, int32_t months) {
    int64_t day = floorDiv64(micros, kMicrosPerDay);
    int64_t timeOfDay = micros - day * kMicrosPerDay;
    return static_cast<int64_t>(addMonths(static_cast<int32_t>(day), months)) * kMicrosPerDay + timeOfDay;
}

int32_t subtractMonths(int32_t d0, int32_t d1) {
    if (d0 < d1) return -subtractMonths(d1, d0);
    // Start with an estimate: no month has more than 31 days, so it is never too large.
    int32_t m = (d0 - d1) / 31;
    while (true) {
        if (addMonths(d1, m) >= d0) return m;
        if (addMonths(d1, m + 1) > d0) return m;
        ++m;
    }
}

int32_t subtractMonthsMicros(int64_t t0, int64_t t1) {
    int64_t ms0 = floorDiv64(t0, 1000), ms1 = floorDiv64(t1, 1000);
    int64_t millis0 = ms0 - floorDiv64(ms0, kMillisPerDay) * kMillisPerDay;
    int64_t millis1 = ms1 - floorDiv64(ms1, kMillisPerDay) * kMillisPerDay;
    int32_t d0 = static_cast<int32_t>(floorDiv64(ms0 - millis0, kMillisPerDay));
    int32_t d1 = static_cast<int32_t>(floorDiv64(ms1 - millis1, kMillisPerDay));
    int32_t x = subtractMonths(d0, d1);
    int32_t d2 = addMonths(d1, x);
    if (d2 == d0 && millis0 < millis1) --x;
    return x;
}

namespace {

// Reads 1..maxDigits digits at pos; returns -1 when there are none.
int64_t readNumber(std::string_view s, size_t& pos, int maxDigits, int* digits = nullptr) {
    int64_t v = 0;
    int n = 0;
    while (pos < s.size() && n < maxDigits && std::isdigit(static_cast<unsigned char>(s[pos]))) {
        v = v * 10 + (s[pos] - '0');
        ++pos;
        ++n;
    }
    if (digits) *digits = n;
    return n == 0 ? -1 : v;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool validDate(int64_t y, int64_t m, int64_t d) {
    if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

std::optional<int32_t> parseDatePart(std::string_view s, size_t& pos) {
    int64_t y = readNumber(s, pos, 4);
    if (y < 0 || pos >= s.size() || s[pos] != '-') return std::nullopt;
    ++pos;
    int64_t m = readNumber(s, pos, 2);
    if (m < 0 || pos >= s.size() || s[pos] != '-') return std::nullopt;
    ++pos;
    int64_t d = readNumber(s, pos, 2);
    if (!validDate(y, m, d)) return std::nullopt;
    return daysFromCivil(static_cast<int>(y), static_cast<unsigned>(m), static_cast<unsigned>(d));
}

// hh:mm[:ss[.fffffffff]] -> micros of day
std::optional<int64_t> parseTimePart(std::string_view s, size_t& pos) {
    int64_t h = readNumber(s, pos, 2);
    if (h < 0 || h > 23 || pos >= s.size() || s[pos] != ':') return std::nullopt;
    ++pos;
    int64_t mi = readNumber(s, pos, 2);
    if (mi < 0 || mi > 59) return std::nullopt;
    int64_t sec = 0, frac = 0;
    if (pos < s.size() && s[pos] == ':') {
        ++pos;
        sec = readNumber(s, pos, 2);
        if (sec < 0 || sec > 59) return std::nullopt;
        if (pos < s.size() && s[pos] == '.') {
            ++pos;
            int digits = 0;
            int64_t f = readNumber(s, pos, 9, &digits);
            if (f < 0) return std::nullopt;
            // Keep microseconds; digits beyond the sixth are dropped (int64 micros storage).
            while (digits < 6) {
                f *= 10;
                ++digits;
            }
            while (digits > 6) {
                f /= 10;
                --digits;
            }
            frac = f;
        }
    }
    return ((h * 60 + mi) * 60 + sec) * kMicrosPerSecond + frac;
}

}  // namespace

std::optional<int32_t> parseDate(std::string_view s) {
    s = trim(s);
    size_t pos = 0;
    auto d = parseDatePart(s, pos);
    if (!d || pos != s.size()) return std::nullopt;
    return d;
}

std::optional<int32_t> parseTimeMillis(std::string_view s) {
    s = trim(s);
    size_t pos = 0;
    auto t = parseTimePart(s, pos);
    if (!t || pos != s.size()) return std::nullopt;
    return static_cast<int32_t>(*t / 1000);
}

std::optional<int64_t> parseTimestampMicros(std::string_view s) {
    s = trim(s);
    size_t pos = 0;
    auto d = parseDatePart(s, pos);
    if (!d) return std::nullopt;
    int64_t micros = static_cast<int64_t>(*d) * kMicrosPerDay;
    if (pos == s.size()) return micros;
    if (s[pos] != ' ' && s[pos] != 'T') return std::nullopt;
    ++pos;
    auto t = parseTimePart(s, pos);
    if (!t || pos != s.size()) return std::nullopt;
    return micros + *t;
}

std::string formatDate(int32_t days) {
    int y;
    unsigned m, d;
    civilFromDays(days, y, m, d);
    return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

std::string formatTime(int32_t millis, int precision) {
    int32_t s = millis / 1000;
    std::string out = fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    if (precision > 0) {
        std::string frac = fmt::format("{:03}", millis % 1000);
        frac.resize(static_cast<size_t>(precision), '0');
        out += '.';
        out += frac;
    }
    return out;
}

namespace {

// Writes `value` as exactly `width` decimal digits (printing timestamps is on sinks' hot paths).
inline char* putDigits(char* p, int64_t value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        p[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return p + width;
}

}  // namespace

void appendTimestamp(std::string& out, int64_t micros, int precision) {
    int64_t days = micros / kMicrosPerDay;
    int64_t rem = micros % kMicrosPerDay;
    if (rem < 0) {
        rem += kMicrosPerDay;
        --days;
    }
    int y;
    unsigned m, d;
    civilFromDays(static_cast<int32_t>(days), y, m, d);
    int64_t secs = rem / kMicrosPerSecond;
    char buf[32];
    char* p = buf;
    if (y < 0) {
        *p++ = '-';
        y = -y;
    }
    p = putDigits(p, y, y > 9999 ? 5 : 4);
    *p++ = '-';
    p = putDigits(p, m, 2);
    *p++ = '-';
    p = putDigits(p, d, 2);
    *p++ = ' ';
    p = putDigits(p, secs / 3600, 2);
    *p++ = ':';
    p = putDigits(p, secs / 60 % 60, 2);
    *p++ = ':';
    p = putDigits(p, secs % 60, 2);
    if (precision > 0) {
        char frac[9];
        putDigits(frac, rem % kMicrosPerSecond, 6);
        frac[6] = frac[7] = frac[8] = '0';  // digits below the microsecond are not stored
        *p++ = '.';
        for (int i = 0; i < precision; ++i) *p++ = frac[i];
    }
    out.append(buf, p);
}

std::string formatTimestamp(int64_t micros, int precision) {
    std::string out;
    appendTimestamp(out, micros, precision);
    return out;
}

TimeZone TimeZone::utc() {
    TimeZone z;
    z.name_ = "UTC";
    return z;
}

TimeZone TimeZone::fromName(const std::string& rawName) {
    TimeZone z;
    std::string name = rawName;
    if (name == "default") {
        try {
            z.zone_ = date::current_zone();
            z.name_ = std::string(z.zone_->name());
            return z;
        } catch (const std::exception&) {
            return utc();
        }
    }
    z.name_ = name;
    if (name == "UTC" || name == "Z" || name == "GMT") return z;
    // Fixed offsets: "+08:00", "-05:30", "GMT+8", "UTC+08:00".
    std::string_view off = name;
    if (off.rfind("GMT", 0) == 0 || off.rfind("UTC", 0) == 0) off.remove_prefix(3);
    if (!off.empty() && (off[0] == '+' || off[0] == '-')) {
        int sign = off[0] == '-' ? -1 : 1;
        size_t pos = 1;
        int64_t h = readNumber(off, pos, 2), mi = 0;
        if (pos < off.size() && off[pos] == ':') {
            ++pos;
            mi = readNumber(off, pos, 2);
        }
        if (h >= 0 && h <= 18 && mi >= 0 && mi < 60 && pos == off.size()) {
            z.offsetMicros_ = sign * (h * 3600 + mi * 60) * kMicrosPerSecond;
            return z;
        }
    }
    try {
        z.zone_ = date::locate_zone(name);
    } catch (const std::exception&) {
        throw ValidationError(
            fmt::format("Invalid time zone '{}' for 'table.local-time-zone': use a zone id such as 'UTC', "
                        "'Asia/Shanghai' or 'America/Los_Angeles', a fixed offset such as '+08:00' or "
                        "'GMT+8', or 'default'",
                        rawName));
    }
    return z;
}

namespace {

// The system tzdata lists transitions up to 2037 only (later ones follow from a POSIX rule in the
// file that the date library does not apply), while java.time keeps applying the last rules. Times
// past 2037 are mapped back by whole 28-year cycles (10227 days = 1461 weeks: same weekdays, same
// leap years until 2100), where the transitions are listed.
constexpr int64_t kLastListedMicros = 2114380800LL * kMicrosPerSecond;  // 2037-01-01 00:00:00 UTC
constexpr int64_t kCycleMicros = 10227LL * kMicrosPerDay;

int64_t cycleShift(int64_t micros) {
    if (micros < kLastListedMicros) return 0;
    return ((micros - kLastListedMicros) / kCycleMicros + 1) * kCycleMicros;
}

}  // namespace

int64_t TimeZone::toLocal(int64_t utcMicros) const {
    if (!zone_) return utcMicros + offsetMicros_;
    if (int64_t shift = cycleShift(utcMicros)) return toLocal(utcMicros - shift) + shift;
    // Rows of a batch are usually close in time: remember, per thread, the span of the last offset
    // looked up (between two DST transitions) so most rows skip the tz database.
    thread_local const date::time_zone* cachedZone = nullptr;
    thread_local int64_t cachedBegin = 0, cachedEnd = 0, cachedOffset = 0;
    if (cachedZone == zone_ && utcMicros >= cachedBegin && utcMicros < cachedEnd)
        return utcMicros + cachedOffset;
    using namespace std::chrono;
    sys_seconds secs{seconds{utcMicros >= 0 ? utcMicros / kMicrosPerSecond
                                            : -((-utcMicros + kMicrosPerSecond - 1) / kMicrosPerSecond)}};
    auto info = zone_->get_info(secs);
    int64_t offset = duration_cast<microseconds>(info.offset).count();
    cachedZone = zone_;
    // Periods without a transition span "forever": clamp before scaling so nothing overflows.
    auto toMicros = [](int64_t seconds) {
        constexpr int64_t kLimit = 9'000'000'000'000LL;
        return std::clamp(seconds, -kLimit, kLimit) * kMicrosPerSecond;
    };
    cachedBegin = toMicros(info.begin.time_since_epoch().count());
    cachedEnd = toMicros(info.end.time_since_epoch().count());
    cachedOffset = offset;
    return utcMicros + offset;
}

std::string TimeZone::abbreviation(int64_t utcMicros) const {
    if (!zone_) {
        if (offsetMicros_ == 0) return name_ == "GMT" ? "GMT" : "UTC";
        int64_t mins = (offsetMicros_ < 0 ? -offsetMicros_ : offsetMicros_) / (60 * kMicrosPerSecond);
        return fmt::format("GMT{}{:02}:{:02}", offsetMicros_ < 0 ? '-' : '+', mins / 60, mins % 60);
    }
    if (int64_t shift = cycleShift(utcMicros)) return abbreviation(utcMicros - shift);
    using namespace std::chrono;
    int64_t floorSecs = utcMicros >= 0 ? utcMicros / kMicrosPerSecond
                                       : -((-utcMicros + kMicrosPerSecond - 1) / kMicrosPerSecond);
    return zone_->get_info(sys_seconds{seconds{floorSecs}}).abbrev;
}

int64_t TimeZone::toUtc(int64_t localMicros) const {
    if (!zone_) return localMicros - offsetMicros_;
    if (int64_t shift = cycleShift(localMicros)) return toUtc(localMicros - shift) + shift;
    using namespace std::chrono;
    int64_t floorSecs = localMicros >= 0 ? localMicros / kMicrosPerSecond
                                         : -((-localMicros + kMicrosPerSecond - 1) / kMicrosPerSecond);
    date::local_seconds ls{seconds{floorSecs}};
    auto info = zone_->get_info(ls);
    switch (info.result) {
        case date::local_info::unique:
        case date::local_info::ambiguous:  // earlier offset = first of the two
            return localMicros - duration_cast<microseconds>(info.first.offset).count();
        case date::local_info::nonexistent:
        default:
            // java.time shifts a gap time forward by the gap's length: use the offset before the gap.
            return localMicros - duration_cast<microseconds>(info.first.offset).count();
    }
}

}  // namespace sluice
