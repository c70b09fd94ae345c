#include "functions/cast.h"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "common/error.h"
#include "common/time_util.h"
#include "common/value_format.h"
#include "functions/type_coercion.h"

namespace sluice::functions {

namespace {

// Calls f(T{}) with T the C++ type of a fixed-width numeric type.
template <class F>
void dispatchNumeric(TypeId id, F&& f) {
    switch (id) {
        case TypeId::TinyInt:
            return f(int8_t{});
        case TypeId::SmallInt:
            return f(int16_t{});
        case TypeId::Int:
            return f(int32_t{});
        case TypeId::BigInt:
            return f(int64_t{});
        case TypeId::Float:
            return f(float{});
        case TypeId::Double:
            return f(double{});
        default:
            throw InternalError("dispatchNumeric: not a numeric type");
    }
}

// Java's narrowing of floating point to integers: NaN -> 0, saturating at the int64 range, then
// wrapping to the narrower type as (int)(long) does.
template <class To, class From>
To convertNumber(From v) {
    if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To>) {
        if (std::isnan(v)) return 0;
        if constexpr (sizeof(To) == 8) {
            if (v >= 9.2233720368547758e18) return std::numeric_limits<int64_t>::max();
            if (v <= -9.2233720368547758e18) return std::numeric_limits<int64_t>::min();
            return static_cast<To>(v);
        } else {
            // Java: (int) d saturates to int range; byte/short go through int.
            int32_t i;
            if (v >= 2147483647.0)
                i = std::numeric_limits<int32_t>::max();
            else if (v <= -2147483648.0)
                i = std::numeric_limits<int32_t>::min();
            else
                i = static_cast<int32_t>(v);
            return static_cast<To>(i);
        }
    } else {
        return static_cast<To>(v);
    }
}

std::string_view trimView(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool parseInt64(std::string_view s, int64_t& out) {
    s = trimView(s);
    if (s.empty()) return false;
    std::string buf(s);
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(buf.c_str(), &end, 10);
    if (*end != '\0' || errno == ERANGE) return false;
    out = v;
    return true;
}

bool parseDouble(std::string_view s, double& out) {
    s = trimView(s);
    if (s.empty()) return false;
    std::string buf(s);
    if (buf == "NaN") {
        out = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (buf == "Infinity" || buf == "+Infinity") {
        out = std::numeric_limits<double>::infinity();
        return true;
    }
    if (buf == "-Infinity") {
        out = -std::numeric_limits<double>::infinity();
        return true;
    }
    char* end = nullptr;
    out = std::strtod(buf.c_str(), &end);
    return *end == '\0' && buf.find_first_of("xXpP") == std::string::npos;
}

// Parses a decimal string (as Java's BigDecimal: digits, an optional point and exponent) into an
// unscaled value with `scale` digits, rounding HALF_UP; `overflow` when it needs more than
// `precision` digits (Flink then gives NULL).
bool parseDecimal(std::string_view s, int precision, int scale, Int128& out, bool& overflow) {
    s = trimView(s);
    overflow = false;
    if (s.empty()) return false;
    bool neg = false;
    size_t i = 0;
    if (s[0] == '-' || s[0] == '+') {
        neg = s[0] == '-';
        ++i;
    }
    std::string digits;
    int64_t frac = 0, exp = 0;
    bool seenPoint = false, anyDigit = false;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (c == '.') {
            if (seenPoint) return false;
            seenPoint = true;
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            anyDigit = true;
            if (!(digits.empty() && c == '0')) digits += c;
            if (seenPoint) ++frac;
        } else if ((c == 'e' || c == 'E') && anyDigit) {
            if (!parseInt64(s.substr(i + 1), exp) || exp > 100000 || exp < -100000) return false;
            break;
        } else {
            return false;
        }
    }
    if (!anyDigit) return false;
    // value = digits * 10^-(frac - exp); bring it to `scale`.
    int64_t shift = static_cast<int64_t>(scale) - (frac - exp);
    bool roundUp = false;
    if (shift < 0) {
        size_t drop = static_cast<size_t>(-shift);
        if (drop > digits.size()) {
            digits.clear();
        } else {
            roundUp = digits[digits.size() - drop] >= '5';
            digits.resize(digits.size() - drop);
        }
    } else if (!digits.empty()) {
        if (shift > 80) {
            overflow = true;
            return true;
        }
        digits.append(static_cast<size_t>(shift), '0');
    }
    if (static_cast<int>(digits.size()) > precision) {
        overflow = true;
        return true;
    }
    Int128 v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    if (roundUp) v += 1;
    if (v >= pow10i(precision)) {
        overflow = true;
        return true;
    }
    out = neg ? -v : v;
    return true;
}

// A DECIMAL's value as the nearest double (BigDecimal.doubleValue): one exact division when both
// operands are exact doubles, else through the decimal text.
double decimalToDouble(Int128 v, int scale) {
    static const double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const Int128 exact = Int128(1) << 53;
    if (v < exact && v > -exact && scale <= 22)
        return static_cast<double>(static_cast<int64_t>(v)) / kPow10[scale];
    return std::strtod(decimalString(v, scale).c_str(), nullptr);
}

// A double as DECIMAL(precision, scale) the way Flink does it: BigDecimal.valueOf(d), i.e. from
// the shortest decimal text of d, then HALF_UP; NaN and infinities do not convert.
bool doubleToDecimal(double d, int precision, int scale, Int128& out) {
    if (!std::isfinite(d)) return false;
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof(buf), d);
    bool overflow;
    if (!parseDecimal(std::string_view(buf, static_cast<size_t>(res.ptr - buf)), precision, scale, out,
                      overflow))
        return false;
    return !overflow;
}

Int128 rescale(Int128 v, int fromScale, int toScale) {
    if (toScale >= fromScale) return v * pow10i(toScale - fromScale);
    Int128 div = pow10i(fromScale - toScale);
    Int128 q = v / div, r = v % div;
    // HALF_UP
    if (r * 2 >= div) ++q;
    if (r * 2 <= -div) --q;
    return q;
}

// Length in code points of UTF-8 text, and the byte offset of the n-th code point.
size_t utf8Prefix(std::string_view s, size_t n) {
    size_t count = 0, i = 0;
    while (i < s.size()) {
        if (count == n) return i;
        unsigned char c = static_cast<unsigned char>(s[i]);
        i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        ++count;
    }
    return s.size();
}
size_t utf8Length(std::string_view s) {
    size_t count = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

int64_t truncateMicros(int64_t micros, int precision) {
    if (precision >= 6) return micros;
    int64_t unit = 1;
    for (int i = precision; i < 6; ++i) unit *= 10;
    int64_t r = micros % unit;
    if (r < 0) r += unit;
    return micros - r;
}

int64_t floorDiv(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

class CastFailure {
public:
    CastFailure(const Vector& in, Vector& out, bool tryCast, EvalContext& ctx, const std::string& exprText)
        : in_(in), out_(out), tryCast_(tryCast), ctx_(ctx), exprText_(exprText) {}

    // A value that does not convert: NULL for TRY_CAST, else a run-time error.
    void fail(size_t row, const std::string& why = "") {
        if (tryCast_) {
            out_.setNull(row);
            return;
        }
        std::string text = valueText(in_, row, ctx_.zone);
        throw ExecutionError(fmt::format("Cannot cast '{}' of type {} to {}{}{}{}", text,
                                         in_.type().toString(), out_.type().withNullable(true).toString(),
                                         exprText_.empty() ? "" : " in " + exprText_,
                                         ctx_.rowOrigin(row).empty() ? "" : " (" + ctx_.rowOrigin(row) + ")",
                                         why.empty() ? "" : ": " + why));
    }

private:
    const Vector& in_;
    Vector& out_;
    bool tryCast_;
    EvalContext& ctx_;
    const std::string& exprText_;
};

void castToString(const Vector& in, Vector& out, EvalContext& ctx) {
    const DataType& to = out.type();
    std::string buf;
    for (size_t i = 0; i < in.size(); ++i) {
        if (in.isNull(i)) {
            out.appendNull();
            continue;
        }
        buf.clear();
        appendValueText(buf, in, i, ctx.zone);
        if (to.precision != DataType::kMaxLength) {
            size_t n = static_cast<size_t>(to.precision);
            buf.resize(utf8Prefix(buf, n));
            if (to.id == TypeId::Char) {
                size_t len = utf8Length(buf);
                if (len < n) buf.append(n - len, ' ');
            }
        }
        out.appendString(buf);
    }
}

void castFromString(const Vector& in, Vector& out, CastFailure& failure, EvalContext& ctx) {
    const DataType& to = out.type();
    const size_t n = in.size();
    auto fixed = [&](auto setter) {
        out.resize(n);
        for (size_t i = 0; i < n; ++i) {
            if (in.isNull(i)) {
                out.setNull(i);
                continue;
            }
            if (!setter(i, in.stringAt(i))) failure.fail(i);
        }
    };
    switch (to.id) {
        case TypeId::TinyInt:
        case TypeId::SmallInt:
        case TypeId::Int:
        case TypeId::BigInt:
            dispatchNumeric(to.id, [&](auto t) {
                using T = decltype(t);
                fixed([&](size_t i, std::string_view s) {
                    int64_t v;
                    if (!parseInt64(s, v) || v < std::numeric_limits<T>::min() ||
                        v > std::numeric_limits<T>::max())
                        return false;
                    out.data<T>()[i] = static_cast<T>(v);
                    return true;
                });
            });
            return;
        case TypeId::Float:
        case TypeId::Double:
            dispatchNumeric(to.id, [&](auto t) {
                using T = decltype(t);
                fixed([&](size_t i, std::string_view s) {
                    double v;
                    if (!parseDouble(s, v)) return false;
                    out.data<T>()[i] = static_cast<T>(v);
                    return true;
                });
            });
            return;
        case TypeId::Decimal:
            fixed([&](size_t i, std::string_view s) {
                Int128 v;
                bool overflow;
                if (!parseDecimal(s, to.precision, to.scale, v, overflow)) return false;
                if (overflow)
                    out.setNull(i);
                else
                    out.data<Int128>()[i] = v;
                return true;
            });
            return;
        case TypeId::Boolean:
            fixed([&](size_t i, std::string_view s) {
                std::string l(trimView(s));
                for (auto& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                if (l == "true" || l == "t" || l == "yes" || l == "y" || l == "1") {
                    out.data<uint8_t>()[i] = 1;
                    return true;
                }
                if (l == "false" || l == "f" || l == "no" || l == "n" || l == "0") {
                    out.data<uint8_t>()[i] = 0;
                    return true;
                }
                return false;
            });
            return;
        case TypeId::Date:
            fixed([&](size_t i, std::string_view s) {
                auto d = parseDate(s);
                if (!d) {
                    auto ts = parseTimestampMicros(s);
                    if (!ts) return false;
                    d = static_cast<int32_t>(floorDiv(*ts, kMicrosPerDay));
                }
                out.data<int32_t>()[i] = *d;
                return true;
            });
            return;
        case TypeId::Time:
            fixed([&](size_t i, std::string_view s) {
                auto t = parseTimeMillis(s);
                if (!t) return false;
                int32_t ms = *t;
                if (to.precision == 0) ms -= ms % 1000;
                out.data<int32_t>()[i] = ms;
                return true;
            });
            return;
        case TypeId::Timestamp:
        case TypeId::TimestampLtz:
            fixed([&](size_t i, std::string_view s) {
                auto ts = parseTimestampMicros(s);
                if (!ts) return false;
                int64_t v = truncateMicros(*ts, to.precision);
                if (to.id == TypeId::TimestampLtz) v = ctx.zone.toUtc(v);
                out.data<int64_t>()[i] = v;
                return true;
            });
            return;
        case TypeId::Binary:
        case TypeId::Varbinary:
            for (size_t i = 0; i < n; ++i) {
                if (in.isNull(i))
                    out.appendNull();
                else
                    out.appendString(in.stringAt(i));
            }
            return;
        default:
            throw NotSupportedError("not supported yet: CAST from " + in.type().toString() + " to " +
                                    to.toString());
    }
}

}  // namespace

void castVector(const Vector& in, Vector& out, bool tryCast, EvalContext& ctx, const std::string& exprText) {
    const DataType& from = in.type();
    const DataType& to = out.type();
    const size_t n = in.size();
    CastFailure failure(in, out, tryCast, ctx, exprText);

    if (to.isString()) return castToString(in, out, ctx);
    if (from.isString()) return castFromString(in, out, failure, ctx);
    if (from.id == TypeId::Null) {
        for (size_t i = 0; i < n; ++i) out.appendNull();
        return;
    }
    if ((from.isBinary() && to.isBinary()) || (from.isNested() && from.sameAs(to))) {
        for (size_t i = 0; i < n; ++i) out.appendFrom(in, i);
        return;
    }
    if (from.isNested() || to.isNested())
        throw NotSupportedError("not supported yet: CAST from " + from.toString() + " to " + to.toString());

    out.resize(n);
    if (in.hasNulls()) std::memcpy(out.mutableNulls(), in.nulls(), n);
    const uint8_t* nulls = in.nulls();
    auto isNull = [&](size_t i) { return nulls && nulls[i]; };

    // numeric -> numeric / boolean
    if ((from.isNumeric() || from.id == TypeId::Boolean) && (to.isNumeric() || to.id == TypeId::Boolean)) {
        if (from.id == TypeId::Decimal || to.id == TypeId::Decimal) {
            for (size_t i = 0; i < n; ++i) {
                if (isNull(i)) continue;
                if (from.id == TypeId::Decimal && to.id == TypeId::Decimal) {
                    Int128 v = rescale(in.data<Int128>()[i], from.scale, to.scale);
                    Int128 limit = pow10i(to.precision);
                    if (v >= limit || v <= -limit)
                        out.setNull(i);
                    else
                        out.data<Int128>()[i] = v;
                } else if (from.id == TypeId::Decimal) {
                    Int128 v = in.data<Int128>()[i];
                    if (to.id == TypeId::Boolean) {
                        out.data<uint8_t>()[i] = v != 0;
                    } else if (to.isApproximate()) {
                        double d = decimalToDouble(v, from.scale);
                        if (to.id == TypeId::Float)
                            out.data<float>()[i] = static_cast<float>(d);
                        else
                            out.data<double>()[i] = d;
                    } else {
                        int64_t t = static_cast<int64_t>(v / pow10i(from.scale));
                        dispatchNumeric(to.id, [&](auto tt) {
                            out.data<decltype(tt)>()[i] = static_cast<decltype(tt)>(t);
                        });
                    }
                } else {
                    // -> DECIMAL
                    Int128 limit = pow10i(to.precision);
                    if (from.isApproximate()) {
                        double d = from.id == TypeId::Float ? in.data<float>()[i] : in.data<double>()[i];
                        Int128 v;
                        if (doubleToDecimal(d, to.precision, to.scale, v))
                            out.data<Int128>()[i] = v;
                        else
                            out.setNull(i);
                    } else {
                        Int128 v = 0;
                        if (from.id == TypeId::Boolean)
                            v = in.data<uint8_t>()[i];
                        else
                            dispatchNumeric(from.id, [&](auto ft) { v = in.data<decltype(ft)>()[i]; });
                        v *= pow10i(to.scale);
                        if (v >= limit || v <= -limit)
                            out.setNull(i);
                        else
                            out.data<Int128>()[i] = v;
                    }
                }
            }
            return;
        }
        if (from.id == TypeId::Boolean) {
            dispatchNumeric(to.id, [&](auto tt) {
                using T = decltype(tt);
                for (size_t i = 0; i < n; ++i) out.data<T>()[i] = static_cast<T>(in.data<uint8_t>()[i]);
            });
            return;
        }
        if (to.id == TypeId::Boolean) {
            dispatchNumeric(from.id, [&](auto ft) {
                using F = decltype(ft);
                for (size_t i = 0; i < n; ++i) out.data<uint8_t>()[i] = in.data<F>()[i] != 0;
            });
            return;
        }
        dispatchNumeric(from.id, [&](auto ft) {
            using F = decltype(ft);
            dispatchNumeric(to.id, [&](auto tt) {
                using T = decltype(tt);
                const F* src = in.data<F>();
                T* dst = out.data<T>();
                for (size_t i = 0; i < n; ++i) dst[i] = convertNumber<T>(src[i]);
            });
        });
        return;
    }

    // temporal
    const int64_t* src64 = from.isTimestamp() ? in.data<int64_t>() : nullptr;
    for (size_t i = 0; i < n; ++i) {
        if (isNull(i)) continue;
        if (from.isTimestamp() && to.isTimestamp()) {
            int64_t v = src64[i];
            if (from.id == TypeId::Timestamp && to.id == TypeId::TimestampLtz) v = ctx.zone.toUtc(v);
            if (from.id == TypeId::TimestampLtz && to.id == TypeId::Timestamp) v = ctx.zone.toLocal(v);
            out.data<int64_t>()[i] = truncateMicros(v, to.precision);
        } else if (from.isTimestamp() && to.id == TypeId::Date) {
            int64_t v = from.id == TypeId::TimestampLtz ? ctx.zone.toLocal(src64[i]) : src64[i];
            out.data<int32_t>()[i] = static_cast<int32_t>(floorDiv(v, kMicrosPerDay));
        } else if (from.isTimestamp() && to.id == TypeId::Time) {
            int64_t v = from.id == TypeId::TimestampLtz ? ctx.zone.toLocal(src64[i]) : src64[i];
            int64_t ms = floorDiv(v, 1000) - floorDiv(v, kMicrosPerDay) * kMillisPerDay;
            out.data<int32_t>()[i] = static_cast<int32_t>(ms);
        } else if (from.id == TypeId::Date && to.isTimestamp()) {
            int64_t v = static_cast<int64_t>(in.data<int32_t>()[i]) * kMicrosPerDay;
            if (to.id == TypeId::TimestampLtz) v = ctx.zone.toUtc(v);
            out.data<int64_t>()[i] = v;
        } else if (from.id == TypeId::Time && to.id == TypeId::Time) {
            int32_t ms = in.data<int32_t>()[i];
            if (to.precision == 0) ms -= ms % 1000;
            out.data<int32_t>()[i] = ms;
        } else if (from.id == TypeId::Time && to.isTimestamp()) {
            // Flink: TIME -> TIMESTAMP takes the date 1970-01-01.
            int64_t v = static_cast<int64_t>(in.data<int32_t>()[i]) * 1000;
            if (to.id == TypeId::TimestampLtz) v = ctx.zone.toUtc(v);
            out.data<int64_t>()[i] = v;
        } else if (from.id == to.id && from.isInterval()) {
            if (to.id == TypeId::IntervalYearMonth)
                out.data<int32_t>()[i] = in.data<int32_t>()[i];
            else
                out.data<int64_t>()[i] = in.data<int64_t>()[i];
        } else {
            throw ValidationError("Cannot cast " + from.toString() + " to " + to.toString());
        }
    }
}

Value castValue(const Value& v, const DataType& from, const DataType& to, bool tryCast, EvalContext& ctx,
                const std::string& exprText) {
    Vector in(from.withNullable(true));
    in.appendValue(v);
    Vector out(to);
    castVector(in, out, tryCast, ctx, exprText);
    return out.getValue(0);
}

}  // namespace sluice::functions
