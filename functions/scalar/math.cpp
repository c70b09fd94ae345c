// Math functions with Flink's result types and Java's numeric behaviour: DOUBLE functions follow
// java.lang.Math, ROUND/TRUNCATE go through BigDecimal.valueOf (the shortest decimal text of a
// double) with HALF_UP/DOWN, DECIMAL results use LogicalTypeMerging.findRoundDecimalType and become
// NULL on overflow, RAND/RAND_INTEGER reproduce java.util.Random for a given seed.
#include "functions/scalar/math.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <numbers>
#include <random>
#include <type_traits>

#include "common/error.h"
#include "functions/scalar/kernel_util.h"
#include "functions/type_coercion.h"

namespace sluice::functions {

namespace {

bool isNullType(const DataType& t) {
    return t.id == TypeId::Null;
}

// ---------------------------------------------------------------- DOUBLE functions

template <class F>
Kernel doubleUnary(F f) {
    return [f](const std::vector<Vector>& args, size_t n, Vector& out, EvalContext&) {
        out.resize(n);
        const double* x = args[0].data<double>();
        double* r = out.data<double>();
        for (size_t i = 0; i < n; ++i) r[i] = f(x[i]);
        propagateNulls(args, n, out);
    };
}

template <class F>
Kernel doubleBinary(F f) {
    return [f](const std::vector<Vector>& args, size_t n, Vector& out, EvalContext&) {
        out.resize(n);
        const double* x = args[0].data<double>();
        const double* y = args[1].data<double>();
        double* r = out.data<double>();
        for (size_t i = 0; i < n; ++i) r[i] = f(x[i], y[i]);
        propagateNulls(args, n, out);
    };
}

// java.lang.Math.pow differs from C's pow where the exponent is NaN or +-Infinity on a base of +-1.
double javaPow(double x, double y) {
    if (std::isnan(y)) return std::nan("");
    if (std::isinf(y) && std::fabs(x) == 1.0) return std::nan("");
    return std::pow(x, y);
}

// Resolves f(NUMERIC...) -> DOUBLE: every argument is cast to DOUBLE by the binder.
FunctionDefinition doubleFunction(const std::string& name, size_t arity, Kernel kernel) {
    FunctionDefinition d;
    d.name = name;
    std::string sig = name + "(";
    for (size_t i = 0; i < arity; ++i) sig += i ? ", <NUMERIC>" : "<NUMERIC>";
    d.signatures = {sig + ")"};
    d.resolve = [arity, kernel](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.size() != arity) return std::nullopt;
        bool nullable = false;
        std::vector<DataType> types;
        for (const auto& a : args) {
            if (!a.type.isNumeric() && !isNullType(a.type)) return std::nullopt;
            nullable |= a.type.nullable;
            types.push_back(DataType::doubleType().withNullable(a.type.nullable));
        }
        return ResolvedFunction{DataType::doubleType().withNullable(nullable), types, kernel};
    };
    return d;
}

FunctionDefinition constantFunction(const std::string& name, double value) {
    FunctionDefinition d;
    d.name = name;
    d.signatures = {name + "()"};
    d.resolve = [value](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (!args.empty()) return std::nullopt;
        Kernel k = [value](const std::vector<Vector>&, size_t n, Vector& out, EvalContext&) {
            out.resize(n);
            double* r = out.data<double>();
            for (size_t i = 0; i < n; ++i) r[i] = value;
        };
        return ResolvedFunction{DataType::doubleType().withNullable(false), {}, k};
    };
    return d;
}

// ---------------------------------------------------------------- ROUND / TRUNCATE

enum class RoundMode { HalfUp, Down, Floor, Ceiling };

// Rounds q = v / div (div > 0) to an integer.
Int128 divideRounded(Int128 v, Int128 div, RoundMode mode) {
    Int128 q = v / div, r = v % div;
    if (r == 0) return q;
    switch (mode) {
        case RoundMode::HalfUp: {
            Int128 absR = r < 0 ? -r : r;
            if (absR * 2 >= div) q += v < 0 ? -1 : 1;
            break;
        }
        case RoundMode::Down:
            break;
        case RoundMode::Floor:
            if (v < 0) --q;
            break;
        case RoundMode::Ceiling:
            if (v > 0) ++q;
            break;
    }
    return q;
}

// BigDecimal.valueOf(d).setScale(digits, mode).doubleValue(): rounds the shortest decimal text of
// d, not its binary value, so ROUND(2.675, 2) is 2.68 as in Flink.
double roundDoubleDecimal(double d, int digits, RoundMode mode) {
    if (!std::isfinite(d) || d == 0) return d;
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
    std::string_view s(buf, static_cast<size_t>(res.ptr - buf));  // "-1.2345e+02"
    bool neg = s[0] == '-';
    if (neg) s.remove_prefix(1);
    size_t e = s.find('e');
    int exp10 = std::atoi(std::string(s.substr(e + 1)).c_str());
    std::string mant;
    for (char c : s.substr(0, e))
        if (c != '.') mant += c;
    // value = 0.mant * 10^(exp10 + 1); keep `keep` digits to have `digits` after the point.
    int keep = exp10 + 1 + digits;
    if (keep >= static_cast<int>(mant.size())) return d;
    bool up = false;
    if (keep < 0) {
        up = mode == RoundMode::Ceiling ? !neg : mode == RoundMode::Floor ? neg : false;
        mant.clear();
    } else {
        bool dropped = mant.find_first_not_of('0', static_cast<size_t>(keep)) != std::string::npos;
        switch (mode) {
            case RoundMode::HalfUp:
                up = mant[static_cast<size_t>(keep)] >= '5';
                break;
            case RoundMode::Down:
                break;
            case RoundMode::Floor:
                up = neg && dropped;
                break;
            case RoundMode::Ceiling:
                up = !neg && dropped;
                break;
        }
        mant.resize(static_cast<size_t>(keep));
    }
    // mant (keep digits) * 10^(exp10 + 1 - keep), plus one unit in the last place when rounding up.
    int scaleExp = exp10 + 1 - std::max(keep, 0);
    if (mant.empty()) mant = "0";
    if (up) {
        int i = static_cast<int>(mant.size()) - 1;
        while (i >= 0 && mant[static_cast<size_t>(i)] == '9') mant[static_cast<size_t>(i--)] = '0';
        if (i < 0)
            mant.insert(mant.begin(), '1');
        else
            ++mant[static_cast<size_t>(i)];
    }
    std::string text = (neg ? "-" : "") + mant + "e" + std::to_string(scaleExp);
    return std::strtod(text.c_str(), nullptr);
}

// ROUND/TRUNCATE(integer, n): n >= 0 leaves the value; n < 0 rounds to a multiple of 10^-n,
// wrapping like Java's long arithmetic.
int64_t roundInteger(int64_t v, int64_t digits, RoundMode mode) {
    if (digits >= 0) return v;
    if (digits < -38) return 0;
    Int128 unit = pow10i(static_cast<int>(-digits));
    Int128 q = divideRounded(v, unit, mode);
    return static_cast<int64_t>(static_cast<uint64_t>(static_cast<unsigned __int128>(q * unit)));
}

// Rounds an unscaled DECIMAL at scale `scale` to `digits` fraction digits and returns it at scale
// `outScale`; nullopt on overflow of `outPrecision` (Flink gives NULL).
std::optional<Int128> roundDecimal(Int128 v, int scale, int64_t digits, RoundMode mode, int outPrecision,
                                   int outScale) {
    Int128 q;
    int qScale;
    if (digits >= scale) {
        q = v;
        qScale = scale;
    } else if (scale - digits > 38) {
        q = 0;
        qScale = 0;
        if (v != 0 && (mode == RoundMode::Floor || mode == RoundMode::Ceiling)) return std::nullopt;
    } else {
        q = divideRounded(v, pow10i(static_cast<int>(scale - digits)), mode);
        qScale = static_cast<int>(digits);
    }
    // q is at scale qScale (a negative scale counts multiples of 10^-qScale); bring it to outScale.
    int shift = outScale - qScale;
    if (shift > 38) return q == 0 ? std::optional<Int128>(0) : std::nullopt;
    Int128 limit = pow10i(outPrecision);
    if (shift >= 0) {
        Int128 p = pow10i(shift);
        Int128 absQ = q < 0 ? -q : q;
        if (absQ != 0 && absQ >= (limit + p - 1) / p) return std::nullopt;
        return q * p;
    }
    // shift < 0 only when digits > outScale, which the callers exclude.
    return q / pow10i(-shift);
}

bool isIntegerArg(const ArgInfo& a) {
    return a.type.isInteger() || isNullType(a.type);
}

// ROUND(x [, n]) and TRUNCATE(x [, n]).
std::optional<ResolvedFunction> resolveRound(const std::vector<ArgInfo>& args, RoundMode mode) {
    if (args.empty() || args.size() > 2) return std::nullopt;
    DataType t = args[0].type;
    if (isNullType(t)) t = DataType::integer();
    if (!t.isNumeric()) return std::nullopt;
    if (args.size() == 2 && !isIntegerArg(args[1])) return std::nullopt;
    // The digit count when known at plan time (Flink then narrows a DECIMAL result type).
    bool digitsKnown = args.size() == 1 || (args[1].constant && !args[1].constant->isNull());
    int64_t constDigits = args.size() == 2 && digitsKnown ? args[1].constant->asInt() : 0;
    bool nullable = t.nullable || (args.size() == 2 && args[1].type.nullable);
    std::vector<DataType> argTypes{t.withNullable(args[0].type.nullable)};
    if (args.size() == 2) argTypes.push_back(DataType::integer().withNullable(args[1].type.nullable));
    auto digitsAt = [](const std::vector<Vector>& v, size_t i) -> int64_t {
        return v.size() > 1 ? v[1].data<int32_t>()[i] : 0;
    };

    if (t.id == TypeId::Decimal) {
        DataType result = t;
        if (digitsKnown) {
            // LogicalTypeMerging.findRoundDecimalType
            int64_t r = constDigits;
            if (r >= t.scale)
                result = t;
            else if (r < 0)
                result = DataType::decimal(std::min(38, 1 + t.precision - t.scale), 0);
            else
                result =
                    DataType::decimal(static_cast<int>(1 + t.precision - t.scale + r), static_cast<int>(r));
        }
        Kernel k = [mode, in = t, result](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            out.resize(n);
            propagateNulls(v, n, out);
            const Int128* x = v[0].data<Int128>();
            Int128* r = out.data<Int128>();
            const uint8_t* nulls = out.nulls();
            for (size_t i = 0; i < n; ++i) {
                if (nulls && nulls[i]) continue;
                int64_t digits = v.size() > 1 ? v[1].data<int32_t>()[i] : 0;
                // A run-time digit count beyond the result scale keeps the value (result = input type).
                int64_t eff = std::min<int64_t>(digits, result.scale);
                auto q = roundDecimal(x[i], in.scale, eff, mode, result.precision, result.scale);
                if (q)
                    r[i] = *q;
                else
                    out.setNull(i);
            }
        };
        return ResolvedFunction{result.withNullable(true), argTypes, k};
    }
    if (t.isApproximate()) {
        Kernel k = [mode, digitsAt, isFloat = t.id == TypeId::Float](const std::vector<Vector>& v, size_t n,
                                                                     Vector& out, EvalContext&) {
            out.resize(n);
            for (size_t i = 0; i < n; ++i) {
                int digits = static_cast<int>(digitsAt(v, i));
                if (isFloat) {
                    // BigDecimal.valueOf(float) widens to double first.
                    out.data<float>()[i] =
                        static_cast<float>(roundDoubleDecimal(v[0].data<float>()[i], digits, mode));
                } else {
                    out.data<double>()[i] = roundDoubleDecimal(v[0].data<double>()[i], digits, mode);
                }
            }
            propagateNulls(v, n, out);
        };
        return ResolvedFunction{t.withNullable(nullable), argTypes, k};
    }
    Kernel k = [mode, digitsAt, id = t.id](const std::vector<Vector>& v, size_t n, Vector& out,
                                           EvalContext&) {
        out.resize(n);
        dispatchFixed(id, [&](auto tag) {
            using T = decltype(tag);
            if constexpr (std::is_integral_v<T> && !std::is_same_v<T, uint8_t>) {
                const T* x = v[0].data<T>();
                T* r = out.data<T>();
                for (size_t i = 0; i < n; ++i)
                    r[i] = static_cast<T>(roundInteger(x[i], digitsAt(v, i), mode));
            }
        });
        propagateNulls(v, n, out);
    };
    return ResolvedFunction{t.withNullable(nullable), argTypes, k};
}

// FLOOR(x) / CEIL(x): DECIMAL(p, s) -> DECIMAL(p, 0) (Calcite's ARG0_OR_EXACT_NO_SCALE), DOUBLE and
// FLOAT keep their type, integers are returned unchanged.
std::optional<ResolvedFunction> resolveFloorCeil(const std::vector<ArgInfo>& args, RoundMode mode) {
    if (args.size() != 1 || !args[0].symbol.empty()) return std::nullopt;
    DataType t = args[0].type;
    if (isNullType(t)) t = DataType::doubleType();
    if (!t.isNumeric()) return std::nullopt;  // temporal overloads: see math.h
    if (t.id == TypeId::Decimal) {
        DataType result = DataType::decimal(t.precision, 0).withNullable(t.nullable);
        Kernel k = [mode, scale = t.scale, result](const std::vector<Vector>& v, size_t n, Vector& out,
                                                   EvalContext&) {
            out.resize(n);
            propagateNulls(v, n, out);
            const Int128* x = v[0].data<Int128>();
            Int128* r = out.data<Int128>();
            for (size_t i = 0; i < n; ++i)
                r[i] = scale == 0 ? x[i] : divideRounded(x[i], pow10i(scale), mode);
        };
        return ResolvedFunction{result, {t}, k};
    }
    Kernel k = [mode, id = t.id](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
        out.resize(n);
        dispatchFixed(id, [&](auto tag) {
            using T = decltype(tag);
            if constexpr (!std::is_same_v<T, Int128>) {
                const T* x = v[0].data<T>();
                T* r = out.data<T>();
                for (size_t i = 0; i < n; ++i) {
                    if constexpr (std::is_floating_point_v<T>)
                        r[i] = mode == RoundMode::Floor ? std::floor(x[i]) : std::ceil(x[i]);
                    else
                        r[i] = x[i];
                }
            }
        });
        propagateNulls(v, n, out);
    };
    return ResolvedFunction{t, {t}, k};
}

FunctionDefinition floorCeil(const std::string& name, RoundMode mode, const FunctionRegistry& registry) {
    FunctionDefinition d;
    d.name = name;
    d.signatures = {name + "(<NUMERIC>)"};
    Resolver temporal;
    if (const auto* t = registry.find(mode == RoundMode::Floor ? kFloorTemporalName : kCeilTemporalName)) {
        temporal = t->resolve;
        for (const auto& s : t->signatures) d.signatures.push_back(s);
    }
    d.resolve = [mode, temporal](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (auto r = resolveFloorCeil(args, mode)) return r;
        // FLOOR(ts TO unit) and friends: temporal.cpp's resolver, if registered.
        return temporal ? temporal(args) : std::nullopt;
    };
    return d;
}

// ---------------------------------------------------------------- ABS, SIGN

std::optional<ResolvedFunction> resolveAbsSign(const std::vector<ArgInfo>& args, bool sign) {
    if (args.size() != 1) return std::nullopt;
    DataType t = args[0].type;
    if (isNullType(t)) t = DataType::integer();
    if (!t.isNumeric()) return std::nullopt;
    Int128 one = t.id == TypeId::Decimal ? pow10i(t.scale) : 1;
    bool overflowOne = t.id == TypeId::Decimal && t.precision <= t.scale;  // 1 does not fit: NULL
    Kernel k = [sign, id = t.id, one, overflowOne](const std::vector<Vector>& v, size_t n, Vector& out,
                                                   EvalContext&) {
        out.resize(n);
        propagateNulls(v, n, out);
        dispatchFixed(id, [&](auto tag) {
            using T = decltype(tag);
            if constexpr (!std::is_same_v<T, uint8_t>) {
                const T* x = v[0].data<T>();
                T* r = out.data<T>();
                for (size_t i = 0; i < n; ++i) {
                    if (sign) {
                        if constexpr (std::is_floating_point_v<T>)
                            r[i] = x[i] > 0 ? T(1) : x[i] < 0 ? T(-1) : x[i];  // Math.signum keeps NaN, -0.0
                        else if constexpr (std::is_same_v<T, Int128>)
                            r[i] = x[i] > 0 ? one : x[i] < 0 ? -one : 0;
                        else
                            r[i] = x[i] > 0 ? T(1) : x[i] < 0 ? T(-1) : T(0);
                    } else {
                        if constexpr (std::is_floating_point_v<T>)
                            r[i] = std::fabs(x[i]);
                        else if constexpr (std::is_same_v<T, Int128>)
                            r[i] = x[i] < 0 ? -x[i] : x[i];
                        else  // Math.abs(MIN_VALUE) is MIN_VALUE
                            r[i] = x[i] < 0 ? static_cast<T>(0 - static_cast<std::make_unsigned_t<T>>(x[i]))
                                            : x[i];
                    }
                }
            }
        });
        if (sign && overflowOne) {
            const Int128* x = v[0].data<Int128>();
            for (size_t i = 0; i < n; ++i)
                if (x[i] != 0) out.setNull(i);
        }
    };
    DataType result = t;
    if (sign && overflowOne) result = result.withNullable(true);
    return ResolvedFunction{result, {t}, k};
}

// ---------------------------------------------------------------- RAND, RAND_INTEGER

// java.util.Random, so that RAND(seed) and RAND_INTEGER(seed, n) give Flink's sequences.
class JavaRandom {
public:
    explicit JavaRandom(int64_t seed) { setSeed(seed); }
    void setSeed(int64_t seed) { seed_ = (static_cast<uint64_t>(seed) ^ 0x5DEECE66DULL) & kMask; }
    double nextDouble() {
        int64_t hi = next(26), lo = next(27);
        return static_cast<double>((hi << 27) + lo) * 0x1.0p-53;
    }
    int32_t nextInt(int32_t bound) {
        int32_t r = next(31);
        int32_t m = bound - 1;
        if ((bound & m) == 0) return static_cast<int32_t>((static_cast<int64_t>(bound) * r) >> 31);
        for (int32_t u = r; u - (r = u % bound) + m < 0; u = next(31)) {
        }
        return r;
    }

private:
    static constexpr uint64_t kMask = (1ULL << 48) - 1;
    int32_t next(int bits) {
        seed_ = (seed_ * 0x5DEECE66DULL + 0xBULL) & kMask;
        return static_cast<int32_t>(static_cast<int64_t>(seed_) >> (48 - bits));
    }
    uint64_t seed_ = 0;
};

// One generator per call site, seeded once (Flink seeds it when the operator opens). Shared by
// clones of the expression, hence the mutex; taken once per batch.
struct RandomState {
    std::mutex mutex;
    JavaRandom random;
    explicit RandomState(int64_t seed) : random(seed) {}
};

int64_t freshSeed() {
    std::random_device rd;
    return (static_cast<int64_t>(rd()) << 32) ^ rd();
}

std::optional<ResolvedFunction> resolveRand(const std::vector<ArgInfo>& args, bool integer) {
    size_t want = integer ? 2 : 1;
    if (args.size() > want || (integer && args.empty())) return std::nullopt;
    for (const auto& a : args)
        if (!isIntegerArg(a)) return std::nullopt;
    bool seeded = args.size() == want;
    if (seeded && !args[0].constant)
        throw ValidationError(
            fmt::format("The seed of {} must be a constant", integer ? "RAND_INTEGER" : "RAND"));
    int64_t seed = seeded && !args[0].constant->isNull() ? args[0].constant->asInt() : freshSeed();
    auto state = std::make_shared<RandomState>(seed);
    std::vector<DataType> types;
    for (const auto& a : args) types.push_back(DataType::bigint().withNullable(a.type.nullable));
    if (!integer) {
        Kernel k = [state](const std::vector<Vector>&, size_t n, Vector& out, EvalContext&) {
            out.resize(n);
            double* r = out.data<double>();
            std::lock_guard<std::mutex> lock(state->mutex);
            for (size_t i = 0; i < n; ++i) r[i] = state->random.nextDouble();
        };
        return ResolvedFunction{DataType::doubleType().withNullable(false), types, k, false};
    }
    bool nullable = args.back().type.nullable;
    types.back() = DataType::integer().withNullable(nullable);
    Kernel k = [state](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
        const Vector& bound = v.back();
        out.resize(n);
        propagateNulls({bound}, n, out);
        int32_t* r = out.data<int32_t>();
        const int32_t* b = bound.data<int32_t>();
        std::lock_guard<std::mutex> lock(state->mutex);
        for (size_t i = 0; i < n; ++i) {
            if (bound.isNull(i)) continue;
            if (b[i] <= 0)
                throw ExecutionError("RAND_INTEGER: bound must be positive, got " + std::to_string(b[i]));
            r[i] = state->random.nextInt(b[i]);
        }
    };
    return ResolvedFunction{DataType::integer().withNullable(nullable), types, k, false};
}

// ---------------------------------------------------------------- BIN, HEX

std::optional<ResolvedFunction> resolveBinHex(const std::vector<ArgInfo>& args, bool hex) {
    if (args.size() != 1) return std::nullopt;
    const DataType& t = args[0].type;
    DataType result = DataType::string().withNullable(t.nullable);
    if (t.isInteger() || isNullType(t)) {
        // Long.toBinaryString / Long.toHexString (upper case): two's complement of the long.
        Kernel k = [hex](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            const int64_t* x = v[0].data<int64_t>();
            for (size_t i = 0; i < n; ++i) {
                if (v[0].isNull(i)) {
                    out.appendNull();
                    continue;
                }
                uint64_t u = static_cast<uint64_t>(x[i]);
                out.appendString(hex ? fmt::format("{:X}", u) : fmt::format("{:b}", u));
            }
        };
        return ResolvedFunction{result, {DataType::bigint().withNullable(t.nullable)}, k};
    }
    if (hex && (t.isString() || t.isBinary())) {
        Kernel k = [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            static const char* digits = "0123456789ABCDEF";
            std::string buf;
            for (size_t i = 0; i < n; ++i) {
                if (v[0].isNull(i)) {
                    out.appendNull();
                    continue;
                }
                buf.clear();
                for (unsigned char c : v[0].stringAt(i)) {
                    buf += digits[c >> 4];
                    buf += digits[c & 15];
                }
                out.appendString(buf);
            }
        };
        return ResolvedFunction{result, {t}, k};
    }
    return std::nullopt;
}

FunctionDefinition define(const std::string& name, std::vector<std::string> signatures, Resolver r) {
    FunctionDefinition d;
    d.name = name;
    d.signatures = std::move(signatures);
    d.resolve = std::move(r);
    return d;
}

}  // namespace

void registerMath(FunctionRegistry& registry) {
    registry.add(define("ABS", {"ABS(<NUMERIC>)"}, [](const auto& a) { return resolveAbsSign(a, false); }));
    registry.add(define("SIGN", {"SIGN(<NUMERIC>)"}, [](const auto& a) { return resolveAbsSign(a, true); }));

    registry.add(doubleFunction("POWER", 2, doubleBinary(javaPow)));
    registry.add(doubleFunction("SQRT", 1, doubleUnary([](double x) { return std::sqrt(x); })));
    registry.add(doubleFunction("EXP", 1, doubleUnary([](double x) { return std::exp(x); })));
    registry.add(doubleFunction("LN", 1, doubleUnary([](double x) { return std::log(x); })));
    registry.add(doubleFunction("LOG10", 1, doubleUnary([](double x) { return std::log10(x); })));
    // Flink computes LOG2 and LOG(b, x) as quotients of natural logarithms; so do we, for equal bits.
    registry.add(
        doubleFunction("LOG2", 1, doubleUnary([](double x) { return std::log(x) / std::log(2.0); })));
    FunctionDefinition log = doubleFunction("LOG", 1, doubleUnary([](double x) { return std::log(x); }));
    FunctionDefinition log2Args =
        doubleFunction("LOG", 2, doubleBinary([](double b, double x) { return std::log(x) / std::log(b); }));
    log.signatures.push_back(log2Args.signatures[0]);
    log.resolve = [one = log.resolve, two = log2Args.resolve](const std::vector<ArgInfo>& args) {
        return args.size() == 2 ? two(args) : one(args);
    };
    registry.add(std::move(log));

    registry.add(doubleFunction("SIN", 1, doubleUnary([](double x) { return std::sin(x); })));
    registry.add(doubleFunction("COS", 1, doubleUnary([](double x) { return std::cos(x); })));
    registry.add(doubleFunction("TAN", 1, doubleUnary([](double x) { return std::tan(x); })));
    registry.add(doubleFunction("COT", 1, doubleUnary([](double x) { return 1.0 / std::tan(x); })));
    registry.add(doubleFunction("ASIN", 1, doubleUnary([](double x) { return std::asin(x); })));
    registry.add(doubleFunction("ACOS", 1, doubleUnary([](double x) { return std::acos(x); })));
    registry.add(doubleFunction("ATAN", 1, doubleUnary([](double x) { return std::atan(x); })));
    registry.add(
        doubleFunction("ATAN2", 2, doubleBinary([](double y, double x) { return std::atan2(y, x); })));
    registry.add(doubleFunction("SINH", 1, doubleUnary([](double x) { return std::sinh(x); })));
    registry.add(doubleFunction("COSH", 1, doubleUnary([](double x) { return std::cosh(x); })));
    registry.add(doubleFunction("TANH", 1, doubleUnary([](double x) { return std::tanh(x); })));
    // Math.toDegrees / toRadians multiply by these constants (JDK 9+).
    registry.add(doubleFunction("DEGREES", 1, doubleUnary([](double x) { return x * 57.29577951308232; })));
    registry.add(
        doubleFunction("RADIANS", 1, doubleUnary([](double x) { return x * 0.017453292519943295; })));
    registry.add(constantFunction("PI", std::numbers::pi));
    registry.add(constantFunction("E", std::numbers::e));

    registry.add(define("ROUND", {"ROUND(<NUMERIC>)", "ROUND(<NUMERIC>, <INTEGER>)"},
                        [](const auto& a) { return resolveRound(a, RoundMode::HalfUp); }));
    registry.add(define("TRUNCATE", {"TRUNCATE(<NUMERIC>)", "TRUNCATE(<NUMERIC>, <INTEGER>)"},
                        [](const auto& a) { return resolveRound(a, RoundMode::Down); }));
    registry.add(floorCeil("FLOOR", RoundMode::Floor, registry));
    registry.add(floorCeil("CEIL", RoundMode::Ceiling, registry));
    registry.add(floorCeil("CEILING", RoundMode::Ceiling, registry));

    registry.add(
        define("RAND", {"RAND()", "RAND(<INTEGER>)"}, [](const auto& a) { return resolveRand(a, false); }));
    registry.add(define("RAND_INTEGER", {"RAND_INTEGER(<INTEGER>)", "RAND_INTEGER(<INTEGER>, <INTEGER>)"},
                        [](const auto& a) { return resolveRand(a, true); }));
    registry.add(define("BIN", {"BIN(<INTEGER>)"}, [](const auto& a) { return resolveBinHex(a, false); }));
    registry.add(define("HEX", {"HEX(<INTEGER>)", "HEX(<STRING>)"},
                        [](const auto& a) { return resolveBinHex(a, true); }));
}

}  // namespace sluice::functions
