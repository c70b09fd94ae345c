#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace sluice {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400LL * kMicrosPerSecond;
constexpr int64_t kMillisPerDay = 86400LL * 1000;

/// Days since 1970-01-01 from a proleptic Gregorian date, and back.
int32_t daysFromCivil(int y, unsigned m, unsigned d);
void civilFromDays(int32_t days, int& y, unsigned& m, unsigned& d);

/// Flink's DateTimeUtils.addMonths: moves a date by whole months, clamping the day to the end of the
/// target month (2024-01-31 + 1 month = 2024-02-29).
int32_t addMonths(int32_t epochDay, int32_t months);
/// The same for a timestamp (micros since the epoch): the date part moves, the time of day stays.
int64_t addMonthsMicros(int64_t micros, int32_t months);
/// Flink's DateTimeUtils.subtractMonths: whole months from d1 to d0 (dates), and for timestamps
/// (micros, compared at millisecond precision as Flink does).
int32_t subtractMonths(int32_t d0, int32_t d1);
int32_t subtractMonthsMicros(int64_t t0, int64_t t1);

/// Parsers return nullopt on malformed text. Accepted forms follow Flink's casts from STRING:
/// DATE "yyyy-[m]m-[d]d"; TIME "hh:mm[:ss[.fff]]"; TIMESTAMP "yyyy-mm-dd[ |T]hh:mm[:ss[.f{1,9}]]" or a date.
std::optional<int32_t> parseDate(std::string_view s);
std::optional<int32_t> parseTimeMillis(std::string_view s);
std::optional<int64_t> parseTimestampMicros(std::string_view s);

/// "2024-01-31"
std::string formatDate(int32_t days);
/// "10:00:00" or with `precision` fractional digits.
std::string formatTime(int32_t millis, int precision);
/// "2024-01-31 10:00:00.123" with exactly `precision` fractional digits (0 = none), as Flink prints.
std::string formatTimestamp(int64_t micros, int precision);
/// Appends the same text to `out` (hot path: no allocation of its own).
void appendTimestamp(std::string& out, int64_t micros, int precision);

/// A session time zone: a tz-database zone or a fixed offset ("+08:00", "UTC").
class TimeZone {
public:
    /// Parses Flink's 'table.local-time-zone' values: "default" (this machine's zone), "UTC",
    /// "Area/City", "GMT+8", "+08:00". Throws ValidationError naming the value when unknown.
    static TimeZone fromName(const std::string& name);
    static TimeZone utc();

    const std::string& name() const { return name_; }
    /// Wall-clock micros in this zone for an instant.
    int64_t toLocal(int64_t utcMicros) const;
    /// The instant of a wall-clock time in this zone. In a DST gap the time is shifted forward by
    /// the gap; in an overlap the earlier instant is taken (java.time's rules, which Flink uses).
    int64_t toUtc(int64_t localMicros) const;
    /// The zone's UTC offset at an instant, in microseconds (toLocal(t) - t).
    int64_t offsetMicros(int64_t utcMicros) const { return toLocal(utcMicros) - utcMicros; }
    /// Java's short zone name at an instant, as SimpleDateFormat's 'z' prints it: the tz database
    /// abbreviation ("PST", "CEST"), "UTC", or "GMT+08:00" for a fixed offset.
    std::string abbreviation(int64_t utcMicros) const;
    bool isFixedOffset() const { return zone_ == nullptr; }

private:
    std::string name_;
    const date::time_zone* zone_ = nullptr;  // null: fixed offset
    int64_t offsetMicros_ = 0;
};

}  // namespace sluice
