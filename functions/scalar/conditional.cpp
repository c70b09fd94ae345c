// COALESCE, NULLIF, IF, IFNULL, GREATEST, LEAST and IS [NOT] DISTINCT FROM over any comparable
// common type (the binder casts every argument to it). Arguments arrive evaluated for the whole
// batch, so unlike CASE these never skip an argument's evaluation.
#include "functions/function_registry.h"
#include "functions/scalar/kernel_util.h"
#include "functions/type_coercion.h"

namespace sluice::functions {

namespace {

/// The common type of `types`, or nullopt when there is none or every argument is an untyped NULL.
std::optional<DataType> common(const std::vector<DataType>& types) {
    if (types.empty()) return std::nullopt;
    auto t = commonType(types);
    if (!t || t->id == TypeId::Null) return std::nullopt;
    return t;
}

/// Each argument cast to the common type, keeping its own nullability.
std::vector<DataType> castTargets(const std::vector<DataType>& types, const DataType& t) {
    std::vector<DataType> out;
    for (const auto& a : types) out.push_back(t.withNullable(a.nullable || a.id == TypeId::Null));
    return out;
}

bool orderable(const DataType& t) {
    return !t.isNested();
}

/// Calls f(eq) with eq(i) comparing row i of a and b, both of type t (NaN is unequal to itself and
/// -0.0 equals 0.0, as Java's == in Flink's generated code).
template <class F>
void withEquality(const DataType& t, const Vector& a, const Vector& b, F&& f) {
    if (t.isString() || t.isBinary()) {
        f([&](size_t i) { return a.stringAt(i) == b.stringAt(i); });
    } else if (t.isNested()) {
        f([&](size_t i) { return a.getValue(i) == b.getValue(i); });
    } else {
        dispatchFixed(t.id, [&](auto tag) {
            using T = decltype(tag);
            const T* x = a.data<T>();
            const T* y = b.data<T>();
            f([x, y](size_t i) { return x[i] == y[i]; });
        });
    }
}

/// out[i] = row i of args[pick(i)], or NULL when pick(i) < 0.
template <class Pick>
void gatherRows(const DataType& t, const std::vector<Vector>& args, size_t n, Vector& out, Pick&& pick) {
    if (t.isString() || t.isBinary() || t.isNested()) {
        out.reserve(n);
        for (size_t i = 0; i < n; ++i) {
            int k = pick(i);
            if (k < 0)
                out.appendNull();
            else
                out.appendFrom(args[k], i);
        }
        return;
    }
    dispatchFixed(t.id, [&](auto tag) {
        using T = decltype(tag);
        out.resize(n);
        T* r = out.data<T>();
        for (size_t i = 0; i < n; ++i) {
            int k = pick(i);
            if (k < 0)
                out.setNull(i);
            else
                r[i] = args[k].template data<T>()[i];
        }
    });
}

/// The first non-NULL argument of each row.
void coalesceKernel(const DataType& t, const std::vector<Vector>& v, size_t n, Vector& out) {
    if (!v[0].hasNulls()) {
        out = v[0];
        return;
    }
    gatherRows(t, v, n, out, [&](size_t i) {
        for (size_t k = 0; k < v.size(); ++k)
            if (!v[k].isNull(i)) return static_cast<int>(k);
        return -1;
    });
}

FunctionDefinition coalesce() {
    FunctionDefinition d;
    d.name = "COALESCE";
    d.signatures = {"COALESCE(<ANY>, <ANY>...)"};
    d.resolve = [](const std::vector<ArgInfo>& infos) -> std::optional<ResolvedFunction> {
        std::vector<DataType> args = argTypes(infos);
        auto t = common(args);
        if (!t) return std::nullopt;
        // Nullable only if every argument is.
        bool nullable = true;
        for (const auto& a : args) nullable = nullable && (a.nullable || a.id == TypeId::Null);
        DataType type = *t;
        Kernel k = [type](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            coalesceKernel(type, v, n, out);
        };
        return ResolvedFunction{type.withNullable(nullable), castTargets(args, type), k};
    };
    return d;
}

FunctionDefinition ifNull() {
    FunctionDefinition d;
    d.name = "IFNULL";
    d.signatures = {"IFNULL(<ANY>, <ANY>)"};
    d.resolve = [](const std::vector<ArgInfo>& infos) -> std::optional<ResolvedFunction> {
        std::vector<DataType> args = argTypes(infos);
        if (args.size() != 2) return std::nullopt;
        auto t = common(args);
        if (!t) return std::nullopt;
        DataType type = *t;
        Kernel k = [type](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            coalesceKernel(type, v, n, out);
        };
        // Flink: the common type, nullable only if the replacement is.
        bool nullable = args[1].nullable || args[1].id == TypeId::Null;
        return ResolvedFunction{type.withNullable(nullable), castTargets(args, type), k};
    };
    return d;
}

FunctionDefinition nullIf() {
    FunctionDefinition d;
    d.name = "NULLIF";
    d.signatures = {"NULLIF(<COMPARABLE_TYPE>, <COMPARABLE_TYPE>)"};
    d.resolve = [](const std::vector<ArgInfo>& infos) -> std::optional<ResolvedFunction> {
        std::vector<DataType> args = argTypes(infos);
        if (args.size() != 2 || args[0].id == TypeId::Null) return std::nullopt;
        auto t = common(args);
        if (!t) return std::nullopt;
        DataType type = *t;
        // CASE WHEN a = b THEN NULL ELSE a END, compared in the common type.
        Kernel k = [type](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            withEquality(type, v[0], v[1], [&](auto eq) {
                gatherRows(type, v, n, out, [&](size_t i) {
                    if (v[0].isNull(i)) return -1;
                    return !v[1].isNull(i) && eq(i) ? -1 : 0;
                });
            });
        };
        return ResolvedFunction{type.withNullable(true), castTargets(args, type), k};
    };
    return d;
}

FunctionDefinition ifFunction() {
    FunctionDefinition d;
    d.name = "IF";
    d.signatures = {"IF(<BOOLEAN>, <ANY>, <ANY>)"};
    d.resolve = [](const std::vector<ArgInfo>& infos) -> std::optional<ResolvedFunction> {
        std::vector<DataType> args = argTypes(infos);
        if (args.size() != 3) return std::nullopt;
        if (args[0].id != TypeId::Boolean && args[0].id != TypeId::Null) return std::nullopt;
        auto t = common({args[1], args[2]});
        if (!t) return std::nullopt;
        DataType type = *t;
        // A NULL condition takes the false branch. gatherRows indexes args, so the branches are
        // numbered as arguments 1 and 2.
        Kernel k = [type](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            const uint8_t* c = v[0].data<uint8_t>();
            gatherRows(type, v, n, out, [&](size_t i) {
                int k = !v[0].isNull(i) && c[i] ? 1 : 2;
                return v[k].isNull(i) ? -1 : k;
            });
        };
        std::vector<DataType> targets = {DataType::boolean().withNullable(args[0].nullable)};
        for (const auto& a : castTargets({args[1], args[2]}, type)) targets.push_back(a);
        bool nullable = targets[1].nullable || targets[2].nullable;
        return ResolvedFunction{type.withNullable(nullable), targets, k};
    };
    return d;
}

/// GREATEST / LEAST: NULL if any argument is NULL (Flink's semantics, unlike some databases).
FunctionDefinition extreme(const std::string& name, bool greatest) {
    FunctionDefinition d;
    d.name = name;
    d.signatures = {name + "(<COMPARABLE_TYPE>, <COMPARABLE_TYPE>...)"};
    d.resolve = [greatest](const std::vector<ArgInfo>& infos) -> std::optional<ResolvedFunction> {
        std::vector<DataType> args = argTypes(infos);
        auto t = common(args);
        if (!t || !orderable(*t)) return std::nullopt;
        DataType type = *t;
        Kernel k = [type, greatest](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            std::vector<uint8_t> anyNull(n, 0);
            for (const auto& a : v)
                if (a.hasNulls())
                    for (size_t i = 0; i < n; ++i) anyNull[i] |= a.nulls()[i];
            auto better = [greatest](const auto& x, const auto& y) { return greatest ? y < x : x < y; };
            if (type.isString() || type.isBinary()) {
                gatherRows(type, v, n, out, [&](size_t i) {
                    if (anyNull[i]) return -1;
                    int best = 0;
                    for (size_t k = 1; k < v.size(); ++k)
                        if (better(v[k].stringAt(i), v[best].stringAt(i))) best = static_cast<int>(k);
                    return best;
                });
                return;
            }
            dispatchFixed(type.id, [&](auto tag) {
                using T = decltype(tag);
                out.resize(n);
                T* r = out.data<T>();
                for (size_t i = 0; i < n; ++i) {
                    if (anyNull[i]) {
                        out.setNull(i);
                        continue;
                    }
                    T best = v[0].data<T>()[i];
                    for (size_t k = 1; k < v.size(); ++k) {
                        T x = v[k].data<T>()[i];
                        if (better(x, best)) best = x;
                    }
                    r[i] = best;
                }
            });
        };
        bool nullable = false;
        for (const auto& a : args) nullable = nullable || a.nullable || a.id == TypeId::Null;
        return ResolvedFunction{type.withNullable(nullable), castTargets(args, type), k};
    };
    return d;
}

/// IS [NOT] DISTINCT FROM: equality where two NULLs are equal; never NULL.
FunctionDefinition distinctFrom(const std::string& name, bool distinct) {
    FunctionDefinition d;
    d.name = name;
    d.style = CallStyle::Infix;
    d.signatures = {"<COMPARABLE_TYPE> " + name + " <COMPARABLE_TYPE>"};
    d.resolve = [distinct](const std::vector<ArgInfo>& infos) -> std::optional<ResolvedFunction> {
        std::vector<DataType> args = argTypes(infos);
        if (args.size() != 2) return std::nullopt;
        auto t = common(args);
        if (!t) return std::nullopt;
        DataType type = *t;
        Kernel k = [type, distinct](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            out.resize(n);
            uint8_t* r = out.data<uint8_t>();
            withEquality(type, v[0], v[1], [&](auto eq) {
                if (!v[0].hasNulls() && !v[1].hasNulls()) {
                    for (size_t i = 0; i < n; ++i) r[i] = eq(i) != distinct;
                    return;
                }
                for (size_t i = 0; i < n; ++i) {
                    bool an = v[0].isNull(i), bn = v[1].isNull(i);
                    bool same = (an && bn) || (!an && !bn && eq(i));
                    r[i] = same != distinct;
                }
            });
        };
        return ResolvedFunction{DataType::boolean().withNullable(false), castTargets(args, type), k};
    };
    return d;
}

}  // namespace

void registerConditional(FunctionRegistry& registry) {
    registry.add(coalesce());
    registry.add(ifNull());
    registry.add(nullIf());
    registry.add(ifFunction());
    registry.add(extreme("GREATEST", true));
    registry.add(extreme("LEAST", false));
    registry.add(distinctFrom("IS DISTINCT FROM", true));
    registry.add(distinctFrom("IS NOT DISTINCT FROM", false));
}

}  // namespace sluice::functions
