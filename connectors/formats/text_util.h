#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/value.h"

namespace sluice::connectors {

/// Text conversions with Java's rules, shared by the formats and the print sink: Flink's formats go
/// through Jackson and java.time, and its print sink through Java's toString.

std::string_view trimWhitespace(std::string_view s);

/// java.math.BigDecimal.toString() (scientific when the adjusted exponent is below -6) or, when
/// `plain`, toPlainString(), of an unscaled value with `scale`.
std::string javaBigDecimalString(Int128 unscaled, int scale, bool plain = false);

/// java.time ISO_LOCAL_DATE: "2024-01-31".
void appendIsoDate(std::string& out, int32_t days);
/// java.time ISO_LOCAL_TIME of a time of day in micros: "10:00:00", "10:00:00.5" (fraction without
/// trailing zeros).
void appendIsoTime(std::string& out, int64_t microsOfDay);
/// ISO_LOCAL_DATE, `separator`, ISO_LOCAL_TIME: "2024-01-31 10:00:00.123" (Flink's SQL and ISO-8601
/// timestamp formats).
void appendIsoTimestamp(std::string& out, int64_t micros, char separator);

/// java.time toString forms, as Flink's print sink shows TIMESTAMP (LocalDateTime), TIME (LocalTime)
/// and TIMESTAMP_LTZ (Instant): "2024-01-31T10:00", "2024-01-31T10:00:00.123", "2024-01-31T10:00:00Z".
void appendJavaLocalTime(std::string& out, int64_t microsOfDay);
void appendJavaLocalDateTime(std::string& out, int64_t micros);
void appendJavaInstant(std::string& out, int64_t micros);

std::string base64Encode(std::string_view bytes);
std::optional<std::string> base64Decode(std::string_view text);

/// Java's Long.parseLong on exact text (no whitespace), with a range check.
bool parseJavaInteger(std::string_view s, int64_t min, int64_t max, int64_t& out);
/// Java's Double.parseDouble (surrounding whitespace allowed, NaN, Infinity, d/f suffixes).
bool parseJavaDouble(std::string_view s, double& out);
/// new BigDecimal(text), rounded HALF_UP to `scale`. Returns false on malformed text; sets `overflow`
/// when the value does not fit DECIMAL(precision, scale) (Flink then gives NULL).
bool parseJavaDecimal(std::string_view s, int precision, int scale, Int128& out, bool& overflow);

/// Floor division and modulo for time arithmetic on negative values.
inline int64_t floorDiv(int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
inline int64_t floorMod(int64_t a, int64_t b) {
    return a - floorDiv(a, b) * b;
}

}  // namespace sluice::connectors
