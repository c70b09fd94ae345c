// Temporal functions with Flink's semantics: TO_TIMESTAMP_LTZ, CURRENT_TIMESTAMP and friends,
// EXTRACT and YEAR..SECOND, FLOOR/CEIL(x TO unit), TIMESTAMPADD, TIMESTAMPDIFF. The text functions
// (DATE_FORMAT, TO_TIMESTAMP, ...) are in temporal_format.cpp.
//
// Storage: DATE int32 days, TIME int32 millis of the day, TIMESTAMP/TIMESTAMP_LTZ int64 micros since
// the epoch (precision 7-9 is kept at micros), intervals int32 months / int64 millis.
#include <fmt/format.h>

#include <chrono>
#include <cstring>

#include "common/time_util.h"
#include "functions/function_registry.h"
#include "functions/scalar/kernel_util.h"
#include "functions/scalar/math.h"
#include "functions/type_coercion.h"

namespace sluice::functions {

std::optional<ResolvedFunction> resolveToTimestampLtzString(const std::vector<ArgInfo>& args);
void registerTemporalFormat(FunctionRegistry& registry);

namespace {

constexpr int64_t kMicrosPerMilli = 1000;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr int64_t kMillisPerHour = 3600000;
constexpr int64_t kMillisPerMinute = 60000;

// '0000-01-01 00:00:00' and '9999-12-31 23:59:59.999' UTC: TO_TIMESTAMP_LTZ's valid range.
constexpr int64_t kMinEpochMillis = -62167219200000LL;
constexpr int64_t kMaxEpochMillis = 253402300799999LL;
constexpr int64_t kMinEpochSeconds = -62167219200LL;
constexpr int64_t kMaxEpochSeconds = 253402300799LL;

int64_t floorDiv(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
int64_t floorMod(int64_t a, int64_t b) {
    return a - floorDiv(a, b) * b;
}

enum class Unit {
    Year,
    Quarter,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Millisecond,
    Microsecond,
    Nanosecond,
    Dow,
    Doy,
    IsoDow,
    IsoYear,
    Epoch,
    Decade,
    Century,
    Millennium,
};

std::optional<Unit> unitOf(std::string name) {
    if (name.rfind("SQL_TSI_", 0) == 0) name = name.substr(8);
    static const std::pair<const char*, Unit> kUnits[] = {
        {"YEAR", Unit::Year},
        {"QUARTER", Unit::Quarter},
        {"MONTH", Unit::Month},
        {"WEEK", Unit::Week},
        {"DAY", Unit::Day},
        {"HOUR", Unit::Hour},
        {"MINUTE", Unit::Minute},
        {"SECOND", Unit::Second},
        {"MILLISECOND", Unit::Millisecond},
        {"MICROSECOND", Unit::Microsecond},
        {"NANOSECOND", Unit::Nanosecond},
        {"DOW", Unit::Dow},
        {"DOY", Unit::Doy},
        {"ISODOW", Unit::IsoDow},
        {"ISOYEAR", Unit::IsoYear},
        {"EPOCH", Unit::Epoch},
        {"DECADE", Unit::Decade},
        {"CENTURY", Unit::Century},
        {"MILLENNIUM", Unit::Millennium},
        {"FRAC_SECOND", Unit::Microsecond},
    };
    for (const auto& [n, u] : kUnits)
        if (name == n) return u;
    return std::nullopt;
}

bool isDateUnit(Unit u) {
    switch (u) {
        case Unit::Year:
        case Unit::Quarter:
        case Unit::Month:
        case Unit::Week:
        case Unit::Day:
        case Unit::Dow:
        case Unit::Doy:
        case Unit::IsoDow:
        case Unit::IsoYear:
        case Unit::Decade:
        case Unit::Century:
        case Unit::Millennium:
            return true;
        default:
            return false;
    }
}

int64_t nowMicros(const EvalContext& ctx) {
    if (ctx.queryStartMicros) return *ctx.queryStartMicros;
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

int isoDayOfWeek(int64_t epochDay) {
    return static_cast<int>(floorMod(epochDay + 3, 7)) + 1;
}  // 1 = Monday

// ISO-8601 week number and week-based year: the week (Monday-Sunday) belongs to the year of its
// Thursday.
int isoWeek(int64_t epochDay, int* isoYear) {
    int64_t thursday = epochDay - (isoDayOfWeek(epochDay) - 1) + 3;
    int y;
    unsigned m, d;
    civilFromDays(static_cast<int32_t>(thursday), y, m, d);
    if (isoYear) *isoYear = y;
    return static_cast<int>((thursday - daysFromCivil(y, 1, 1)) / 7) + 1;
}

// Date parts of an epoch day (Flink's julianExtract).
int64_t extractFromDay(Unit u, int64_t epochDay) {
    int y;
    unsigned m, d;
    civilFromDays(static_cast<int32_t>(epochDay), y, m, d);
    switch (u) {
        case Unit::Year:
            return y;
        case Unit::Quarter:
            return (m + 2) / 3;
        case Unit::Month:
            return m;
        case Unit::Day:
            return d;
        case Unit::Dow:
            return isoDayOfWeek(epochDay) % 7 + 1;  // Sunday = 1
        case Unit::IsoDow:
            return isoDayOfWeek(epochDay);
        case Unit::Doy:
            return epochDay - daysFromCivil(y, 1, 1) + 1;
        case Unit::Week:
            return isoWeek(epochDay, nullptr);
        case Unit::IsoYear: {
            int iy = y;
            isoWeek(epochDay, &iy);
            return iy;
        }
        case Unit::Decade:
            return y / 10;
        case Unit::Century:
            return y > 0 ? (y + 99) / 100 : (y - 99) / 100;
        case Unit::Millennium:
            return y > 0 ? (y + 999) / 1000 : (y - 999) / 1000;
        default:
            return 0;
    }
}

// Any unit of a wall-clock timestamp in micros (Flink's convertExtract).
int64_t extractFromWall(Unit u, int64_t wall) {
    if (isDateUnit(u)) return extractFromDay(u, floorDiv(wall, kMicrosPerDay));
    int64_t ofDay = floorMod(wall, kMicrosPerDay);
    switch (u) {
        case Unit::Hour:
            return ofDay / kMicrosPerHour;
        case Unit::Minute:
            return ofDay / kMicrosPerMinute % 60;
        case Unit::Second:
            return ofDay / kMicrosPerSecond % 60;
        case Unit::Millisecond:
            return ofDay / kMicrosPerMilli % 1000;
        case Unit::Microsecond:
            return ofDay % kMicrosPerSecond;
        case Unit::Nanosecond:
            return ofDay % kMicrosPerSecond * 1000;
        case Unit::Epoch:
            return floorDiv(wall, kMicrosPerMilli) / 1000;
        default:
            return 0;
    }
}

bool isIntegerType(const DataType& t) {
    return t.isInteger();
}

// Marks out[i] null where `a` is null (propagateNulls without copying the argument vectors).
void mergeNulls(const Vector& a, size_t n, Vector& out) {
    if (!a.hasNulls()) return;
    uint8_t* on = out.mutableNulls();
    const uint8_t* an = a.nulls();
    for (size_t i = 0; i < n; ++i) on[i] |= an[i];
}

/// Java's (long) cast of a double: NaN is 0, out-of-range values saturate.
int64_t javaDoubleToLong(double d) {
    if (d != d) return 0;
    if (d >= 9.2233720368547758e18) return std::numeric_limits<int64_t>::max();
    if (d <= -9.2233720368547758e18) return std::numeric_limits<int64_t>::min();
    return static_cast<int64_t>(d);
}

std::string precisionError(int64_t precision) {
    return fmt::format(
        "The precision value '{}' for function TO_TIMESTAMP_LTZ(numeric, precision) is unsupported, the "
        "supported "
        "value is '0' for second or '3' for millisecond.",
        precision);
}

// --- TO_TIMESTAMP_LTZ(numeric[, precision]) -------------------------------------------------------

// Epoch millis (already range-checked or not) into LTZ micros, NULL outside 0000-9999.
inline void storeMillis(int64_t ms, size_t i, int64_t* r, Vector& out) {
    if (ms < kMinEpochMillis || ms > kMaxEpochMillis)
        out.setNull(i);
    else
        r[i] = ms * kMicrosPerMilli;
}

template <class T>
void integerToLtz(const Vector& in, const Vector* precisionVec, int constPrecision, size_t n, Vector& out) {
    out.resize(n);
    const T* x = in.data<T>();
    int64_t* r = out.data<int64_t>();
    const uint8_t* nulls = in.nulls();
    if (!precisionVec && constPrecision == 3) {
        // The hot path (BIGINT millis): a multiply, then a rare fix-up pass for out-of-range values.
        bool outside = false;
        for (size_t i = 0; i < n; ++i) {
            int64_t v = static_cast<int64_t>(x[i]);
            r[i] = v * kMicrosPerMilli;
            outside |= (v < kMinEpochMillis) | (v > kMaxEpochMillis);
        }
        if (nulls) std::memcpy(out.mutableNulls(), nulls, n);
        if (outside)
            for (size_t i = 0; i < n; ++i) {
                int64_t v = static_cast<int64_t>(x[i]);
                if (v < kMinEpochMillis || v > kMaxEpochMillis) out.setNull(i);
            }
        return;
    }
    if (nulls) std::memcpy(out.mutableNulls(), nulls, n);
    for (size_t i = 0; i < n; ++i) {
        if (nulls && nulls[i]) continue;
        int64_t precision = constPrecision;
        if (precisionVec) {
            if (precisionVec->isNull(i)) {
                out.setNull(i);
                continue;
            }
            precision = precisionVec->data<int32_t>()[i];
        }
        int64_t v = static_cast<int64_t>(x[i]);
        if (precision == 0) {
            if (v < kMinEpochSeconds || v > kMaxEpochSeconds)
                out.setNull(i);
            else
                r[i] = v * kMicrosPerSecond;
        } else if (precision == 3) {
            storeMillis(v, i, r, out);
        } else {
            throw ExecutionError(precisionError(precision));
        }
    }
}

std::optional<ResolvedFunction> resolveToTimestampLtz(const std::vector<ArgInfo>& args) {
    if (args.empty() || args.size() > 3) return std::nullopt;
    if (args[0].type.isString() || (args.size() >= 2 && args[1].type.isString()))
        return resolveToTimestampLtzString(args);
    if (args.size() > 2) return std::nullopt;
    DataType in = args[0].type;
    if (in.id == TypeId::Null) in = DataType::bigint();
    if (!in.isNumeric()) return std::nullopt;
    int constPrecision = 3;
    bool precisionArg = args.size() == 2;
    if (precisionArg) {
        const ArgInfo& p = args[1];
        if (!isIntegerType(p.type) && p.type.id != TypeId::Null) return std::nullopt;
        if (p.constant) {
            if (p.constant->isNull()) {
                precisionArg = false;  // a NULL precision gives NULL: handled by the constant vector
            } else {
                int64_t v = p.constant->asInt();
                if (v != 0 && v != 3) throw ValidationError(precisionError(v));
                constPrecision = static_cast<int>(v);
            }
        }
    }
    const bool varying = precisionArg && !args[1].constant;
    const bool nullPrecision = args.size() == 2 && args[1].constant && args[1].constant->isNull();
    // Float arguments take Java's long conversions; TINYINT/SMALLINT/INT/BIGINT are exact.
    DataType kernelIn = in;
    if (in.id == TypeId::Float) kernelIn = DataType::doubleType().withNullable(in.nullable);
    TypeId id = kernelIn.id;
    int scale = in.scale;
    bool isFloat = in.id == TypeId::Float;
    Kernel k = [=](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
        const Vector* pv = varying ? &v[1] : nullptr;
        if (nullPrecision) {
            out.resize(n);
            uint8_t* on = out.mutableNulls();
            std::memset(on, 1, n);
            return;
        }
        switch (id) {
            case TypeId::TinyInt:
                return integerToLtz<int8_t>(v[0], pv, constPrecision, n, out);
            case TypeId::SmallInt:
                return integerToLtz<int16_t>(v[0], pv, constPrecision, n, out);
            case TypeId::Int:
                return integerToLtz<int32_t>(v[0], pv, constPrecision, n, out);
            case TypeId::BigInt:
                return integerToLtz<int64_t>(v[0], pv, constPrecision, n, out);
            default:
                break;
        }
        out.resize(n);
        int64_t* r = out.data<int64_t>();
        mergeNulls(v[0], n, out);
        if (pv) mergeNulls(*pv, n, out);
        const uint8_t* nulls = out.nulls();
        for (size_t i = 0; i < n; ++i) {
            if (nulls && nulls[i]) continue;
            int64_t precision = pv ? pv->data<int32_t>()[i] : constPrecision;
            if (precision != 0 && precision != 3) throw ExecutionError(precisionError(precision));
            if (id == TypeId::Double) {
                double d = v[0].data<double>()[i];
                if (isFloat) {
                    // Flink's eval(Float): value.longValue(), then the integer rules.
                    int64_t l = javaDoubleToLong(d);
                    if (precision == 0) {
                        if (l < kMinEpochSeconds || l > kMaxEpochSeconds)
                            out.setNull(i);
                        else
                            r[i] = l * kMicrosPerSecond;
                    } else {
                        storeMillis(l, i, r, out);
                    }
                } else if (precision == 0) {
                    if (!(kMinEpochSeconds <= d && d <= kMaxEpochSeconds))
                        out.setNull(i);
                    else
                        storeMillis(javaDoubleToLong(d * 1000), i, r, out);
                } else {
                    storeMillis(javaDoubleToLong(d), i, r, out);
                }
            } else {
                // DECIMAL: the integral part (RoundingMode.DOWN), in seconds or millis.
                Int128 whole = v[0].data<Int128>()[i] / pow10i(scale);
                int64_t l = static_cast<int64_t>(whole);
                if (precision == 0) l = static_cast<int64_t>(static_cast<uint64_t>(l) * 1000u);
                storeMillis(l, i, r, out);
            }
        }
    };
    std::vector<DataType> types = {kernelIn};
    if (args.size() == 2)
        types.push_back(args[1].type.id == TypeId::Null
                            ? DataType::integer()
                            : DataType::integer().withNullable(args[1].type.nullable));
    return ResolvedFunction{DataType::timestampLtz(3).withNullable(true), types, k};
}

// --- CURRENT_TIMESTAMP and friends ----------------------------------------------------------------

enum class Now { Timestamp, LocalTimestamp, Date, Time };

FunctionDefinition nowFunction(const std::string& name, Now kind, bool parentheses) {
    FunctionDefinition d;
    d.name = name;
    d.signatures = {parentheses ? name + "()" : name};
    d.resolve = [kind](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (!args.empty()) return std::nullopt;
        DataType t = kind == Now::Timestamp        ? DataType::timestampLtz(3)
                     : kind == Now::LocalTimestamp ? DataType::timestamp(3)
                     : kind == Now::Date           ? DataType::date()
                                                   : DataType::time(0);
        Kernel k = [kind](const std::vector<Vector>&, size_t n, Vector& out, EvalContext& ctx) {
            int64_t now = floorDiv(nowMicros(ctx), kMicrosPerMilli) * kMicrosPerMilli;
            out.resize(n);
            if (kind == Now::Timestamp || kind == Now::LocalTimestamp) {
                int64_t v = kind == Now::Timestamp ? now : ctx.zone.toLocal(now);
                int64_t* r = out.data<int64_t>();
                for (size_t i = 0; i < n; ++i) r[i] = v;
                return;
            }
            int64_t local = ctx.zone.toLocal(now);
            int32_t v = kind == Now::Date
                            ? static_cast<int32_t>(floorDiv(local, kMicrosPerDay))
                            : static_cast<int32_t>(floorMod(local, kMicrosPerDay) / kMicrosPerSecond * 1000);
            int32_t* r = out.data<int32_t>();
            for (size_t i = 0; i < n; ++i) r[i] = v;
        };
        return ResolvedFunction{t.withNullable(false), {}, k, false};
    };
    return d;
}

// --- EXTRACT, YEAR ... SECOND ---------------------------------------------------------------------

std::optional<ResolvedFunction> resolveExtract(Unit u, const std::string& unitName, const DataType& t) {
    if (t.id == TypeId::Time && isDateUnit(u))
        throw ValidationError(fmt::format("unit {} can not be applied to time variable", unitName));
    if (t.id == TypeId::IntervalYearMonth && u != Unit::Year && u != Unit::Month && u != Unit::Quarter)
        throw ValidationError(fmt::format("unit {} can not be applied to interval year to month", unitName));
    if (t.id == TypeId::IntervalDayTime && (isDateUnit(u) && u != Unit::Day))
        throw ValidationError(fmt::format("unit {} can not be applied to interval day to second", unitName));
    if (!t.isTimestamp() && t.id != TypeId::Date && t.id != TypeId::Time && !t.isInterval())
        return std::nullopt;
    TypeId id = t.id;
    Kernel k = [u, id](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext& ctx) {
        const Vector& x = v.back();
        out.resize(n);
        int64_t* r = out.data<int64_t>();
        const uint8_t* nulls = x.nulls();
        for (size_t i = 0; i < n; ++i) {
            if (nulls && nulls[i]) continue;
            switch (id) {
                case TypeId::Date: {
                    int64_t day = x.data<int32_t>()[i];
                    r[i] = u == Unit::Epoch ? day * 86400 : extractFromWall(u, day * kMicrosPerDay);
                    break;
                }
                case TypeId::Timestamp:
                    r[i] = extractFromWall(u, x.data<int64_t>()[i]);
                    break;
                case TypeId::TimestampLtz:
                    r[i] = extractFromWall(u, ctx.zone.toLocal(x.data<int64_t>()[i]));
                    break;
                case TypeId::Time:
                    r[i] = extractFromWall(u, static_cast<int64_t>(x.data<int32_t>()[i]) * kMicrosPerMilli);
                    break;
                case TypeId::IntervalYearMonth: {
                    int64_t m = x.data<int32_t>()[i];  // Java's % and /: signs follow the interval
                    r[i] = u == Unit::Year ? m / 12 : u == Unit::Month ? m % 12 : (m % 12 + 2) / 3;
                    break;
                }
                default: {
                    int64_t ms = x.data<int64_t>()[i];
                    switch (u) {
                        case Unit::Day:
                            r[i] = ms / kMillisPerDay;
                            break;
                        case Unit::Hour:
                            r[i] = ms % kMillisPerDay / kMillisPerHour;
                            break;
                        case Unit::Minute:
                            r[i] = ms % kMillisPerHour / kMillisPerMinute;
                            break;
                        case Unit::Second:
                            r[i] = ms % kMillisPerMinute / 1000;
                            break;
                        case Unit::Millisecond:
                            r[i] = ms % 1000;
                            break;
                        case Unit::Epoch:
                            r[i] = ms / 1000;
                            break;
                        default:
                            r[i] = 0;
                    }
                }
            }
        }
        if (nulls) std::memcpy(out.mutableNulls(), nulls, n);
    };
    return ResolvedFunction{DataType::bigint().withNullable(t.nullable), {}, k};
}

FunctionDefinition extractFunction() {
    FunctionDefinition d;
    d.name = "EXTRACT";
    d.signatures = {"EXTRACT(<TIME_UNIT> FROM <DATETIME>)", "EXTRACT(<TIME_UNIT> FROM <INTERVAL>)"};
    d.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.size() != 2 || args[0].symbol.empty()) return std::nullopt;
        auto u = unitOf(args[0].symbol);
        if (!u) throw ValidationError(fmt::format("'{}' is not a valid time frame", args[0].symbol));
        auto r = resolveExtract(*u, args[0].symbol, args[1].type);
        if (r) r->argTypes = {args[0].type, args[1].type};
        return r;
    };
    return d;
}

FunctionDefinition extractAlias(const std::string& name, Unit u, bool timeOfDay) {
    FunctionDefinition d;
    d.name = name;
    d.signatures = {name + (timeOfDay ? "(<TIMESTAMP>)" : "(<DATE>)")};
    d.resolve = [u, name, timeOfDay](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.size() != 1) return std::nullopt;
        const DataType& t = args[0].type;
        bool ok = t.isTimestamp() || (timeOfDay ? t.id == TypeId::Time : t.id == TypeId::Date);
        if (!ok) return std::nullopt;
        auto r = resolveExtract(u, name, t);
        if (r) r->argTypes = {t};
        return r;
    };
    return d;
}

// --- FLOOR / CEIL (x TO unit) ---------------------------------------------------------------------

// Flink's julianDateFloor: the start (floor) or the next start (ceil) of the unit holding a day.
// Its ceil compares only the day fields, so CEIL('2020-03-01 10:00' TO MONTH) is 2020-03-01.
int64_t dateFloorCeil(Unit u, int64_t epochDay, bool floor) {
    int y;
    unsigned m, d;
    civilFromDays(static_cast<int32_t>(epochDay), y, m, d);
    auto ymd = [](int64_t yy, int64_t mm, int64_t dd) {
        // Months past 12 roll into the next year, as Java's ymdToJulian does.
        yy += floorDiv(mm - 1, 12);
        mm = floorMod(mm - 1, 12) + 1;
        return static_cast<int64_t>(daysFromCivil(static_cast<int>(yy), static_cast<unsigned>(mm), 1)) + dd -
               1;
    };
    switch (u) {
        case Unit::Millennium:
            return floor ? ymd(1000 * ((y + 999) / 1000) - 999, 1, 1)
                         : ymd(1000 * ((y + 999) / 1000) + 1, 1, 1);
        case Unit::Century:
            return floor ? ymd(100 * ((y + 99) / 100) - 99, 1, 1) : ymd(100 * ((y + 99) / 100) + 1, 1, 1);
        case Unit::Decade:
            return floor ? ymd(10 * (y / 10), 1, 1) : ymd(10 * (1 + y / 10), 1, 1);
        case Unit::Year:
            return ymd(!floor && (m > 1 || d > 1) ? y + 1 : y, 1, 1);
        case Unit::Month:
            return ymd(y, !floor && d > 1 ? m + 1 : m, 1);
        case Unit::Quarter: {
            int64_t q = (m + 2) / 3;
            if (!floor && (m > 1 || d > 1)) ++q;
            return ymd(y, q * 3 - 2, 1);
        }
        case Unit::Week: {
            int64_t offset = isoDayOfWeek(epochDay) % 7;  // Sunday = 0
            if (!floor && offset > 0) offset -= 7;
            return epochDay - offset;
        }
        default:
            return floor ? epochDay : epochDay + 1;
    }
}

int64_t floorTo(int64_t v, int64_t unit) {
    return floorDiv(v, unit) * unit;
}
int64_t ceilTo(int64_t v, int64_t unit) {
    return -floorDiv(-v, unit) * unit;
}

int64_t unitMicros(Unit u) {
    switch (u) {
        case Unit::Day:
            return kMicrosPerDay;
        case Unit::Hour:
            return kMicrosPerHour;
        case Unit::Minute:
            return kMicrosPerMinute;
        case Unit::Second:
            return kMicrosPerSecond;
        case Unit::Millisecond:
            return kMicrosPerMilli;
        case Unit::Microsecond:
            return 1;
        default:
            return 0;
    }
}

}  // namespace

/// FLOOR/CEIL(x TO unit) over DATE, TIME, TIMESTAMP and TIMESTAMP_LTZ (the session zone's
/// wall clock, with the offset at the value's instant as Flink's timestampFloor/Ceil). For the
/// FLOOR/CEIL definitions: numeric FLOOR(x) / CEIL(x) belong to the math family.
std::optional<ResolvedFunction> resolveTemporalFloorCeil(bool ceil, const std::vector<ArgInfo>& args) {
    if (args.size() != 2 || args[1].symbol.empty()) return std::nullopt;
    auto u = unitOf(args[1].symbol);
    const DataType& t = args[0].type;
    if (!u || (!t.isTimestamp() && t.id != TypeId::Date && t.id != TypeId::Time)) return std::nullopt;
    Unit unit = *u;
    bool calendar = unit == Unit::Week || unit == Unit::Month || unit == Unit::Quarter ||
                    unit == Unit::Year || unit == Unit::Decade || unit == Unit::Century ||
                    unit == Unit::Millennium;
    if (!calendar && unitMicros(unit) == 0)
        throw ValidationError(fmt::format("FLOOR/CEIL does not support the unit {}", args[1].symbol));
    if (t.id == TypeId::Time && (calendar || unit == Unit::Day))
        throw ValidationError(fmt::format("unit {} can not be applied to time variable", args[1].symbol));
    TypeId id = t.id;
    Kernel k = [=](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext& ctx) {
        const Vector& x = v[0];
        out.resize(n);
        const uint8_t* nulls = x.nulls();
        if (id == TypeId::Date) {
            const int32_t* in = x.data<int32_t>();
            int32_t* r = out.data<int32_t>();
            for (size_t i = 0; i < n; ++i)
                r[i] = calendar ? static_cast<int32_t>(dateFloorCeil(unit, in[i], !ceil)) : in[i];
        } else if (id == TypeId::Time) {
            const int32_t* in = x.data<int32_t>();
            int32_t* r = out.data<int32_t>();
            int64_t ms = unitMicros(unit) / kMicrosPerMilli;
            for (size_t i = 0; i < n; ++i)
                r[i] = ms <= 1 ? in[i] : static_cast<int32_t>(ceil ? ceilTo(in[i], ms) : floorTo(in[i], ms));
        } else {
            const int64_t* in = x.data<int64_t>();
            int64_t* r = out.data<int64_t>();
            bool ltz = id == TypeId::TimestampLtz;
            int64_t step = unitMicros(unit);
            for (size_t i = 0; i < n; ++i) {
                if (nulls && nulls[i]) continue;
                int64_t offset = ltz ? ctx.zone.offsetMicros(in[i]) : 0;
                int64_t local = in[i] + offset;
                int64_t res = calendar
                                  ? dateFloorCeil(unit, floorDiv(local, kMicrosPerDay), !ceil) * kMicrosPerDay
                                  : (ceil ? ceilTo(local, step) : floorTo(local, step));
                r[i] = res - offset;
            }
        }
        if (nulls) std::memcpy(out.mutableNulls(), nulls, n);
    };
    return ResolvedFunction{t, {t, args[1].type}, k};
}

namespace {

FunctionDefinition floorCeil(const std::string& name, const std::string& shown, bool ceil) {
    FunctionDefinition d;
    d.name = name;
    d.signatures = {shown + "(<DATETIME> TO <TIME_UNIT>)"};
    d.resolve = [ceil](const std::vector<ArgInfo>& args) { return resolveTemporalFloorCeil(ceil, args); };
    return d;
}

// --- TIMESTAMPADD / TIMESTAMPDIFF -----------------------------------------------------------------

// Months per unit for the year-month units, 0 otherwise.
int monthsOf(Unit u) {
    return u == Unit::Year ? 12 : u == Unit::Quarter ? 3 : u == Unit::Month ? 1 : 0;
}

int64_t dayTimeMicros(Unit u) {
    return u == Unit::Week ? 7 * kMicrosPerDay : unitMicros(u);
}

FunctionDefinition timestampAdd() {
    FunctionDefinition d;
    d.name = "TIMESTAMPADD";
    d.signatures = {"TIMESTAMPADD(<TIME_UNIT>, <INTEGER>, <DATETIME>)"};
    d.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.size() != 3 || args[0].symbol.empty()) return std::nullopt;
        auto u = unitOf(args[0].symbol);
        const DataType& t = args[2].type;
        if (!u || (!args[1].type.isInteger() && args[1].type.id != TypeId::Null) ||
            (!t.isTimestamp() && t.id != TypeId::Date && t.id != TypeId::Time))
            return std::nullopt;
        Unit unit = *u;
        int months = monthsOf(unit);
        int64_t step = dayTimeMicros(unit);
        if (months == 0 && step == 0)
            throw ValidationError(fmt::format("TIMESTAMPADD does not support the unit {}", args[0].symbol));
        bool nullable = args[1].type.nullable || t.nullable;
        // Result types: Flink's SqlTimestampAddFunction.deduceType.
        DataType result = t;
        if (unit == Unit::Millisecond && t.id != TypeId::Time)
            result = DataType(t.id == TypeId::TimestampLtz ? TypeId::TimestampLtz : TypeId::Timestamp,
                              std::max(3, t.isTimestamp() ? t.precision : 0));
        else if (unit == Unit::Microsecond && t.id != TypeId::Time)
            result = DataType(t.id == TypeId::TimestampLtz ? TypeId::TimestampLtz : TypeId::Timestamp,
                              std::max(6, t.isTimestamp() ? t.precision : 0));
        else if ((unit == Unit::Hour || unit == Unit::Minute || unit == Unit::Second) && t.id == TypeId::Date)
            result = DataType::timestamp(6);
        result = result.withNullable(nullable);
        TypeId in = t.id, outId = result.id;
        Kernel k = [=](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            out.resize(n);
            const int64_t* count = v[1].data<int64_t>();
            for (size_t i = 0; i < n; ++i) {
                if (v[1].isNull(i) || v[2].isNull(i)) continue;
                int64_t c = count[i];
                if (in == TypeId::Time) {
                    int64_t t0 = v[2].data<int32_t>()[i];
                    int64_t delta = months ? 0 : (c * (step / kMicrosPerMilli)) % kMillisPerDay;
                    out.data<int32_t>()[i] =
                        static_cast<int32_t>((t0 + kMillisPerDay + delta) % kMillisPerDay);
                } else if (in == TypeId::Date && outId == TypeId::Date) {
                    int32_t day = v[2].data<int32_t>()[i];
                    out.data<int32_t>()[i] = months ? addMonths(day, static_cast<int32_t>(c * months))
                                                    : static_cast<int32_t>(day + c * (step / kMicrosPerDay));
                } else {
                    int64_t ts = in == TypeId::Date
                                     ? static_cast<int64_t>(v[2].data<int32_t>()[i]) * kMicrosPerDay
                                     : v[2].data<int64_t>()[i];
                    out.data<int64_t>()[i] =
                        months ? addMonthsMicros(ts, static_cast<int32_t>(c * months)) : ts + c * step;
                }
            }
            mergeNulls(v[1], n, out);
            mergeNulls(v[2], n, out);
        };
        return ResolvedFunction{
            result, {args[0].type, DataType::bigint().withNullable(args[1].type.nullable), t}, k};
    };
    return d;
}

FunctionDefinition timestampDiff() {
    FunctionDefinition d;
    d.name = "TIMESTAMPDIFF";
    d.signatures = {"TIMESTAMPDIFF(<TIME_UNIT>, <DATETIME>, <DATETIME>)"};
    d.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.size() != 3 || args[0].symbol.empty()) return std::nullopt;
        auto u = unitOf(args[0].symbol);
        auto temporal = [](const DataType& t) { return t.isTimestamp() || t.id == TypeId::Date; };
        if (!u || !temporal(args[1].type) || !temporal(args[2].type)) return std::nullopt;
        Unit unit = *u;
        int months = monthsOf(unit);
        int64_t step = dayTimeMicros(unit);
        if (months == 0 && step == 0)
            throw ValidationError(fmt::format("TIMESTAMPDIFF does not support the unit {}", args[0].symbol));
        bool date1 = args[1].type.id == TypeId::Date, date2 = args[2].type.id == TypeId::Date;
        Kernel k = [=](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            out.resize(n);
            int32_t* r = out.data<int32_t>();
            auto micros = [](const Vector& x, bool date, size_t i) {
                return date ? static_cast<int64_t>(x.data<int32_t>()[i]) * kMicrosPerDay
                            : x.data<int64_t>()[i];
            };
            for (size_t i = 0; i < n; ++i) {
                if (v[1].isNull(i) || v[2].isNull(i)) continue;
                int64_t a = micros(v[1], date1, i), b = micros(v[2], date2, i);
                if (months) {
                    r[i] = subtractMonthsMicros(b, a) / months;
                } else if (unit == Unit::Microsecond) {
                    r[i] = static_cast<int32_t>(b - a);
                } else {
                    // Flink subtracts whole milliseconds, then divides (Java: toward zero).
                    int64_t ms = floorDiv(b, kMicrosPerMilli) - floorDiv(a, kMicrosPerMilli);
                    r[i] = static_cast<int32_t>(ms / (step / kMicrosPerMilli));
                }
            }
            mergeNulls(v[1], n, out);
            mergeNulls(v[2], n, out);
        };
        return ResolvedFunction{
            DataType::integer().withNullable(args[1].type.nullable || args[2].type.nullable),
            {args[0].type, args[1].type, args[2].type},
            k};
    };
    return d;
}

}  // namespace

void registerTemporal(FunctionRegistry& registry) {
    FunctionDefinition ltz;
    ltz.name = "TO_TIMESTAMP_LTZ";
    ltz.signatures = {"TO_TIMESTAMP_LTZ(<NUMERIC>)", "TO_TIMESTAMP_LTZ(<NUMERIC>, <INTEGER>)",
                      "TO_TIMESTAMP_LTZ(<STRING>)", "TO_TIMESTAMP_LTZ(<STRING>, <STRING>)",
                      "TO_TIMESTAMP_LTZ(<STRING>, <STRING>, <STRING>)"};
    ltz.resolve = resolveToTimestampLtz;
    registry.add(std::move(ltz));

    registry.add(nowFunction("CURRENT_TIMESTAMP", Now::Timestamp, false));
    registry.add(nowFunction("NOW", Now::Timestamp, true));
    registry.add(nowFunction("CURRENT_ROW_TIMESTAMP", Now::Timestamp, true));
    registry.add(nowFunction("LOCALTIMESTAMP", Now::LocalTimestamp, false));
    registry.add(nowFunction("CURRENT_DATE", Now::Date, false));
    registry.add(nowFunction("CURRENT_TIME", Now::Time, false));
    registry.add(nowFunction("LOCALTIME", Now::Time, false));

    registry.add(extractFunction());
    registry.add(extractAlias("YEAR", Unit::Year, false));
    registry.add(extractAlias("QUARTER", Unit::Quarter, false));
    registry.add(extractAlias("MONTH", Unit::Month, false));
    registry.add(extractAlias("WEEK", Unit::Week, false));
    registry.add(extractAlias("DAYOFYEAR", Unit::Doy, false));
    registry.add(extractAlias("DAYOFMONTH", Unit::Day, false));
    registry.add(extractAlias("DAYOFWEEK", Unit::Dow, false));
    registry.add(extractAlias("HOUR", Unit::Hour, true));
    registry.add(extractAlias("MINUTE", Unit::Minute, true));
    registry.add(extractAlias("SECOND", Unit::Second, true));

    // FLOOR/CEIL(x TO unit): under hidden names that registerMath chains after its numeric FLOOR and
    // CEIL/CEILING (see math.h), so this must run before registerMath.
    registry.add(floorCeil(kFloorTemporalName, "FLOOR", false));
    registry.add(floorCeil(kCeilTemporalName, "CEIL", true));

    registry.add(timestampAdd());
    registry.add(timestampDiff());

    registerTemporalFormat(registry);
}

}  // namespace sluice::functions
