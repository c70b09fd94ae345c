// = <> < <= > >= over any two types with a common type (the binder casts both sides to it).
#include <fmt/format.h>

#include "functions/function_registry.h"
#include "functions/scalar/kernel_util.h"
#include "functions/type_coercion.h"

namespace sluice::functions {

namespace {

enum class CmpOp { Eq, Ne, Lt, Le, Gt, Ge };

template <class T>
inline bool compare(CmpOp op, const T& a, const T& b) {
    switch (op) {
        case CmpOp::Eq:
            return a == b;
        case CmpOp::Ne:
            return a != b;
        case CmpOp::Lt:
            return a < b;
        case CmpOp::Le:
            return a <= b;
        case CmpOp::Gt:
            return a > b;
        case CmpOp::Ge:
            return a >= b;
    }
    return false;
}

template <class T>
void fixedCompare(CmpOp op, const Vector& a, const Vector& b, size_t n, uint8_t* r) {
    const T* x = a.data<T>();
    const T* y = b.data<T>();
    switch (op) {
        case CmpOp::Eq:
            for (size_t i = 0; i < n; ++i) r[i] = x[i] == y[i];
            break;
        case CmpOp::Ne:
            for (size_t i = 0; i < n; ++i) r[i] = x[i] != y[i];
            break;
        case CmpOp::Lt:
            for (size_t i = 0; i < n; ++i) r[i] = x[i] < y[i];
            break;
        case CmpOp::Le:
            for (size_t i = 0; i < n; ++i) r[i] = x[i] <= y[i];
            break;
        case CmpOp::Gt:
            for (size_t i = 0; i < n; ++i) r[i] = x[i] > y[i];
            break;
        case CmpOp::Ge:
            for (size_t i = 0; i < n; ++i) r[i] = x[i] >= y[i];
            break;
    }
}

FunctionDefinition comparison(const std::string& name, CmpOp op) {
    FunctionDefinition d;
    d.name = name;
    d.style = CallStyle::Infix;
    d.signatures = {fmt::format("<COMPARABLE_TYPE> {} <COMPARABLE_TYPE>", name)};
    d.resolve = [op](const std::vector<ArgInfo>& infos) -> std::optional<ResolvedFunction> {
        if (infos.size() != 2) return std::nullopt;
        std::vector<DataType> args = argTypes(infos);
        auto common = commonType(args[0], args[1]);
        if (!common || common->id == TypeId::Null) return std::nullopt;
        DataType t = *common;
        if (t.isNested() || t.id == TypeId::Raw) return std::nullopt;
        bool ordered = op != CmpOp::Eq && op != CmpOp::Ne;
        if (ordered && t.id == TypeId::Boolean) {
            // Flink orders booleans (FALSE < TRUE).
        }
        Kernel k = [op, t](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            out.resize(n);
            uint8_t* r = out.data<uint8_t>();
            if (t.isString() || t.isBinary()) {
                for (size_t i = 0; i < n; ++i) r[i] = compare(op, v[0].stringAt(i), v[1].stringAt(i));
            } else {
                dispatchFixed(t.id, [&](auto tag) { fixedCompare<decltype(tag)>(op, v[0], v[1], n, r); });
            }
            propagateNulls(v, n, out);
        };
        bool nullable = args[0].nullable || args[1].nullable;
        return ResolvedFunction{DataType::boolean().withNullable(nullable),
                                {t.withNullable(args[0].nullable), t.withNullable(args[1].nullable)},
                                k};
    };
    return d;
}

}  // namespace

void registerComparison(FunctionRegistry& registry) {
    registry.add(comparison("=", CmpOp::Eq));
    registry.add(comparison("<>", CmpOp::Ne));
    registry.add(comparison("<", CmpOp::Lt));
    registry.add(comparison("<=", CmpOp::Le));
    registry.add(comparison(">", CmpOp::Gt));
    registry.add(comparison(">=", CmpOp::Ge));
}

}  // namespace sluice::functions
