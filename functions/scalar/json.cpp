// JSON functions as Flink runs them (SqlJsonUtils.java, JsonGenerateUtils): JSON_VALUE, JSON_QUERY,
// JSON_EXISTS, IS JSON, JSON_OBJECT, JSON_ARRAY, JSON_STRING. Inputs are parsed with simdjson into
// one reused Document per kernel call; constant paths are compiled once at plan time.
//
// Argument layouts come from the parser (parser/ast_builder.h). A RETURNING type reaches the
// resolvers as a last argument whose symbol is "RETURNING" and whose type is the RETURNING type.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "common/error.h"
#include "common/time_util.h"
#include "common/value_format.h"
#include "functions/function_registry.h"
#include "functions/scalar/json_path.h"
#include "functions/scalar/kernel_util.h"

namespace sluice::functions {

namespace {

using json::Document;
using json::Node;
using json::NodeKind;
using json::Path;
using json::PathResult;

// ---------------------------------------------------------------------------------------------
// Arguments

std::string symbolOf(const ArgInfo& a) {
    if (!a.symbol.empty()) return a.symbol;
    if (a.constant && !a.constant->isNull() && a.type.isString()) return a.constant->asString();
    return "";
}

// A value that is itself a JSON_OBJECT / JSON_ARRAY call is embedded as JSON, not as a string. The
// binder is to mark it with `bool json` in ArgInfo (set from the AST, before constant folding turns
// the call into a literal); detected at compile time so this file builds before and after.
template <class A>
bool isJsonArg(const A& a) {
    if constexpr (requires { a.json; })
        return static_cast<bool>(a.json);
    else
        return false;
}

/// Splits off the RETURNING marker; nullopt when there is none.
std::optional<DataType> takeReturning(std::vector<ArgInfo>& args) {
    if (args.empty() || args.back().symbol != "RETURNING") return std::nullopt;
    DataType t = args.back().type;
    args.pop_back();
    return t;
}

/// A JSON text argument: character strings as they are; numbers and booleans as their text
/// (Flink's JSON_QUERY(1, '$')); NULL as STRING.
std::optional<DataType> jsonInputType(const DataType& t) {
    if (t.isString()) return t;
    if (t.id == TypeId::Null || t.isNumeric() || t.id == TypeId::Boolean)
        return DataType::string().withNullable(true);
    return std::nullopt;
}

std::optional<DataType> stringArgType(const DataType& t) {
    if (t.isString()) return t;
    if (t.id == TypeId::Null) return DataType::string().withNullable(true);
    return std::nullopt;
}

/// The path of row `row`: the plan-time compiled one, or compiled again when the text changes.
struct PathCache {
    std::shared_ptr<const Path> constant;
    Path current;
    std::string currentText;
    bool has = false;

    const Path& get(const Vector& paths, size_t row) {
        if (constant) return *constant;
        std::string_view text = paths.stringAt(row);
        if (!has || text != currentText) {
            currentText.assign(text);
            current = json::compilePath(text);
            has = true;
        }
        return current;
    }
};

std::shared_ptr<const Path> constantPath(const ArgInfo& a) {
    if (!a.constant || a.constant->isNull()) return nullptr;
    return std::make_shared<const Path>(json::compilePath(a.constant->asString()));
}

bool isScalarNode(const Node& n) {
    return n.kind != NodeKind::Array && n.kind != NodeKind::Object;
}

bool rowIsNull(const std::vector<Vector>& v, size_t row, std::initializer_list<size_t> which) {
    for (size_t k : which)
        if (v[k].isNull(row)) return true;
    return false;
}

// ---------------------------------------------------------------------------------------------
// Converting a JSON scalar to a RETURNING type

bool supportedScalarTarget(const DataType& t) {
    switch (t.id) {
        case TypeId::Char:
        case TypeId::Varchar:
        case TypeId::Boolean:
        case TypeId::TinyInt:
        case TypeId::SmallInt:
        case TypeId::Int:
        case TypeId::BigInt:
        case TypeId::Float:
        case TypeId::Double:
        case TypeId::Decimal:
            return true;
        default:
            return false;
    }
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

/// A JSON scalar as `t`: numbers and numeric strings convert (fractions truncate toward zero for
/// integers, half up for DECIMAL), out of range fails; false is Flink's ON ERROR case.
bool convertScalar(const Node& n, const DataType& t, Value& out) {
    if (t.isString()) {
        std::string s;
        json::appendScalarText(s, n);
        out = Value::string(std::move(s));
        return true;
    }
    if (t.id == TypeId::Boolean) {
        if (n.kind == NodeKind::Boolean) {
            out = Value::boolean(n.boolean);
            return true;
        }
        if (n.kind == NodeKind::String && (iequals(n.text, "true") || iequals(n.text, "false"))) {
            out = Value::boolean(iequals(n.text, "true"));
            return true;
        }
        return false;
    }
    if (n.kind != NodeKind::Number && n.kind != NodeKind::String) return false;
    Int128 v = 0;
    switch (t.id) {
        case TypeId::TinyInt:
        case TypeId::SmallInt:
        case TypeId::Int:
        case TypeId::BigInt: {
            if (!json::parseDecimalText(n.text, 0, true, v)) return false;
            Int128 lo = t.id == TypeId::TinyInt    ? INT8_MIN
                        : t.id == TypeId::SmallInt ? INT16_MIN
                        : t.id == TypeId::Int      ? INT32_MIN
                                                   : INT64_MIN;
            Int128 hi = t.id == TypeId::TinyInt    ? INT8_MAX
                        : t.id == TypeId::SmallInt ? INT16_MAX
                        : t.id == TypeId::Int      ? INT32_MAX
                                                   : INT64_MAX;
            if (v < lo || v > hi) return false;
            out = Value::integer(static_cast<int64_t>(v));
            return true;
        }
        case TypeId::Float:
        case TypeId::Double: {
            Int128 probe;
            // syntax check only (the value may exceed DECIMAL's range)
            if (!json::parseDecimalText(n.text, 0, true, probe)) {
                std::string s(n.text);
                char* end = nullptr;
                double d = std::strtod(s.c_str(), &end);
                if (end == s.c_str() || std::isnan(d)) return false;
                while (*end == ' ') ++end;
                if (*end) return false;
            }
            std::string s(n.text);
            double d = std::strtod(s.c_str(), nullptr);
            out = Value::real(t.id == TypeId::Float ? static_cast<double>(static_cast<float>(d)) : d);
            return true;
        }
        case TypeId::Decimal: {
            if (!json::parseDecimalText(n.text, t.scale, false, v)) return false;
            Int128 limit = 1;
            for (int k = 0; k < t.precision; ++k) limit *= 10;
            if (v >= limit || v <= -limit) return false;
            out = Value::decimal(v);
            return true;
        }
        default:
            return false;
    }
}

std::string scalarForMessage(const Node& n) {
    std::string s;
    json::appendScalarText(s, n);
    return s;
}

// ---------------------------------------------------------------------------------------------
// JSON_VALUE(j, p, emptyBehavior, emptyDefault, errorBehavior, errorDefault [, RETURNING])

enum class ValueBehavior { Null, Error, Default };

std::optional<ValueBehavior> valueBehavior(const std::string& s) {
    if (s == "NULL" || s.empty()) return ValueBehavior::Null;
    if (s == "ERROR") return ValueBehavior::Error;
    if (s == "DEFAULT") return ValueBehavior::Default;
    return std::nullopt;
}

void appendDefault(Vector& out, const Vector& def, size_t row) {
    if (def.isNull(row)) {
        out.appendNull();
    } else if (def.type().id == TypeId::Boolean && out.type().isString()) {
        // Flink hands the default over as a Java object: String.valueOf(false) is "false"
        out.appendString(def.data<uint8_t>()[row] ? "true" : "false");
    } else {
        out.appendFrom(def, row);
    }
}

FunctionDefinition jsonValue() {
    FunctionDefinition d;
    d.name = "JSON_VALUE";
    d.signatures = {
        "JSON_VALUE(<CHARACTER>, <CHARACTER> [RETURNING <TYPE>] [{NULL | ERROR | DEFAULT <expr>} ON EMPTY] "
        "[{NULL | ERROR | DEFAULT <expr>} ON ERROR])"};
    d.resolve = [](const std::vector<ArgInfo>& given) -> std::optional<ResolvedFunction> {
        std::vector<ArgInfo> args = given;
        std::optional<DataType> returning = takeReturning(args);
        if (args.size() != 2 && args.size() != 6) return std::nullopt;
        auto input = jsonInputType(args[0].type);
        auto pathType = stringArgType(args[1].type);
        if (!input || !pathType) return std::nullopt;
        DataType ret = returning ? returning->withNullable(true) : DataType::string().withNullable(true);
        if (!supportedScalarTarget(ret))
            throw ValidationError(
                fmt::format("Unsupported RETURNING type {} for JSON_VALUE: supported are STRING, "
                            "BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE and DECIMAL",
                            ret.withNullable(true).toString()));
        ValueBehavior onEmpty = ValueBehavior::Null, onError = ValueBehavior::Null;
        std::vector<DataType> types = {*input, *pathType};
        if (args.size() == 6) {
            auto e = valueBehavior(symbolOf(args[2]));
            auto r = valueBehavior(symbolOf(args[4]));
            if (!e || !r) return std::nullopt;
            onEmpty = *e;
            onError = *r;
            // defaults are cast to the result type, but a BOOLEAN default of a STRING result keeps its
            // type: the kernel prints it as Java does ("false")
            auto defaultType = [&](const DataType& t) {
                return ret.isString() && t.id == TypeId::Boolean ? t : ret;
            };
            types = {*input,       *pathType,
                     args[2].type, defaultType(args[3].type),
                     args[4].type, defaultType(args[5].type)};
        }
        if (returning) types.push_back(given.back().type);
        auto path = constantPath(args[1]);
        Kernel k = [path, onEmpty, onError, ret](const std::vector<Vector>& v, size_t n, Vector& out,
                                                 EvalContext&) {
            Document doc;
            PathCache paths{path, {}, {}, false};
            PathResult res;
            Value converted;
            bool hasDefaults = v.size() >= 6;
            for (size_t i = 0; i < n; ++i) {
                if (rowIsNull(v, i, {0, 1})) {
                    out.appendNull();
                    continue;
                }
                const Path& p = paths.get(v[1], i);
                bool parsed = doc.parse(v[0].stringAt(i));
                json::evaluate(p, doc, parsed, res);
                std::string error;
                bool empty = false;
                if (res.kind == PathResult::Kind::Error) {
                    error = res.error;
                } else if (res.isNull(doc) || (p.lax && !isScalarNode(doc.node(res.node)))) {
                    empty = true;
                } else if (!isScalarNode(doc.node(res.node))) {
                    std::string text;
                    json::appendJson(text, doc, res.node);
                    error = "Strict jsonpath mode requires scalar value, and the actual value is: ''" + text +
                            "''";
                } else if (convertScalar(doc.node(res.node), ret, converted)) {
                    out.appendValue(converted);
                    continue;
                } else {
                    error = fmt::format("Cannot cast '{}' to {}", scalarForMessage(doc.node(res.node)),
                                        ret.toString());
                }
                ValueBehavior b = empty ? onEmpty : onError;
                if (b == ValueBehavior::Null || (b == ValueBehavior::Default && !hasDefaults)) {
                    out.appendNull();
                } else if (b == ValueBehavior::Default) {
                    appendDefault(out, v[empty ? 3 : 5], i);
                } else if (empty) {
                    throw ExecutionError("Empty result of JSON_VALUE function is not allowed");
                } else {
                    throw ExecutionError(error);
                }
            }
        };
        return ResolvedFunction{ret, types, k};
    };
    return d;
}

// ---------------------------------------------------------------------------------------------
// JSON_QUERY(j, p, wrapper, emptyBehavior, errorBehavior [, RETURNING])

enum class Wrapper { Without, Conditional, Unconditional };
enum class QueryBehavior { Null, Error, EmptyArray, EmptyObject };

std::optional<QueryBehavior> queryBehavior(const std::string& s) {
    if (s == "NULL" || s.empty()) return QueryBehavior::Null;
    if (s == "ERROR") return QueryBehavior::Error;
    if (s == "EMPTY_ARRAY") return QueryBehavior::EmptyArray;
    if (s == "EMPTY_OBJECT") return QueryBehavior::EmptyObject;
    return std::nullopt;
}

FunctionDefinition jsonQuery() {
    FunctionDefinition d;
    d.name = "JSON_QUERY";
    d.signatures = {
        "JSON_QUERY(<CHARACTER>, <CHARACTER> [RETURNING STRING | ARRAY<type>] [{WITHOUT | WITH "
        "[CONDITIONAL | UNCONDITIONAL]} [ARRAY] WRAPPER] [{NULL | EMPTY ARRAY | EMPTY OBJECT | ERROR} ON "
        "EMPTY] [{NULL | EMPTY ARRAY | EMPTY OBJECT | ERROR} ON ERROR])"};
    d.resolve = [](const std::vector<ArgInfo>& given) -> std::optional<ResolvedFunction> {
        std::vector<ArgInfo> args = given;
        std::optional<DataType> returning = takeReturning(args);
        if (args.size() != 2 && args.size() != 5) return std::nullopt;
        auto input = jsonInputType(args[0].type);
        auto pathType = stringArgType(args[1].type);
        if (!input || !pathType) return std::nullopt;
        Wrapper wrapper = Wrapper::Without;
        QueryBehavior onEmpty = QueryBehavior::Null, onError = QueryBehavior::Null;
        std::vector<DataType> types = {*input, *pathType};
        if (args.size() == 5) {
            std::string w = symbolOf(args[2]);
            if (w == "CONDITIONAL_ARRAY")
                wrapper = Wrapper::Conditional;
            else if (w == "UNCONDITIONAL_ARRAY")
                wrapper = Wrapper::Unconditional;
            else if (w != "WITHOUT_ARRAY" && !w.empty())
                return std::nullopt;
            auto e = queryBehavior(symbolOf(args[3]));
            auto r = queryBehavior(symbolOf(args[4]));
            if (!e || !r) return std::nullopt;
            onEmpty = *e;
            onError = *r;
            for (size_t k = 2; k < 5; ++k) types.push_back(args[k].type);
        }
        DataType ret = returning ? returning->withNullable(true) : DataType::string().withNullable(true);
        bool asArray = ret.id == TypeId::Array;
        if (!ret.isString() && !asArray)
            throw ValidationError(
                fmt::format("Illegal type {} for RETURNING in JSON_QUERY(): only STRING and ARRAY "
                            "are supported.",
                            ret.toString()));
        DataType element = asArray ? ret.children.at(0) : DataType();
        if (asArray && !supportedScalarTarget(element))
            throw ValidationError("Unsupported array element type " + element.toString() +
                                  " for RETURNING in JSON_QUERY()");
        if (asArray && onEmpty == QueryBehavior::EmptyObject)
            throw ValidationError("Illegal on empty behavior 'EMPTY OBJECT' for return type: " +
                                  ret.toString());
        if (asArray && onError == QueryBehavior::EmptyObject)
            throw ValidationError("Illegal on error behavior 'EMPTY OBJECT' for return type: " +
                                  ret.toString());
        if (returning) types.push_back(given.back().type);
        auto path = constantPath(args[1]);
        Kernel k = [path, wrapper, onEmpty, onError, asArray, element](const std::vector<Vector>& v, size_t n,
                                                                       Vector& out, EvalContext&) {
            Document doc;
            PathCache paths{path, {}, {}, false};
            PathResult res;
            std::string text;
            auto fallback = [&](QueryBehavior b, bool empty, const std::string& error) {
                switch (b) {
                    case QueryBehavior::Null:
                        out.appendNull();
                        return;
                    case QueryBehavior::EmptyArray:
                        if (asArray)
                            out.appendValue(Value::list({}));
                        else
                            out.appendString("[]");
                        return;
                    case QueryBehavior::EmptyObject:
                        out.appendString("{}");
                        return;
                    case QueryBehavior::Error:
                        throw ExecutionError(empty ? "Empty result of JSON_QUERY function is not allowed"
                                                   : error);
                }
            };
            for (size_t i = 0; i < n; ++i) {
                if (rowIsNull(v, i, {0, 1})) {
                    out.appendNull();
                    continue;
                }
                const Path& p = paths.get(v[1], i);
                bool parsed = doc.parse(v[0].stringAt(i));
                json::evaluate(p, doc, parsed, res);
                if (res.kind == PathResult::Kind::Error) {
                    fallback(onError, false, res.error);
                    continue;
                }
                if (res.isNull(doc)) {
                    fallback(onEmpty, true, "");
                    continue;
                }
                uint32_t value = res.node;
                if (wrapper == Wrapper::Unconditional ||
                    (wrapper == Wrapper::Conditional && doc.node(value).kind != NodeKind::Array))
                    value = doc.addArray({value});
                const Node& node = doc.node(value);
                if (isScalarNode(node)) {
                    if (p.lax)
                        fallback(onEmpty, true, "");
                    else
                        fallback(onError, false,
                                 "Strict jsonpath mode requires array or object value, and the actual value "
                                 "is: ''" +
                                     scalarForMessage(node) + "''");
                    continue;
                }
                if (!asArray) {
                    text.clear();
                    json::appendJson(text, doc, value);
                    out.appendString(text);
                    continue;
                }
                if (node.kind != NodeKind::Array) {
                    fallback(onError, false,
                             "class java.util.LinkedHashMap cannot be cast to class java.util.List");
                    continue;
                }
                Value::List items;
                std::string mismatch;
                for (uint32_t c = 0; c < node.count && mismatch.empty(); ++c) {
                    uint32_t idx = doc.child(node, c);
                    const Node& el = doc.node(idx);
                    Value item;
                    if (el.kind == NodeKind::Null) {
                        item = Value::null();
                    } else if (element.isString()) {
                        std::string s;
                        if (isScalarNode(el))
                            json::appendScalarText(s, el);
                        else
                            json::appendJson(s, doc, idx);
                        item = Value::string(std::move(s));
                    } else if (!isScalarNode(el) || !convertScalar(el, element, item)) {
                        std::string s;
                        json::appendJson(s, doc, idx);
                        mismatch =
                            fmt::format("Array element type mismatch in JSON_QUERY: cannot convert {} to {}",
                                        s, element.toString());
                    }
                    items.push_back(std::move(item));
                }
                if (!mismatch.empty())
                    fallback(onError, false, mismatch);
                else
                    out.appendValue(Value::list(std::move(items)));
            }
        };
        return ResolvedFunction{ret, types, k};
    };
    return d;
}

// ---------------------------------------------------------------------------------------------
// JSON_EXISTS(j, p [, errorBehavior]) and IS_JSON(x, kind)

FunctionDefinition jsonExists() {
    FunctionDefinition d;
    d.name = "JSON_EXISTS";
    d.signatures = {"JSON_EXISTS(<CHARACTER>, <CHARACTER> [{TRUE | FALSE | UNKNOWN | ERROR} ON ERROR])"};
    d.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.size() != 2 && args.size() != 3) return std::nullopt;
        auto input = jsonInputType(args[0].type);
        auto pathType = stringArgType(args[1].type);
        if (!input || !pathType) return std::nullopt;
        std::string behavior = args.size() == 3 ? symbolOf(args[2]) : "FALSE";
        if (behavior != "FALSE" && behavior != "TRUE" && behavior != "UNKNOWN" && behavior != "ERROR")
            return std::nullopt;
        std::vector<DataType> types = {*input, *pathType};
        if (args.size() == 3) types.push_back(args[2].type);
        auto path = constantPath(args[1]);
        Kernel k = [path, behavior](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            Document doc;
            PathCache paths{path, {}, {}, false};
            PathResult res;
            for (size_t i = 0; i < n; ++i) {
                if (rowIsNull(v, i, {0, 1})) {
                    out.appendNull();
                    continue;
                }
                const Path& p = paths.get(v[1], i);
                bool parsed = doc.parse(v[0].stringAt(i));
                json::evaluate(p, doc, parsed, res);
                if (res.kind != PathResult::Kind::Error) {
                    out.append<uint8_t>(!res.isNull(doc));
                } else if (behavior == "UNKNOWN") {
                    out.appendNull();
                } else if (behavior == "ERROR") {
                    throw ExecutionError(res.error);
                } else {
                    out.append<uint8_t>(behavior == "TRUE");
                }
            }
        };
        return ResolvedFunction{DataType::boolean().withNullable(true), types, k};
    };
    return d;
}

FunctionDefinition isJson() {
    FunctionDefinition d;
    d.name = "IS_JSON";
    d.style = CallStyle::Postfix;
    d.signatures = {"<CHARACTER> IS JSON [VALUE | SCALAR | ARRAY | OBJECT]"};
    d.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.empty() || args.size() > 2) return std::nullopt;
        auto input = stringArgType(args[0].type);
        if (!input) return std::nullopt;
        std::string kind = args.size() == 2 ? symbolOf(args[1]) : "VALUE";
        if (kind != "VALUE" && kind != "SCALAR" && kind != "ARRAY" && kind != "OBJECT") return std::nullopt;
        std::vector<DataType> types = {*input};
        if (args.size() == 2) types.push_back(args[1].type);
        Kernel k = [kind](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            Document doc;
            out.resize(n);
            uint8_t* r = out.data<uint8_t>();
            for (size_t i = 0; i < n; ++i) {
                if (v[0].isNull(i)) continue;
                if (!doc.parse(v[0].stringAt(i))) {
                    r[i] = 0;
                    continue;
                }
                NodeKind root = doc.node(doc.root()).kind;
                if (kind == "VALUE")
                    r[i] = 1;
                else if (kind == "SCALAR")
                    r[i] = root != NodeKind::Array && root != NodeKind::Object;
                else if (kind == "ARRAY")
                    r[i] = root == NodeKind::Array;
                else
                    r[i] = root == NodeKind::Object;
            }
            // NULL IS JSON is NULL (three-valued logic, FLINK-39943)
            propagateNulls({v[0]}, n, out);
        };
        return ResolvedFunction{DataType::boolean().withNullable(args[0].type.nullable), types, k};
    };
    return d;
}

// ---------------------------------------------------------------------------------------------
// Serializing SQL values (JSON_STRING, JSON_OBJECT, JSON_ARRAY): Flink builds Jackson nodes
// (JsonGenerateUtils) and writes them with sorted keys; floating point goes through BigDecimal.

bool serializable(const DataType& t) {
    if (t.id == TypeId::Raw || t.isInterval()) return false;
    for (const auto& c : t.children)
        if (!serializable(c)) return false;
    return true;
}

std::string base64(std::string_view bytes) {
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        uint32_t x = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
        for (int s = 18; s >= 0; s -= 6) out += alphabet[(x >> s) & 63];
    }
    if (i + 1 == bytes.size()) {
        uint32_t x = uint8_t(bytes[i]) << 16;
        out += alphabet[(x >> 18) & 63];
        out += alphabet[(x >> 12) & 63];
        out += "==";
    } else if (i + 2 == bytes.size()) {
        uint32_t x = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
        out += alphabet[(x >> 18) & 63];
        out += alphabet[(x >> 12) & 63];
        out += alphabet[(x >> 6) & 63];
        out += '=';
    }
    return out;
}

// java.time's ISO text of a time of day: seconds always, then the fraction with as few digits as
// needed (LocalTime/LocalDateTime), or in groups of three (Instant).
void appendIsoTime(std::string& out, int64_t microsOfDay, bool groupsOfThree) {
    int64_t secs = microsOfDay / 1000000, micros = microsOfDay % 1000000;
    out += fmt::format("{:02}:{:02}:{:02}", secs / 3600, (secs / 60) % 60, secs % 60);
    if (micros == 0) return;
    std::string frac = fmt::format("{:06}", micros);
    if (groupsOfThree) {
        if (micros % 1000 == 0) frac.resize(3);
    } else {
        while (!frac.empty() && frac.back() == '0') frac.pop_back();
    }
    out += '.';
    out += frac;
}

void appendIsoDateTime(std::string& out, int64_t micros, bool instant) {
    int64_t days = micros >= 0 ? micros / kMicrosPerDay : -((-micros + kMicrosPerDay - 1) / kMicrosPerDay);
    out += formatDate(static_cast<int32_t>(days));
    out += 'T';
    appendIsoTime(out, micros - days * kMicrosPerDay, instant);
    if (instant) out += 'Z';
}

void appendDoubleJson(std::string& out, double d) {
    if (std::isnan(d) || std::isinf(d)) {
        json::appendQuoted(out, javaDoubleString(d));  // Jackson writes non-finite numbers as strings
        return;
    }
    out += json::canonicalNumber(javaDoubleString(d));
}

void appendSqlJson(std::string& out, const Value& v, const DataType& t);

// An object's members sorted by key, the last of equal keys kept (Jackson's ObjectNode + sort).
void appendMembers(std::string& out, std::vector<std::pair<std::string, std::string>>& members) {
    std::stable_sort(members.begin(), members.end(),
                     [](const auto& a, const auto& b) { return json::utf16Less(a.first, b.first); });
    out += '{';
    bool first = true;
    for (size_t k = 0; k < members.size(); ++k) {
        if (k + 1 < members.size() && members[k].first == members[k + 1].first) continue;
        if (!first) out += ',';
        first = false;
        json::appendQuoted(out, members[k].first);
        out += ':';
        out += members[k].second;
    }
    out += '}';
}

std::string keyText(const Value& v, const DataType& t) {
    if (v.isNull()) return "null";
    if (t.isString()) return v.asString();
    return valueText(v, t, TimeZone::utc());
}

void appendSqlJson(std::string& out, const Value& v, const DataType& t) {
    if (v.isNull()) {
        out += "null";
        return;
    }
    switch (t.id) {
        case TypeId::Char:
        case TypeId::Varchar:
            json::appendQuoted(out, v.asString());
            return;
        case TypeId::Binary:
        case TypeId::Varbinary:
            json::appendQuoted(out, base64(v.asString()));
            return;
        case TypeId::Boolean:
            out += v.asBool() ? "true" : "false";
            return;
        case TypeId::TinyInt:
        case TypeId::SmallInt:
        case TypeId::Int:
        case TypeId::BigInt:
            out += std::to_string(v.asInt());
            return;
        case TypeId::Float:
        case TypeId::Double:
            appendDoubleJson(out, v.asDouble());
            return;
        case TypeId::Decimal:
            out += json::bigDecimalString(v.asDecimal(), t.scale);
            return;
        case TypeId::Date:
            out += '"' + formatDate(static_cast<int32_t>(v.asInt())) + '"';
            return;
        case TypeId::Time:
            out += '"';
            appendIsoTime(out, v.asInt() * 1000, false);
            out += '"';
            return;
        case TypeId::Timestamp:
        case TypeId::TimestampLtz:
            out += '"';
            appendIsoDateTime(out, v.asInt(), t.id == TypeId::TimestampLtz);
            out += '"';
            return;
        case TypeId::Array: {
            out += '[';
            const auto& items = v.asList();
            for (size_t k = 0; k < items.size(); ++k) {
                if (k) out += ',';
                appendSqlJson(out, items[k], t.children.at(0));
            }
            out += ']';
            return;
        }
        case TypeId::Row: {
            std::vector<std::pair<std::string, std::string>> members;
            const auto& fields = v.asList();
            for (size_t k = 0; k < fields.size() && k < t.children.size(); ++k) {
                std::string name = k < t.fieldNames.size() && !t.fieldNames[k].empty()
                                       ? t.fieldNames[k]
                                       : "f" + std::to_string(k);
                std::string value;
                appendSqlJson(value, fields[k], t.children[k]);
                members.emplace_back(std::move(name), std::move(value));
            }
            appendMembers(out, members);
            return;
        }
        case TypeId::Map:
        case TypeId::Multiset: {
            // MAP: keys and values alternate; MULTISET: element and count alternate
            std::vector<std::pair<std::string, std::string>> members;
            const auto& kv = v.asList();
            DataType valueType = t.id == TypeId::Map ? t.children.at(1) : DataType::integer();
            for (size_t k = 0; k + 1 < kv.size(); k += 2) {
                std::string value;
                appendSqlJson(value, kv[k + 1], valueType);
                members.emplace_back(keyText(kv[k], t.children.at(0)), std::move(value));
            }
            appendMembers(out, members);
            return;
        }
        default:
            throw ExecutionError("Cannot serialize a value of type " + t.toString() + " to JSON");
    }
}

void appendVectorJson(std::string& out, const Vector& v, size_t row, bool rawJson) {
    if (v.isNull(row)) {
        out += "null";
    } else if (rawJson) {
        out += v.stringAt(row);  // built by JSON_OBJECT / JSON_ARRAY: already compact JSON
    } else if (v.type().isString()) {
        json::appendQuoted(out, v.stringAt(row));
    } else {
        appendSqlJson(out, v.getValue(row), v.type());
    }
}

FunctionDefinition jsonString() {
    FunctionDefinition d;
    d.name = "JSON_STRING";
    d.signatures = {"JSON_STRING(<ANY>)"};
    d.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.size() != 1) return std::nullopt;
        DataType t = args[0].type.id == TypeId::Null ? DataType::string().withNullable(true) : args[0].type;
        if (!serializable(t)) return std::nullopt;
        Kernel k = [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            std::string text;
            for (size_t i = 0; i < n; ++i) {
                if (v[0].isNull(i)) {
                    out.appendNull();
                    continue;
                }
                text.clear();
                appendVectorJson(text, v[0], i, false);
                out.appendString(text);
            }
        };
        return ResolvedFunction{DataType::string().withNullable(t.nullable), {t}, k};
    };
    return d;
}

bool absentOnNull(const ArgInfo& a, bool& absent) {
    std::string s = symbolOf(a);
    if (s != "NULL_ON_NULL" && s != "ABSENT_ON_NULL") return false;
    absent = s == "ABSENT_ON_NULL";
    return true;
}

FunctionDefinition jsonObject() {
    FunctionDefinition d;
    d.name = "JSON_OBJECT";
    d.signatures = {"JSON_OBJECT([[KEY] <CHARACTER> VALUE <ANY>]* [{NULL | ABSENT} ON NULL])"};
    d.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        bool absent = false;
        if (args.empty() || args.size() % 2 == 0 || !absentOnNull(args[0], absent)) return std::nullopt;
        std::vector<DataType> types = {args[0].type};
        std::vector<bool> raw(args.size(), false);
        for (size_t k = 1; k < args.size(); k += 2) {
            if (!args[k].type.isString()) return std::nullopt;
            DataType value = args[k + 1].type.id == TypeId::Null ? DataType::string().withNullable(true)
                                                                 : args[k + 1].type;
            if (!serializable(value)) return std::nullopt;
            types.push_back(args[k].type);
            types.push_back(value);
            raw[k + 1] = isJsonArg(args[k + 1]) && value.isString();
        }
        Kernel k = [absent, raw](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            std::vector<std::pair<std::string, std::string>> members;
            std::string text;
            for (size_t i = 0; i < n; ++i) {
                members.clear();
                for (size_t a = 1; a + 1 < v.size(); a += 2) {
                    if (v[a].isNull(i)) throw ExecutionError("JSON_OBJECT: a key must not be NULL");
                    if (absent && v[a + 1].isNull(i)) continue;
                    std::string value;
                    appendVectorJson(value, v[a + 1], i, raw[a + 1]);
                    members.emplace_back(std::string(v[a].stringAt(i)), std::move(value));
                }
                text.clear();
                appendMembers(text, members);
                out.appendString(text);
            }
        };
        return ResolvedFunction{DataType::string().withNullable(false), types, k};
    };
    return d;
}

FunctionDefinition jsonArray() {
    FunctionDefinition d;
    d.name = "JSON_ARRAY";
    d.signatures = {"JSON_ARRAY([<ANY>]* [{NULL | ABSENT} ON NULL])"};
    d.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        bool absent = true;
        if (args.empty() || !absentOnNull(args[0], absent)) return std::nullopt;
        std::vector<DataType> types = {args[0].type};
        std::vector<bool> raw(args.size(), false);
        for (size_t k = 1; k < args.size(); ++k) {
            DataType value =
                args[k].type.id == TypeId::Null ? DataType::string().withNullable(true) : args[k].type;
            if (!serializable(value)) return std::nullopt;
            types.push_back(value);
            raw[k] = isJsonArg(args[k]) && value.isString();
        }
        Kernel k = [absent, raw](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            std::string text;
            for (size_t i = 0; i < n; ++i) {
                text.assign("[");
                bool first = true;
                for (size_t a = 1; a < v.size(); ++a) {
                    if (absent && v[a].isNull(i)) continue;
                    if (!first) text += ',';
                    first = false;
                    appendVectorJson(text, v[a], i, raw[a]);
                }
                text += ']';
                out.appendString(text);
            }
        };
        return ResolvedFunction{DataType::string().withNullable(false), types, k};
    };
    return d;
}

}  // namespace

void registerJson(FunctionRegistry& registry) {
    registry.add(jsonValue());
    registry.add(jsonQuery());
    registry.add(jsonExists());
    registry.add(isJson());
    registry.add(jsonString());
    registry.add(jsonObject());
    registry.add(jsonArray());
}

}  // namespace sluice::functions
