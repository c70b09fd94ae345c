// + - * / % and unary minus over numbers (Flink/Java semantics: integers wrap on overflow, integer
// division truncates and fails on zero, DECIMAL results follow Flink's precision rules and become
// NULL on overflow), plus TIMESTAMP/DATE +/- INTERVAL.
#include <fmt/format.h>

#include <cmath>
#include <type_traits>

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

// DECIMAL kernels: arguments arrive as DECIMALs (integers cast by the binder).
Kernel decimalKernel(ArithOp op, DataType a, DataType b, DataType result) {
    return [=](const std::vector<Vector>& args, size_t n, Vector& out, EvalContext&) {
        out.resize(n);
        propagateNulls(args, n, out);
        const Int128* x = args[0].data<Int128>();
        const Int128* y = args[1].data<Int128>();
        Int128* r = out.data<Int128>();
        const Int128 limit = pow10i(result.precision);
        const uint8_t* nulls = out.nulls();
        for (size_t i = 0; i < n; ++i) {
            if (nulls && nulls[i]) continue;
            Int128 v = 0;
            switch (op) {
                case ArithOp::Add:
                case ArithOp::Sub: {
                    Int128 xa = x[i] * pow10i(result.scale - a.scale);
                    Int128 yb = y[i] * pow10i(result.scale - b.scale);
                    v = op == ArithOp::Add ? xa + yb : xa - yb;
                    break;
                }
                case ArithOp::Mul: {
                    v = x[i] * y[i];
                    int s = a.scale + b.scale;
                    if (s > result.scale) v = roundDiv(v, pow10i(s - result.scale));
                    break;
                }
                case ArithOp::Div: {
                    if (y[i] == 0) throw ExecutionError("Division by zero: / by zero");
                    // x/10^sa / (y/10^sb) * 10^rs = x * 10^(rs - sa + sb) / y
                    int shift = result.scale - a.scale + b.scale;
                    v = shift >= 0 ? roundDiv(x[i] * pow10i(shift), y[i]) : roundDiv(x[i], y[i] * pow10i(-shift));
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

    // Temporal +/- interval.
    if ((op == ArithOp::Add || op == ArithOp::Sub) && (a.isTimestamp() || a.id == TypeId::Date) &&
        b.id == TypeId::IntervalDayTime) {
        DataType result = a.id == TypeId::Date ? DataType::timestamp(3) : a;
        if (a.id == TypeId::Date) return std::nullopt;  // DATE + INTERVAL: issue #3
        int sign = op == ArithOp::Add ? 1 : -1;
        Kernel k = [sign](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            out.resize(n);
            const int64_t* ts = v[0].data<int64_t>();
            const int64_t* ms = v[1].data<int64_t>();
            int64_t* r = out.data<int64_t>();
            for (size_t i = 0; i < n; ++i) r[i] = ts[i] + sign * ms[i] * 1000;
            propagateNulls(v, n, out);
        };
        return ResolvedFunction{result.withNullable(nullable), {a, b}, k};
    }
    if (op == ArithOp::Add && a.id == TypeId::IntervalDayTime && b.isTimestamp()) return std::nullopt;

    if (!a.isNumeric() || !b.isNumeric()) return std::nullopt;
    if (op == ArithOp::Mod && (a.isApproximate() || b.isApproximate())) return std::nullopt;

    if (a.isApproximate() || b.isApproximate()) {
        DataType t = (a.id == TypeId::Double || b.id == TypeId::Double) ? DataType::doubleType() : DataType::floatType();
        if (a.id == TypeId::Float && b.id == TypeId::Float) t = DataType::floatType();
        Kernel k = [op, id = t.id](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            if (id == TypeId::Double)
                numericKernel<double>(op, v, n, out);
            else
                numericKernel<float>(op, v, n, out);
        };
        return ResolvedFunction{t.withNullable(nullable), {t.withNullable(a.nullable), t.withNullable(b.nullable)}, k};
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
            if constexpr (std::is_integral_v<T> && !std::is_same_v<T, uint8_t>) numericKernel<T>(op, v, n, out);
        });
    };
    return ResolvedFunction{t.withNullable(nullable), {t.withNullable(a.nullable), t.withNullable(b.nullable)}, k};
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
