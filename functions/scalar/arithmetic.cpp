// + - * / % and unary minus over numbers (Flink/Java semantics: integers wrap on overflow, integer
// division truncates and fails on zero, DECIMAL results follow Flink's precision rules and become
// NULL on overflow), plus TIMESTAMP/DATE +/- INTERVAL.
#include <fmt/format.h>

#include <cmath>
#include <type_traits>

#include "common/time_util.h"
#include "functions/function_registry.h"
#include "functions/scalar/kernel_util.h"
#include "functions/type_coercion.h"

namespace sluice::functions {

namespace {

enum class ArithOp { Add, Sub, Mul, Div, Mod };

template <class T>
T wrapOp(ArithOp op, T a, T b) {
    if constexpr (std::is_floating_point_v<T>) {
        switch (op) {
            case ArithOp::Add:
                return a + b;
            case ArithOp::Sub:
                return a - b;
            case ArithOp::Mul:
                return a * b;
            case ArithOp::Div:
                return a / b;
            case ArithOp::Mod:
                return std::fmod(a, b);
        }
    } else {
        using U = std::make_unsigned_t<T>;
        switch (op) {
            case ArithOp::Add:
                return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
            case ArithOp::Sub:
                return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
            case ArithOp::Mul:
                return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
            case ArithOp::Div:
                if (b == -1) return static_cast<T>(U(0) - static_cast<U>(a));  // MIN / -1 wraps as in Java
                return a / b;
            case ArithOp::Mod:
                if (b == -1) return 0;
                return a % b;
        }
    }
    return T{};
}

template <class T>
void numericKernel(ArithOp op, const std::vector<Vector>& args, size_t n, Vector& out) {
    out.resize(n);
    const T* x = args[0].data<T>();
    const T* y = args[1].data<T>();
    T* r = out.data<T>();
    propagateNulls(args, n, out);
    if constexpr (std::is_integral_v<T>) {
        if (op == ArithOp::Div || op == ArithOp::Mod) {
            const uint8_t* nulls = out.nulls();
            for (size_t i = 0; i < n; ++i) {
                if (y[i] == 0) {
                    if (nulls && nulls[i]) continue;
                    throw ExecutionError("Division by zero: " + std::string(op == ArithOp::Div ? "/" : "%") +
                                         " by zero");
                }
                r[i] = wrapOp(op, x[i], y[i]);
            }
            return;
        }
    }
    switch (op) {
        case ArithOp::Add:
            for (size_t i = 0; i < n; ++i) r[i] = wrapOp(ArithOp::Add, x[i], y[i]);
            break;
        case ArithOp::Sub:
            for (size_t i = 0; i < n; ++i) r[i] = wrapOp(ArithOp::Sub, x[i], y[i]);
            break;
        case ArithOp::Mul:
            for (size_t i = 0; i < n; ++i) r[i] = wrapOp(ArithOp::Mul, x[i], y[i]);
            break;
        default:
            for (size_t i = 0; i < n; ++i) r[i] = wrapOp(op, x[i], y[i]);
    }
}

Int128 roundDiv(Int128 a, Int128 b) {
    Int128 q = a / b, r = a % b;
    Int128 absR2 = (r < 0 ? -r : r) * 2, absB = b < 0 ? -b : b;
    if (absR2 >= absB) q += ((a < 0) != (b < 0)) ? -1 : 1;
    return q;
}

// Exact 256-bit magnitudes for the rare DECIMAL operations whose intermediate value leaves 128
// bits (Flink computes them with BigDecimal): a product of two 38-digit values, a dividend scaled
// up, or a sum rounded to a capped scale.
using U128 = unsigned __int128;
struct U256 {
    U128 hi = 0, lo = 0;
};

U256 mul128(U128 a, U128 b) {
    const U128 mask = ~static_cast<uint64_t>(0);
    U128 a0 = a & mask, a1 = a >> 64, b0 = b & mask, b1 = b >> 64;
    U128 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    U128 mid = (p00 >> 64) + (p01 & mask) + (p10 & mask);
    U256 r;
    r.lo = (p00 & mask) | (mid << 64);
    r.hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    return r;
}

U256 mulSmall(U256 v, uint64_t m) {
    U256 lo = mul128(v.lo, m);
    lo.hi += v.hi * m;
    return lo;
}

U256 mulPow10(U256 v, int k) {
    for (; k >= 19; k -= 19) v = mulSmall(v, 10000000000000000000ULL);
    uint64_t m = 1;
    for (; k > 0; --k) m *= 10;
    return mulSmall(v, m);
}

U256 add256(U256 a, U256 b) {
    U256 r;
    r.lo = a.lo + b.lo;
    r.hi = a.hi + b.hi + (r.lo < a.lo ? 1 : 0);
    return r;
}

bool less256(U256 a, U256 b) {
    return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo;
}

U256 sub256(U256 a, U256 b) {  // a >= b
    U256 r;
    r.lo = a.lo - b.lo;
    r.hi = a.hi - b.hi - (a.lo < b.lo ? 1 : 0);
    return r;
}

// n / d rounded HALF_UP (on magnitudes), by shift-and-subtract: slow, and only for overflow cases.
U256 divRound(U256 n, U128 d) {
    U256 q;
    U128 r = 0;
    for (int bit = 255; bit >= 0; --bit) {
        bool top = (r >> 127) != 0;
        r = (r << 1) | ((bit >= 128 ? n.hi >> (bit - 128) : n.lo >> bit) & 1);
        if (top || r >= d) {
            r -= d;
            if (bit >= 128)
                q.hi |= U128(1) << (bit - 128);
            else
                q.lo |= U128(1) << bit;
        }
    }
    if (r >= d - r) q = add256(q, U256{0, 1});
    return q;
}

// v / 10, truncated.
U256 div10(U256 v) {
    U128 qhi = v.hi / 10, rhi = v.hi % 10;
    // (rhi * 2^128 + lo) / 10 in two 64-bit halves.
    const U128 mask = ~static_cast<uint64_t>(0);
    U128 mid = (rhi << 64) | (v.lo >> 64);
    U128 qmid = mid / 10, rmid = mid % 10;
    U128 low = (rmid << 64) | (v.lo & mask);
    U128 qlow = low / 10;
    return U256{qhi, (qmid << 64) | qlow};
}

U128 magnitude(Int128 v) {
    return v < 0 ? U128(0) - static_cast<U128>(v) : static_cast<U128>(v);
}

// The exact result of x op y (unscaled at scales sa, sb) at `result`'s scale; nullopt when it does
// not fit its precision (NULL, as Flink's DecimalData.fromBigDecimal).
std::optional<Int128> decimalSlow(ArithOp op, Int128 x, Int128 y, int sa, int sb, const DataType& result) {
    bool neg = false;
    U256 mag;
    int scale = 0;
    switch (op) {
        case ArithOp::Add:
        case ArithOp::Sub: {
            scale = std::max(sa, sb);
            U256 xa = mulPow10(U256{0, magnitude(x)}, scale - sa);
            U256 yb = mulPow10(U256{0, magnitude(y)}, scale - sb);
            bool xn = x < 0, yn = (y < 0) != (op == ArithOp::Sub);
            if (xn == yn) {
                mag = add256(xa, yb);
                neg = xn;
            } else if (less256(xa, yb)) {
                mag = sub256(yb, xa);
                neg = yn;
            } else {
                mag = sub256(xa, yb);
                neg = xn;
            }
            break;
        }
        case ArithOp::Mul:
            mag = mul128(magnitude(x), magnitude(y));
            neg = (x < 0) != (y < 0);
            scale = sa + sb;
            break;
        case ArithOp::Div:
            mag = divRound(mulPow10(U256{0, magnitude(x)}, result.scale - sa + sb), magnitude(y));
            neg = (x < 0) != (y < 0);
            scale = result.scale;
            break;
        case ArithOp::Mod:
            return std::nullopt;
    }
    if (scale > result.scale) {
        // HALF_UP: divide by 10^(k-1), then by 10 looking at the first dropped digit.
        int k = scale - result.scale;
        for (int i = 0; i < k - 1; ++i) mag = div10(mag);
        mag = divRound(mag, 10);
    } else if (scale < result.scale) {
        mag = mulPow10(mag, result.scale - scale);
    }
    if (mag.hi != 0 || mag.lo >= static_cast<U128>(pow10i(result.precision))) return std::nullopt;
    Int128 v = static_cast<Int128>(mag.lo);
    return neg ? -v : v;
}

// DECIMAL kernels: arguments arrive as DECIMALs (integers cast by the binder). The 128-bit fast
// path covers nearly every value; an overflowing intermediate goes through decimalSlow.
Kernel decimalKernel(ArithOp op, DataType a, DataType b, DataType result) {
    return [=](const std::vector<Vector>& args, size_t n, Vector& out, EvalContext&) {
        out.resize(n);
        propagateNulls(args, n, out);
        const Int128* x = args[0].data<Int128>();
        const Int128* y = args[1].data<Int128>();
        Int128* r = out.data<Int128>();
        const Int128 limit = pow10i(result.precision);
        const uint8_t* nulls = out.nulls();
        // A sum whose scale was capped below an operand's must round: always the exact path.
        const bool addRounds = result.scale < std::max(a.scale, b.scale);
        const Int128 pa = pow10i(std::max(0, result.scale - a.scale));
        const Int128 pb = pow10i(std::max(0, result.scale - b.scale));
        for (size_t i = 0; i < n; ++i) {
            if (nulls && nulls[i]) continue;
            Int128 v = 0;
            bool slow = false;
            switch (op) {
                case ArithOp::Add:
                case ArithOp::Sub: {
                    Int128 xa, yb;
                    slow = addRounds || __builtin_mul_overflow(x[i], pa, &xa) ||
                           __builtin_mul_overflow(y[i], pb, &yb) ||
                           (op == ArithOp::Add ? __builtin_add_overflow(xa, yb, &v)
                                               : __builtin_sub_overflow(xa, yb, &v));
                    break;
                }
                case ArithOp::Mul: {
                    slow = __builtin_mul_overflow(x[i], y[i], &v);
                    int s = a.scale + b.scale;
                    if (!slow && s > result.scale) v = roundDiv(v, pow10i(s - result.scale));
                    break;
                }
                case ArithOp::Div: {
                    if (y[i] == 0) throw ExecutionError("Division by zero: / by zero");
                    // x/10^sa / (y/10^sb) * 10^rs = x * 10^(rs - sa + sb) / y; the shift is never
                    // negative under Flink's division type.
                    int shift = result.scale - a.scale + b.scale;
                    Int128 scaled;
                    if (shift >= 0 && shift <= 38 && !__builtin_mul_overflow(x[i], pow10i(shift), &scaled))
                        v = roundDiv(scaled, y[i]);
                    else if (shift < 0)
                        v = roundDiv(x[i], y[i] * pow10i(-shift));
                    else
                        slow = true;
                    break;
                }
                case ArithOp::Mod: {
                    if (y[i] == 0) throw ExecutionError("Division by zero: % by zero");
                    int s = result.scale;
                    Int128 xa = x[i] * pow10i(s - a.scale), yb = y[i] * pow10i(s - b.scale);
                    v = xa % yb;
                    break;
                }
            }
            if (slow) {
                auto exact = decimalSlow(op, x[i], y[i], a.scale, b.scale, result);
                if (exact)
                    r[i] = *exact;
                else
                    out.setNull(i);
                continue;
            }
            if (v >= limit || v <= -limit)
                out.setNull(i);
            else
                r[i] = v;
        }
    };
}

std::optional<ResolvedFunction> resolveArithmetic(ArithOp op, const std::vector<DataType>& args) {
    if (args.size() != 2) return std::nullopt;
    DataType a = args[0], b = args[1];
    if (a.id == TypeId::Null && b.id == TypeId::Null) return std::nullopt;
    if (a.id == TypeId::Null) a = b.withNullable(true);
    if (b.id == TypeId::Null) b = a.withNullable(true);
    bool nullable = a.nullable || b.nullable;

    // Temporal +/- interval, as Flink's generateTemporalPlusMinus: DATE moves by whole days (the
    // interval's millis truncated) or months; TIME wraps within the day and ignores months;
    // TIMESTAMP/TIMESTAMP_LTZ move by millis or by months of their UTC value. INTERVAL + datetime
    // commutes; intervals of one kind add. TIMESTAMP - TIMESTAMP is not an operator (TIMESTAMPDIFF).
    if (op == ArithOp::Add && a.isInterval() &&
        (b.isTimestamp() || b.id == TypeId::Date || b.id == TypeId::Time)) {
        auto swapped = resolveArithmetic(op, {b, a});
        if (!swapped) return std::nullopt;
        Kernel inner = swapped->kernel;
        swapped->kernel = [inner](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext& ctx) {
            inner({v[1], v[0]}, n, out, ctx);
        };
        swapped->argTypes = {swapped->argTypes[1], swapped->argTypes[0]};
        return swapped;
    }
    if ((op == ArithOp::Add || op == ArithOp::Sub) && a.isInterval() && b.id == a.id) {
        bool months = a.id == TypeId::IntervalYearMonth;
        Kernel k = [op, months](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            if (months)
                numericKernel<int32_t>(op, v, n, out);
            else
                numericKernel<int64_t>(op, v, n, out);
        };
        return ResolvedFunction{a.withNullable(nullable), {a, b}, k};
    }
    if ((op == ArithOp::Add || op == ArithOp::Sub) &&
        (a.isTimestamp() || a.id == TypeId::Date || a.id == TypeId::Time) && b.isInterval()) {
        const int64_t sign = op == ArithOp::Add ? 1 : -1;
        const bool months = b.id == TypeId::IntervalYearMonth;
        const TypeId id = a.id;
        Kernel k = [sign, months, id](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            out.resize(n);
            if (id == TypeId::Date) {
                const int32_t* d = v[0].data<int32_t>();
                int32_t* r = out.data<int32_t>();
                if (months) {
                    const int32_t* m = v[1].data<int32_t>();
                    for (size_t i = 0; i < n; ++i) r[i] = addMonths(d[i], static_cast<int32_t>(sign * m[i]));
                } else {
                    const int64_t* ms = v[1].data<int64_t>();
                    for (size_t i = 0; i < n; ++i)
                        r[i] = static_cast<int32_t>(d[i] + sign * (ms[i] / kMillisPerDay));
                }
            } else if (id == TypeId::Time) {
                const int32_t* t = v[0].data<int32_t>();
                int32_t* r = out.data<int32_t>();
                for (size_t i = 0; i < n; ++i)
                    r[i] = months ? t[i]
                                  : static_cast<int32_t>((t[i] + kMillisPerDay +
                                                          sign * (v[1].data<int64_t>()[i] % kMillisPerDay)) %
                                                         kMillisPerDay);
            } else {
                const int64_t* ts = v[0].data<int64_t>();
                int64_t* r = out.data<int64_t>();
                if (months) {
                    const int32_t* m = v[1].data<int32_t>();
                    for (size_t i = 0; i < n; ++i)
                        r[i] = addMonthsMicros(ts[i], static_cast<int32_t>(sign * m[i]));
                } else {
                    const int64_t* ms = v[1].data<int64_t>();
                    for (size_t i = 0; i < n; ++i) r[i] = ts[i] + sign * ms[i] * 1000;
                }
            }
            propagateNulls(v, n, out);
        };
        return ResolvedFunction{a.withNullable(nullable), {a, b}, k};
    }

    if (!a.isNumeric() || !b.isNumeric()) return std::nullopt;
    if (op == ArithOp::Mod && (a.isApproximate() || b.isApproximate())) return std::nullopt;

    if (a.isApproximate() || b.isApproximate()) {
        // FLOAT with a DECIMAL widens to DOUBLE, as Flink's common type does.
        bool anyDouble = a.id == TypeId::Double || b.id == TypeId::Double;
        bool anyDecimal = a.id == TypeId::Decimal || b.id == TypeId::Decimal;
        DataType t = anyDouble || anyDecimal ? DataType::doubleType() : DataType::floatType();
        Kernel k = [op, id = t.id](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            if (id == TypeId::Double)
                numericKernel<double>(op, v, n, out);
            else
                numericKernel<float>(op, v, n, out);
        };
        return ResolvedFunction{
            t.withNullable(nullable), {t.withNullable(a.nullable), t.withNullable(b.nullable)}, k};
    }
    if (a.id == TypeId::Decimal || b.id == TypeId::Decimal) {
        DataType da = a.id == TypeId::Decimal ? a : decimalForInteger(a);
        DataType db = b.id == TypeId::Decimal ? b : decimalForInteger(b);
        DataType result;
        switch (op) {
            case ArithOp::Add:
            case ArithOp::Sub:
                result = decimalAddType(da, db);
                break;
            case ArithOp::Mul:
                result = decimalMultiplyType(da, db);
                break;
            case ArithOp::Div:
                result = decimalDivideType(da, db);
                break;
            case ArithOp::Mod:
                result = decimalModType(da, db);
                break;
        }
        return ResolvedFunction{result.withNullable(true),
                                {da.withNullable(a.nullable), db.withNullable(b.nullable)},
                                decimalKernel(op, da, db, result)};
    }
    // Integers: the wider type.
    DataType t = *commonType(a.withNullable(true), b.withNullable(true));
    Kernel k = [op, id = t.id](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
        dispatchFixed(id, [&](auto tag) {
            using T = decltype(tag);
            if constexpr (std::is_integral_v<T> && !std::is_same_v<T, uint8_t>)
                numericKernel<T>(op, v, n, out);
        });
    };
    return ResolvedFunction{
        t.withNullable(nullable), {t.withNullable(a.nullable), t.withNullable(b.nullable)}, k};
}

FunctionDefinition arith(const std::string& name, ArithOp op) {
    FunctionDefinition d;
    d.name = name;
    d.style = CallStyle::Infix;
    d.signatures = {fmt::format("<NUMERIC> {} <NUMERIC>", name)};
    if (op == ArithOp::Add || op == ArithOp::Sub)
        d.signatures.push_back(fmt::format("<DATETIME> {} <DATETIME_INTERVAL>", name));
    d.resolve = [op](const std::vector<ArgInfo>& args) { return resolveArithmetic(op, argTypes(args)); };
    return d;
}

}  // namespace

void registerArithmetic(FunctionRegistry& registry) {
    registry.add(arith("+", ArithOp::Add));
    registry.add(arith("-", ArithOp::Sub));
    registry.add(arith("*", ArithOp::Mul));
    registry.add(arith("/", ArithOp::Div));
    registry.add(arith("%", ArithOp::Mod));
    FunctionDefinition mod = arith("MOD", ArithOp::Mod);
    mod.style = CallStyle::Function;
    mod.signatures = {"MOD(<EXACT_NUMERIC>, <EXACT_NUMERIC>)"};
    registry.add(std::move(mod));

    FunctionDefinition neg;
    neg.name = "NEGATE";
    neg.style = CallStyle::Prefix;
    neg.signatures = {"-<NUMERIC>", "-<INTERVAL>"};
    neg.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.size() != 1) return std::nullopt;
        const DataType& t = args[0].type;
        if (!t.isNumeric() && !t.isInterval()) return std::nullopt;
        Kernel k = [id = t.id](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            out.resize(n);
            dispatchFixed(id, [&](auto tag) {
                using T = decltype(tag);
                const T* x = v[0].data<T>();
                T* r = out.data<T>();
                if constexpr (std::is_same_v<T, Int128> || std::is_floating_point_v<T>) {
                    for (size_t i = 0; i < n; ++i) r[i] = -x[i];
                } else if constexpr (!std::is_same_v<T, uint8_t>) {
                    using U = std::make_unsigned_t<T>;
                    for (size_t i = 0; i < n; ++i) r[i] = static_cast<T>(U(0) - static_cast<U>(x[i]));
                }
            });
            propagateNulls(v, n, out);
        };
        return ResolvedFunction{t, {t}, k};
    };
    registry.add(std::move(neg));
}

}  // namespace sluice::functions
