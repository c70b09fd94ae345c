#pragma once

#include <string>

#include "common/time_util.h"
#include "common/types.h"
#include "common/value.h"
#include "common/vector.h"

namespace sluice {

/// Text of one non-null value as Flink's CAST(x AS STRING) gives it (and so its print sink and SQL
/// client): TRUE/FALSE, Java's Double.toString, DECIMAL with its scale, timestamps with exactly
/// their precision's digits, TIMESTAMP_LTZ in `zone`.
void appendValueText(std::string& out, const Vector& v, size_t row, const TimeZone& zone);
std::string valueText(const Vector& v, size_t row, const TimeZone& zone);
std::string valueText(const Value& v, const DataType& type, const TimeZone& zone);

/// Java's Double.toString / Float.toString.
std::string javaDoubleString(double d);
std::string javaFloatString(float f);
/// The same text written into `buf` without allocating; returns its length (at most kJavaNumberChars).
constexpr size_t kJavaNumberChars = 32;
size_t writeJavaDouble(char* buf, double d);
size_t writeJavaFloat(char* buf, float f);
/// An unscaled DECIMAL as text with `scale` digits after the point.
std::string decimalString(Int128 unscaled, int scale);
/// Flink's interval text: "+1 00:00:00.000" (day-time millis) and "+1-00" (months).
std::string intervalDayTimeString(int64_t millis);
std::string intervalYearMonthString(int64_t months);

}  // namespace sluice
