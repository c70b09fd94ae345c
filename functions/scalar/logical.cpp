// AND / OR / NOT with SQL's three-valued logic; IS [NOT] NULL; IS [NOT] TRUE/FALSE.
#include "functions/function_registry.h"
#include "functions/scalar/kernel_util.h"

namespace sluice::functions {

namespace {

bool acceptsBoolean(const DataType& t) {
    return t.id == TypeId::Boolean || t.id == TypeId::Null;
}

FunctionDefinition andOr(const std::string& name, bool isAnd) {
    FunctionDefinition d;
    d.name = name;
    d.style = CallStyle::Infix;
    d.signatures = {"<BOOLEAN> " + name + " <BOOLEAN>"};
    d.resolve = [isAnd](const std::vector<ArgInfo>& infos) -> std::optional<ResolvedFunction> {
        std::vector<DataType> args = argTypes(infos);
        if (args.size() != 2 || !acceptsBoolean(args[0]) || !acceptsBoolean(args[1])) return std::nullopt;
        Kernel k = [isAnd](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            out.resize(n);
            uint8_t* r = out.data<uint8_t>();
            const uint8_t* x = v[0].data<uint8_t>();
            const uint8_t* y = v[1].data<uint8_t>();
            const uint8_t* xn = v[0].nulls();
            const uint8_t* yn = v[1].nulls();
            if (!xn && !yn) {
                for (size_t i = 0; i < n; ++i) r[i] = isAnd ? (x[i] & y[i]) : (x[i] | y[i]);
                return;
            }
            uint8_t* rn = out.mutableNulls();
            for (size_t i = 0; i < n; ++i) {
                bool an = xn && xn[i], bn = yn && yn[i];
                bool a = !an && x[i], b = !bn && y[i];
                if (isAnd) {
                    // FALSE wins over NULL.
                    bool definitelyFalse = (!an && !a) || (!bn && !b);
                    r[i] = !an && !bn && a && b;
                    rn[i] = !definitelyFalse && (an || bn);
                } else {
                    bool definitelyTrue = a || b;
                    r[i] = definitelyTrue;
                    rn[i] = !definitelyTrue && (an || bn);
                }
            }
        };
        return ResolvedFunction{DataType::boolean().withNullable(args[0].nullable || args[1].nullable),
                                {DataType::boolean().withNullable(args[0].nullable),
                                 DataType::boolean().withNullable(args[1].nullable)},
                                k};
    };
    return d;
}

// A postfix test that never returns NULL: IS NULL, IS TRUE, ...
FunctionDefinition test(const std::string& name, bool needsBoolean,
                        uint8_t (*fn)(bool isNull, uint8_t value)) {
    FunctionDefinition d;
    d.name = name;
    d.style = CallStyle::Postfix;
    d.signatures = {needsBoolean ? "<BOOLEAN> " + name : "<ANY> " + name};
    d.resolve = [needsBoolean, fn](const std::vector<ArgInfo>& infos) -> std::optional<ResolvedFunction> {
        std::vector<DataType> args = argTypes(infos);
        if (args.size() != 1) return std::nullopt;
        if (needsBoolean && !acceptsBoolean(args[0])) return std::nullopt;
        DataType argType = args[0].id == TypeId::Null && needsBoolean ? DataType::boolean() : args[0];
        Kernel k = [fn, needsBoolean](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            out.resize(n);
            uint8_t* r = out.data<uint8_t>();
            const uint8_t* xn = v[0].nulls();
            const uint8_t* x = needsBoolean ? v[0].data<uint8_t>() : nullptr;
            for (size_t i = 0; i < n; ++i) r[i] = fn(xn && xn[i], x ? x[i] : 0);
        };
        return ResolvedFunction{DataType::boolean().withNullable(false), {argType}, k};
    };
    return d;
}

}  // namespace

void registerLogical(FunctionRegistry& registry) {
    registry.add(andOr("AND", true));
    registry.add(andOr("OR", false));

    FunctionDefinition notDef;
    notDef.name = "NOT";
    notDef.style = CallStyle::Prefix;
    notDef.signatures = {"NOT <BOOLEAN>"};
    notDef.resolve = [](const std::vector<ArgInfo>& infos) -> std::optional<ResolvedFunction> {
        std::vector<DataType> args = argTypes(infos);
        if (args.size() != 1 || !acceptsBoolean(args[0])) return std::nullopt;
        Kernel k = [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            out.resize(n);
            uint8_t* r = out.data<uint8_t>();
            const uint8_t* x = v[0].data<uint8_t>();
            for (size_t i = 0; i < n; ++i) r[i] = !x[i];
            propagateNulls(v, n, out);
        };
        DataType b = DataType::boolean().withNullable(args[0].nullable);
        return ResolvedFunction{b, {b}, k};
    };
    registry.add(std::move(notDef));

    registry.add(test("IS NULL", false, [](bool n, uint8_t) -> uint8_t { return n; }));
    registry.add(test("IS NOT NULL", false, [](bool n, uint8_t) -> uint8_t { return !n; }));
    registry.add(test("IS TRUE", true, [](bool n, uint8_t v) -> uint8_t { return !n && v; }));
    registry.add(test("IS NOT TRUE", true, [](bool n, uint8_t v) -> uint8_t { return n || !v; }));
    registry.add(test("IS FALSE", true, [](bool n, uint8_t v) -> uint8_t { return !n && !v; }));
    registry.add(test("IS NOT FALSE", true, [](bool n, uint8_t v) -> uint8_t { return n || v; }));
    registry.add(test("IS UNKNOWN", true, [](bool n, uint8_t) -> uint8_t { return n; }));
    registry.add(test("IS NOT UNKNOWN", true, [](bool n, uint8_t) -> uint8_t { return !n; }));
}

}  // namespace sluice::functions
