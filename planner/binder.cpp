#include "planner/binder.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <set>

#include "common/error.h"
#include "common/string_util.h"
#include "common/time_util.h"
#include "functions/cast.h"
#include "functions/type_coercion.h"
#include "parser/parser.h"

namespace sluice::planner {

using functions::ExprPtr;

std::string positionPrefix(SourcePos pos) {
    return pos.known() ? fmt::format("At line {}, column {}: ", pos.line, pos.column) : "";
}

namespace {

// Flink's aggregate functions: named separately so the message says what is missing.
const std::set<std::string> kAggregates = {"COUNT",    "SUM",           "AVG",           "MIN",
                                           "MAX",      "LISTAGG",       "FIRST_VALUE",   "LAST_VALUE",
                                           "COLLECT",  "STDDEV_POP",    "STDDEV_SAMP",   "VAR_POP",
                                           "VAR_SAMP", "JSON_ARRAYAGG", "JSON_OBJECTAGG"};

std::string typeList(const std::vector<DataType>& types) {
    std::vector<std::string> parts;
    for (const auto& t : types) parts.push_back("<" + t.withNullable(true).toString() + ">");
    return fmt::format("{}", fmt::join(parts, ", "));
}

std::string schemaText(const Schema& s) {
    std::vector<std::string> parts;
    for (const auto& f : s.fields) parts.push_back(f.name + ": " + f.type.toString());
    return "[" + fmt::format("{}", fmt::join(parts, ", ")) + "]";
}

// Makes column names unique the way Calcite does: a, a0, a1, ...
void uniquify(std::vector<std::string>& names) {
    std::set<std::string> seen;
    for (auto& n : names) {
        if (seen.insert(n).second) continue;
        for (int k = 0;; ++k) {
            std::string candidate = n + std::to_string(k);
            if (seen.insert(candidate).second) {
                n = candidate;
                break;
            }
        }
    }
}

int64_t unitMillis(ast::TimeUnit u) {
    switch (u) {
        case ast::TimeUnit::Day:
            return 86400000;
        case ast::TimeUnit::Hour:
            return 3600000;
        case ast::TimeUnit::Minute:
            return 60000;
        case ast::TimeUnit::Second:
            return 1000;
        default:
            return 0;
    }
}

std::vector<ast::TimeUnit> dayTimeUnits(ast::TimeUnit from, ast::TimeUnit to) {
    static const ast::TimeUnit order[] = {ast::TimeUnit::Day, ast::TimeUnit::Hour, ast::TimeUnit::Minute,
                                          ast::TimeUnit::Second};
    std::vector<ast::TimeUnit> out;
    bool in = false;
    for (auto u : order) {
        if (u == from) in = true;
        if (in) out.push_back(u);
        if (u == (to == ast::TimeUnit::None ? from : to)) break;
    }
    return out;
}

}  // namespace

Binder::Binder(const Catalog& catalog, const ConnectorRegistry& connectors,
               const functions::FunctionRegistry& functions, TimeZone zone)
    : catalog_(catalog), connectors_(connectors), functions_(functions), zone_(std::move(zone)) {}

// ---------------------------------------------------------------------------------------------
// Expressions

ExprPtr Binder::fold(ExprPtr e) {
    if (e->kind() == functions::Expression::Kind::Literal || !functions::isConstant(*e)) return e;
    try {
        RecordBatch one;
        one.numRows = 1;
        functions::EvalContext ctx{zone_, "constant folding"};
        Vector v = e->evaluate(one, ctx);
        return std::make_unique<functions::Literal>(v.getValue(0), e->type());
    } catch (const SluiceError&) {
        // Leave it to run time, as Flink's expression reducer does: the error then names the row.
        return e;
    }
}

ExprPtr Binder::castTo(ExprPtr e, const DataType& type, const std::string& text) {
    if (e->type().sameAs(type)) return e;
    if (e->type().id == TypeId::Null && e->kind() == functions::Expression::Kind::Literal)
        return std::make_unique<functions::Literal>(Value::null(), type.withNullable(true));
    DataType target = type.withNullable(e->type().nullable || type.nullable);
    return fold(std::make_unique<functions::Cast>(std::move(e), target, false, text));
}

ExprPtr Binder::bindCall(const std::string& name, std::vector<ExprPtr> args, SourcePos pos,
                         const std::string& display, const std::vector<bool>& jsonArgs) {
    std::vector<DataType> types;
    std::vector<functions::ArgInfo> infos;
    for (size_t i = 0; i < args.size(); ++i) {
        const auto& a = args[i];
        types.push_back(a->type());
        functions::ArgInfo info{a->type(), {}, {}};
        info.json = i < jsonArgs.size() && jsonArgs[i];
        if (a->kind() == functions::Expression::Kind::Literal) {
            const auto& lit = static_cast<const functions::Literal&>(*a);
            info.constant = lit.value();
            info.symbol = lit.symbol();
        }
        infos.push_back(std::move(info));
    }
    const functions::FunctionDefinition* def = functions_.find(name);
    if (!def) {
        if (kAggregates.count(toUpper(name)))
            throw NotSupportedError(fmt::format(
                "{}not supported yet: aggregate function {} (GROUP BY and aggregates are not implemented)",
                positionPrefix(pos), toUpper(name)));
        if (functions_.isPlanned(name))
            throw NotSupportedError(
                fmt::format("{}not supported yet: function {}", positionPrefix(pos), toUpper(name)));
        throw ValidationError(
            fmt::format("{}No match found for function signature {}({}).{}", positionPrefix(pos), name,
                        typeList(types), didYouMean(toUpper(name), functions_.knownNames())),
            pos);
    }
    std::optional<functions::ResolvedFunction> resolved;
    try {
        resolved = def->resolve(infos);
    } catch (ValidationError& e) {
        // A resolver that rejects a constant argument does not know where the call is.
        if (!e.pos().known() && pos.known()) throw ValidationError(positionPrefix(pos) + e.what(), pos);
        throw;
    }
    std::string shown = display.empty() ? def->name : display;
    if (!resolved) {
        std::string call;
        if (def->style == functions::CallStyle::Infix && types.size() == 2)
            call = fmt::format("<{}> {} <{}>", types[0].withNullable(true).toString(), shown,
                               types[1].withNullable(true).toString());
        else
            call = fmt::format("{}({})", shown, typeList(types));
        throw ValidationError(
            fmt::format("{}Cannot apply '{}' to arguments of type '{}'. Supported form(s): {}",
                        positionPrefix(pos), shown, call, fmt::join(def->signatures, "\n")),
            pos);
    }
    for (size_t i = 0; i < args.size(); ++i) args[i] = castTo(std::move(args[i]), resolved->argTypes.at(i));
    if (ExprPtr lazy = lazyConditional(toUpper(def->name), args, resolved->returnType, pos)) return lazy;
    return fold(std::make_unique<functions::Call>(shown, def->style, resolved->returnType, resolved->kernel,
                                                  std::move(args), resolved->deterministic));
}

ExprPtr Binder::lazyConditional(const std::string& name, std::vector<ExprPtr>& args, const DataType& type,
                                SourcePos pos) {
    // IF, COALESCE and IFNULL evaluate an argument only when it is needed (as Calcite rewrites
    // them into CASE), so IF(x = 0, 0, 10 / x) never divides by zero.
    auto isNotNull = [&](const ExprPtr& e) {
        std::vector<ExprPtr> a;
        a.push_back(e->clone());
        return bindCall("IS NOT NULL", std::move(a), pos);
    };
    std::vector<ExprPtr> conditions, results;
    ExprPtr elseResult;
    if (name == "IF" && args.size() == 3) {
        conditions.push_back(std::move(args[0]));
        results.push_back(castTo(std::move(args[1]), type));
        elseResult = castTo(std::move(args[2]), type);
    } else if ((name == "COALESCE" || name == "IFNULL") && args.size() >= 2) {
        for (size_t i = 0; i + 1 < args.size(); ++i) {
            conditions.push_back(isNotNull(args[i]));
            results.push_back(castTo(std::move(args[i]), type));
        }
        elseResult = castTo(std::move(args.back()), type);
    } else {
        return nullptr;
    }
    return fold(std::make_unique<functions::CaseWhen>(std::move(conditions), std::move(results),
                                                      std::move(elseResult), type));
}

ExprPtr Binder::bindLiteral(const ast::Literal& lit) {
    auto literal = [](Value v, DataType t) {
        return std::make_unique<functions::Literal>(std::move(v), std::move(t));
    };
    auto bad = [&](const std::string& what) {
        return ValidationError(
            fmt::format("{}Illegal {} literal '{}'", positionPrefix(lit.pos), what, lit.value), lit.pos);
    };
    switch (lit.literalKind) {
        case ast::LiteralKind::Null:
            return literal(Value::null(), DataType::nullType());
        case ast::LiteralKind::Boolean:
            return literal(Value::boolean(toUpper(lit.value) == "TRUE"),
                           DataType::boolean().withNullable(false));
        case ast::LiteralKind::Integer: {
            errno = 0;
            char* end = nullptr;
            long long v = std::strtoll(lit.value.c_str(), &end, 10);
            if (errno == ERANGE || *end != '\0') {
                if (lit.value.size() > 38) throw bad("numeric");
                Int128 u = 0;
                for (char c : lit.value) u = u * 10 + (c - '0');
                return literal(Value::decimal(u),
                               DataType::decimal(static_cast<int>(lit.value.size()), 0).withNullable(false));
            }
            if (v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max())
                return literal(Value::integer(v), DataType::integer().withNullable(false));
            return literal(Value::integer(v), DataType::bigint().withNullable(false));
        }
        case ast::LiteralKind::Decimal: {
            std::string digits;
            int scale = 0;
            bool point = false;
            for (char c : lit.value) {
                if (c == '.') {
                    point = true;
                    continue;
                }
                digits += c;
                if (point) ++scale;
            }
            size_t lz = 0;
            while (lz + 1 < digits.size() && digits[lz] == '0') ++lz;
            int precision = std::max(static_cast<int>(digits.size() - lz), scale);
            if (precision > 38) throw bad("DECIMAL");
            Int128 u = 0;
            for (char c : digits) u = u * 10 + (c - '0');
            return literal(Value::decimal(u),
                           DataType::decimal(std::max(precision, 1), scale).withNullable(false));
        }
        case ast::LiteralKind::Double:
            return literal(Value::real(std::strtod(lit.value.c_str(), nullptr)),
                           DataType::doubleType().withNullable(false));
        case ast::LiteralKind::String: {
            size_t len = 0;
            for (unsigned char c : lit.value)
                if ((c & 0xC0) != 0x80) ++len;
            return literal(
                Value::string(lit.value),
                DataType::charType(static_cast<int>(std::max<size_t>(len, 1))).withNullable(false));
        }
        case ast::LiteralKind::Binary: {
            std::string bytes;
            for (size_t i = 0; i + 1 < lit.value.size(); i += 2)
                bytes += static_cast<char>(std::stoi(lit.value.substr(i, 2), nullptr, 16));
            return literal(
                Value::string(bytes),
                DataType::binary(static_cast<int>(std::max<size_t>(bytes.size(), 1))).withNullable(false));
        }
        case ast::LiteralKind::Date: {
            auto d = parseDate(lit.value);
            if (!d) throw bad("DATE");
            return literal(Value::integer(*d), DataType::date().withNullable(false));
        }
        case ast::LiteralKind::Time: {
            auto t = parseTimeMillis(lit.value);
            if (!t) throw bad("TIME");
            auto dot = lit.value.find('.');
            int p = dot == std::string::npos ? 0 : static_cast<int>(lit.value.size() - dot - 1);
            return literal(Value::integer(*t), DataType::time(std::min(p, 3)).withNullable(false));
        }
        case ast::LiteralKind::Timestamp:
        case ast::LiteralKind::TimestampLtz: {
            auto ts = parseTimestampMicros(lit.value);
            if (!ts) throw bad("TIMESTAMP");
            auto dot = lit.value.find('.');
            int p = dot == std::string::npos ? 0 : static_cast<int>(lit.value.size() - dot - 1);
            p = std::min(p, 9);
            if (lit.literalKind == ast::LiteralKind::TimestampLtz)
                return literal(Value::integer(zone_.toUtc(*ts)),
                               DataType::timestampLtz(p).withNullable(false));
            return literal(Value::integer(*ts), DataType::timestamp(p).withNullable(false));
        }
        case ast::LiteralKind::Interval: {
            std::string text = lit.value;
            bool negative = lit.negative;
            while (!text.empty() && text.front() == ' ') text.erase(0, 1);
            if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
                if (text[0] == '-') negative = !negative;
                text.erase(0, 1);
            }
            if (lit.from == ast::TimeUnit::Year || lit.from == ast::TimeUnit::Month) {
                int64_t months = 0;
                if (lit.from == ast::TimeUnit::Year && lit.to == ast::TimeUnit::Month) {
                    auto dash = text.find('-');
                    if (dash == std::string::npos) throw bad("INTERVAL");
                    months = std::stoll(text.substr(0, dash)) * 12 + std::stoll(text.substr(dash + 1));
                } else {
                    try {
                        months = std::stoll(text) * (lit.from == ast::TimeUnit::Year ? 12 : 1);
                    } catch (const std::exception&) {
                        throw bad("INTERVAL");
                    }
                }
                return literal(Value::integer(negative ? -months : months),
                               DataType::intervalYearMonth().withNullable(false));
            }
            auto units = dayTimeUnits(lit.from, lit.to);
            if (units.empty())
                throw NotSupportedError("not supported yet: INTERVAL unit in '" + lit.text + "'");
            // Split "d hh:mm:ss.fff" into its numeric fields.
            int64_t fractionMillis = 0;
            if (units.back() == ast::TimeUnit::Second) {
                auto dot = text.find('.');
                if (dot != std::string::npos) {
                    std::string frac = text.substr(dot + 1);
                    frac.resize(3, '0');
                    fractionMillis = std::stoll(frac);
                    text = text.substr(0, dot);
                }
            }
            std::vector<int64_t> fields;
            std::string cur;
            for (char c : text + " ") {
                if (std::isdigit(static_cast<unsigned char>(c))) {
                    cur += c;
                } else if (!cur.empty()) {
                    fields.push_back(std::stoll(cur));
                    cur.clear();
                }
            }
            if (fields.size() != units.size()) throw bad("INTERVAL");
            int64_t millis = fractionMillis;
            for (size_t i = 0; i < units.size(); ++i) millis += fields[i] * unitMillis(units[i]);
            return literal(Value::integer(negative ? -millis : millis),
                           DataType::intervalDayTime().withNullable(false));
        }
    }
    throw InternalError("unknown literal kind");
}

int Binder::resolveColumn(const ast::ColumnRef& ref, const Scope& scope) {
    std::vector<std::string> names;
    for (const auto& c : scope.columns) names.push_back(c.name);
    if (ref.names.size() == 1) {
        int found = -1;
        for (size_t i = 0; i < scope.columns.size(); ++i) {
            if (scope.columns[i].name != ref.names[0]) continue;
            if (found >= 0)
                throw ValidationError(
                    fmt::format("{}Column '{}' is ambiguous", positionPrefix(ref.pos), ref.names[0]),
                    ref.pos);
            found = static_cast<int>(i);
        }
        if (found < 0)
            throw ValidationError(
                fmt::format("{}Column '{}' not found in any table.{}", positionPrefix(ref.pos), ref.names[0],
                            didYouMean(ref.names[0], names)),
                ref.pos);
        return found;
    }
    if (ref.names.size() == 2) {
        bool qualifierSeen = false;
        std::vector<std::string> inTable;
        for (size_t i = 0; i < scope.columns.size(); ++i) {
            if (scope.columns[i].qualifier != ref.names[0]) continue;
            qualifierSeen = true;
            inTable.push_back(scope.columns[i].name);
            if (scope.columns[i].name == ref.names[1]) return static_cast<int>(i);
        }
        if (!qualifierSeen) {
            std::vector<std::string> qualifiers;
            for (const auto& c : scope.columns) qualifiers.push_back(c.qualifier);
            throw ValidationError(fmt::format("{}Table '{}' not found.{}", positionPrefix(ref.pos),
                                              ref.names[0], didYouMean(ref.names[0], qualifiers)),
                                  ref.pos);
        }
        throw ValidationError(fmt::format("{}Column '{}' not found in table '{}'.{}", positionPrefix(ref.pos),
                                          ref.names[1], ref.names[0], didYouMean(ref.names[1], inTable)),
                              ref.pos);
    }
    throw NotSupportedError(fmt::format("{}not supported yet: nested field access '{}'",
                                        positionPrefix(ref.pos), fmt::join(ref.names, ".")));
}

ExprPtr Binder::bindExpr(const ast::Expr& expr, const Scope& scope) {
    auto unsupported = [&](const std::string& what) {
        return NotSupportedError(fmt::format("{}not supported yet: {}", positionPrefix(expr.pos), what));
    };
    switch (expr.kind) {
        case ast::ExprKind::Literal:
            return bindLiteral(expr.as<ast::Literal>());
        case ast::ExprKind::ColumnRef: {
            int i = resolveColumn(expr.as<ast::ColumnRef>(), scope);
            return std::make_unique<functions::InputRef>(i, scope.columns[i].type);
        }
        case ast::ExprKind::Star:
            throw ValidationError(
                fmt::format("{}'*' is only allowed in a SELECT list or COUNT(*)", positionPrefix(expr.pos)),
                expr.pos);
        case ast::ExprKind::Unary: {
            const auto& u = expr.as<ast::Unary>();
            ExprPtr operand = bindExpr(*u.operand, scope);
            switch (u.op) {
                case ast::UnaryOp::Plus:
                    return operand;
                case ast::UnaryOp::Neg: {
                    std::vector<ExprPtr> args;
                    args.push_back(std::move(operand));
                    return bindCall("NEGATE", std::move(args), expr.pos, "-");
                }
                case ast::UnaryOp::Not: {
                    std::vector<ExprPtr> args;
                    args.push_back(std::move(operand));
                    return bindCall("NOT", std::move(args), expr.pos);
                }
            }
            break;
        }
        case ast::ExprKind::Binary: {
            const auto& b = expr.as<ast::Binary>();
            static const std::map<ast::BinaryOp, std::string> kOps = {
                {ast::BinaryOp::Add, "+"},   {ast::BinaryOp::Sub, "-"}, {ast::BinaryOp::Mul, "*"},
                {ast::BinaryOp::Div, "/"},   {ast::BinaryOp::Mod, "%"}, {ast::BinaryOp::Concat, "||"},
                {ast::BinaryOp::Eq, "="},    {ast::BinaryOp::Ne, "<>"}, {ast::BinaryOp::Lt, "<"},
                {ast::BinaryOp::Le, "<="},   {ast::BinaryOp::Gt, ">"},  {ast::BinaryOp::Ge, ">="},
                {ast::BinaryOp::And, "AND"}, {ast::BinaryOp::Or, "OR"}};
            std::vector<ExprPtr> args;
            args.push_back(bindExpr(*b.left, scope));
            args.push_back(bindExpr(*b.right, scope));
            return bindCall(kOps.at(b.op), std::move(args), expr.pos);
        }
        case ast::ExprKind::IsNull: {
            const auto& n = expr.as<ast::IsNull>();
            std::vector<ExprPtr> args;
            args.push_back(bindExpr(*n.operand, scope));
            return bindCall(n.negated ? "IS NOT NULL" : "IS NULL", std::move(args), expr.pos);
        }
        case ast::ExprKind::IsBool: {
            const auto& n = expr.as<ast::IsBool>();
            std::string test = n.test == ast::BoolTest::True    ? "TRUE"
                               : n.test == ast::BoolTest::False ? "FALSE"
                                                                : "UNKNOWN";
            std::vector<ExprPtr> args;
            args.push_back(bindExpr(*n.operand, scope));
            return bindCall(std::string("IS ") + (n.negated ? "NOT " : "") + test, std::move(args), expr.pos);
        }
        case ast::ExprKind::Between: {
            const auto& b = expr.as<ast::Between>();
            if (b.symmetric) throw unsupported("BETWEEN SYMMETRIC");
            std::vector<ExprPtr> lowArgs, highArgs, both;
            lowArgs.push_back(bindExpr(*b.operand, scope));
            lowArgs.push_back(bindExpr(*b.low, scope));
            highArgs.push_back(bindExpr(*b.operand, scope));
            highArgs.push_back(bindExpr(*b.high, scope));
            both.push_back(bindCall(">=", std::move(lowArgs), expr.pos));
            both.push_back(bindCall("<=", std::move(highArgs), expr.pos));
            ExprPtr result = bindCall("AND", std::move(both), expr.pos);
            if (!b.negated) return result;
            std::vector<ExprPtr> notArgs;
            notArgs.push_back(std::move(result));
            return bindCall("NOT", std::move(notArgs), expr.pos);
        }
        case ast::ExprKind::In: {
            const auto& in = expr.as<ast::In>();
            if (in.subquery) throw unsupported("IN (subquery)");
            ExprPtr acc;
            for (const auto& item : in.list) {
                std::vector<ExprPtr> eqArgs;
                eqArgs.push_back(bindExpr(*in.operand, scope));
                eqArgs.push_back(bindExpr(*item, scope));
                ExprPtr eq = bindCall("=", std::move(eqArgs), item->pos);
                if (!acc) {
                    acc = std::move(eq);
                } else {
                    std::vector<ExprPtr> orArgs;
                    orArgs.push_back(std::move(acc));
                    orArgs.push_back(std::move(eq));
                    acc = bindCall("OR", std::move(orArgs), expr.pos);
                }
            }
            if (!in.negated) return acc;
            std::vector<ExprPtr> notArgs;
            notArgs.push_back(std::move(acc));
            return bindCall("NOT", std::move(notArgs), expr.pos);
        }
        case ast::ExprKind::Case: {
            const auto& c = expr.as<ast::Case>();
            std::vector<ExprPtr> conditions, results;
            for (const auto& w : c.whens) {
                if (c.operand) {
                    std::vector<ExprPtr> eqArgs;
                    eqArgs.push_back(bindExpr(*c.operand, scope));
                    eqArgs.push_back(bindExpr(*w.when, scope));
                    conditions.push_back(bindCall("=", std::move(eqArgs), w.when->pos));
                } else {
                    ExprPtr cond = bindExpr(*w.when, scope);
                    if (cond->type().id != TypeId::Boolean && cond->type().id != TypeId::Null)
                        throw ValidationError(
                            fmt::format("{}Expected a BOOLEAN condition in CASE WHEN, got {}",
                                        positionPrefix(w.when->pos), cond->type().toString()),
                            w.when->pos);
                    conditions.push_back(std::move(cond));
                }
                results.push_back(bindExpr(*w.then, scope));
            }
            ExprPtr elseExpr = c.elseExpr ? bindExpr(*c.elseExpr, scope) : nullptr;
            std::vector<DataType> types;
            for (const auto& r : results) types.push_back(r->type());
            if (elseExpr) types.push_back(elseExpr->type());
            auto common = functions::commonType(types);
            if (!common)
                throw ValidationError(fmt::format("{}Illegal mixing of types in CASE or COALESCE statement",
                                                  positionPrefix(expr.pos)),
                                      expr.pos);
            DataType t = common->withNullable(common->nullable || !elseExpr);
            if (t.id == TypeId::Null) t = DataType::nullType();
            for (auto& r : results) r = castTo(std::move(r), t);
            if (elseExpr) elseExpr = castTo(std::move(elseExpr), t);
            return fold(std::make_unique<functions::CaseWhen>(std::move(conditions), std::move(results),
                                                              std::move(elseExpr), t));
        }
        case ast::ExprKind::Cast: {
            const auto& c = expr.as<ast::Cast>();
            ExprPtr operand = bindExpr(*c.operand, scope);
            if (!functions::canCastExplicitly(operand->type(), c.type)) {
                std::string reason = functions::castNotAllowedReason(operand->type(), c.type);
                throw ValidationError(
                    fmt::format("{}Cast function cannot convert value of type {} to type {}{}",
                                positionPrefix(expr.pos), operand->type().withNullable(true).toString(),
                                c.type.withNullable(true).toString(), reason.empty() ? "" : ". " + reason),
                    expr.pos);
            }
            DataType t = c.type.withNullable(c.tryCast || operand->type().nullable || c.type.nullable);
            return fold(std::make_unique<functions::Cast>(std::move(operand), t, c.tryCast, expr.text));
        }
        case ast::ExprKind::Call: {
            const auto& call = expr.as<ast::Call>();
            std::string name = toUpper(call.name);
            if (call.over) throw unsupported("OVER windows (" + name + " ... OVER)");
            if (call.star || call.distinct || call.filter || kAggregates.count(name))
                throw unsupported("aggregate function " + name +
                                  " (GROUP BY and aggregates are not implemented)");
            std::vector<ExprPtr> args;
            std::vector<bool> jsonArgs;
            bool jsonConstructor = name == "JSON_OBJECT" || name == "JSON_ARRAY";
            for (const auto& a : call.args) {
                if (a->kind == ast::ExprKind::Descriptor || a->kind == ast::ExprKind::TableArg)
                    throw unsupported("function " + name);
                // Decided on the AST: constant folding turns a nested constructor into a plain string.
                bool nestedJson = false;
                if (jsonConstructor && a->kind == ast::ExprKind::Call) {
                    std::string inner = toUpper(a->as<ast::Call>().name);
                    nestedJson = inner == "JSON_OBJECT" || inner == "JSON_ARRAY";
                }
                jsonArgs.push_back(nestedJson);
                args.push_back(bindExpr(*a, scope));
            }
            // JSON_VALUE / JSON_QUERY ... RETURNING t: a trailing typed keyword argument.
            if (call.returning)
                args.push_back(std::make_unique<functions::Literal>(
                    Value::null(), call.returning->withNullable(true), "RETURNING"));
            return bindCall(name, std::move(args), expr.pos, "", jsonArgs);
        }
        case ast::ExprKind::DistinctFrom: {
            const auto& d = expr.as<ast::DistinctFrom>();
            std::vector<ExprPtr> args;
            args.push_back(bindExpr(*d.left, scope));
            args.push_back(bindExpr(*d.right, scope));
            return bindCall(d.negated ? "IS NOT DISTINCT FROM" : "IS DISTINCT FROM", std::move(args),
                            expr.pos);
        }
        case ast::ExprKind::Like: {
            // LIKE / SIMILAR TO are functions of (operand, pattern[, escape]); NOT wraps the call.
            const auto& l = expr.as<ast::Like>();
            std::vector<ExprPtr> args;
            args.push_back(bindExpr(*l.operand, scope));
            args.push_back(bindExpr(*l.pattern, scope));
            if (l.escape) args.push_back(bindExpr(*l.escape, scope));
            ExprPtr call = bindCall(l.similar ? "SIMILAR TO" : "LIKE", std::move(args), expr.pos);
            if (!l.negated) return call;
            std::vector<ExprPtr> notArgs;
            notArgs.push_back(std::move(call));
            return bindCall("NOT", std::move(notArgs), expr.pos);
        }
        case ast::ExprKind::Symbol: {
            // Keyword arguments (EXTRACT(YEAR FROM x), TRIM(BOTH ...)) reach resolvers as symbols.
            const std::string& name = expr.as<ast::Symbol>().name;
            return std::make_unique<functions::Literal>(
                Value::string(name),
                DataType::charType(static_cast<int>(std::max<size_t>(name.size(), 1))).withNullable(false),
                name);
        }
        case ast::ExprKind::Subquery:
            throw unsupported("scalar subqueries");
        case ast::ExprKind::Exists:
            throw unsupported("EXISTS");
        case ast::ExprKind::Item:
            throw unsupported("element access with []");
        case ast::ExprKind::Field:
            throw unsupported("ROW field access");
        case ast::ExprKind::Descriptor:
            throw unsupported("DESCRIPTOR outside a window table function");
        case ast::ExprKind::TableArg:
            throw unsupported("TABLE arguments outside a table function");
    }
    throw InternalError("unknown expression kind");
}

// ---------------------------------------------------------------------------------------------
// Tables

const ConnectorFactory& Binder::factoryFor(const CatalogTable& table) const {
    for (const auto& [k, v] : table.options)
        if (k == "connector") return connectors_.get(v);
    throw ValidationError(fmt::format(
        "Table options do not contain an option key 'connector' for discovering a connector. (table '{}')",
        table.path.toString()));
}

ConnectorTable Binder::connectorTable(const CatalogTable& table) const {
    ConnectorTable ct;
    ct.name = table.path.toString();
    for (const auto& c : table.columns) {
        if (c.kind == ColumnKind::Physical) ct.physical.fields.push_back({c.name, c.type});
        if (c.kind == ColumnKind::Metadata)
            ct.metadata.push_back(
                {c.name, c.metadataKey.empty() ? c.name : c.metadataKey, c.type, c.isVirtual});
    }
    ct.primaryKey = table.primaryKey;
    ct.partitionKeys = table.partitionKeys;
    ct.options = TableOptions(table.options);
    return ct;
}

std::vector<const CatalogColumn*> Binder::sinkColumns(const CatalogTable& table) {
    std::vector<const CatalogColumn*> out;
    for (const auto& c : table.columns)
        if (c.kind == ColumnKind::Physical || (c.kind == ColumnKind::Metadata && !c.isVirtual))
            out.push_back(&c);
    return out;
}

Binder::Bound Binder::scanTable(const CatalogTable& table, const std::string& qualifier, SourcePos pos) {
    auto scan = std::make_unique<ScanNode>();
    scan->path = table.path;
    scan->table = connectorTable(table);
    scan->factory = &factoryFor(table);
    for (size_t i = 0; i < scan->table.physical.fields.size(); ++i)
        scan->request.physicalFields.push_back(static_cast<int>(i));
    for (size_t i = 0; i < scan->table.metadata.size(); ++i)
        scan->request.metadataFields.push_back(static_cast<int>(i));
    scan->updateSchema();
    Schema scanned = scan->schema;
    LogicalPtr input = normalizeChangelog(std::move(scan));

    // The table's columns in declaration order, computed ones evaluated over the scanned ones.
    Scope scanScope;
    for (const auto& f : scanned.fields) scanScope.columns.push_back({qualifier, f.name, f.type});
    auto calc = std::make_unique<CalcNode>();
    Scope out;
    for (const auto& c : table.columns) {
        ExprPtr e;
        if (c.kind == ColumnKind::Computed) {
            ast::ExprPtr parsed = parser::Parser::parseExpression(c.expr);
            e = bindExpr(*parsed, scanScope);
        } else {
            int idx = scanned.indexOf(c.name);
            e = std::make_unique<functions::InputRef>(idx, scanned.fields[idx].type);
        }
        calc->schema.fields.push_back({c.name, e->type()});
        out.columns.push_back({qualifier, c.name, e->type()});
        calc->projections.push_back(std::move(e));
    }
    calc->inputs.push_back(std::move(input));
    return {std::move(calc), std::move(out)};
}

LogicalPtr Binder::normalizeChangelog(std::unique_ptr<ScanNode> scan) {
    ChangelogMode mode = scan->factory->scanChangelogMode(scan->table);
    // Without a key the factory's own validation rejects the table when the scan is created.
    if (mode.isInsertOnly() || mode.upsertKey.empty()) return scan;
    auto normalize = std::make_unique<ChangelogNormalizeNode>();
    normalize->schema = scan->schema;
    for (const auto& k : mode.upsertKey) {
        int idx = scan->schema.indexOf(k);
        if (idx < 0) return scan;  // not a physical column: left to the factory's validation
        normalize->keyFields.push_back(idx);
    }
    normalize->inputs.push_back(std::move(scan));
    return normalize;
}

Binder::Bound Binder::bindNamedTable(const ast::NamedTable& ref) {
    if (ref.forSystemTimeAsOf)
        throw NotSupportedError(fmt::format("{}not supported yet: temporal joins (FOR SYSTEM_TIME AS OF)",
                                            positionPrefix(ref.pos)));
    std::string qualifier = ref.alias.empty() ? ref.name.parts.back() : ref.alias;
    // WITH items shadow catalog objects.
    if (ref.name.parts.size() == 1) {
        for (auto it = ctes_.rbegin(); it != ctes_.rend(); ++it) {
            auto found = it->find(ref.name.parts[0]);
            if (found == it->end()) continue;
            const ast::WithItem* item = found->second;
            Bound b = bindQueryInternal(*item->query);
            if (!item->columns.empty()) {
                if (item->columns.size() != b.scope.columns.size())
                    throw ValidationError(fmt::format(
                        "{}WITH item '{}' names {} columns but its query has {}", positionPrefix(item->pos),
                        item->name, item->columns.size(), b.scope.columns.size()));
                for (size_t i = 0; i < item->columns.size(); ++i) b.scope.columns[i].name = item->columns[i];
            }
            for (auto& c : b.scope.columns) c.qualifier = qualifier;
            return b;
        }
    }
    ObjectPath path = catalog_.resolve(ref.name.parts);
    if (const CatalogTable* table = catalog_.findTable(path)) {
        if (!ref.hints.empty()) {
            CatalogTable hinted = *table;
            for (const auto& [k, v] : ref.hints) {
                bool replaced = false;
                for (auto& [hk, hv] : hinted.options)
                    if (hk == k) {
                        hv = v;
                        replaced = true;
                    }
                if (!replaced) hinted.options.emplace_back(k, v);
            }
            return scanTable(hinted, qualifier, ref.pos);
        }
        return scanTable(*table, qualifier, ref.pos);
    }
    if (const CatalogView* view = catalog_.findView(path)) {
        if (++viewDepth_ > 32) throw ValidationError("Views nest too deeply (a view that refers to itself?)");
        ast::StatementPtr stmt = parser::Parser::parseStatement(view->query);
        if (stmt->kind != ast::StatementKind::Query) throw InternalError("view text is not a query");
        auto saved = std::move(ctes_);
        ctes_.clear();
        Bound b = bindQueryInternal(*stmt->as<ast::QueryStatement>().query);
        ctes_ = std::move(saved);
        --viewDepth_;
        for (size_t i = 0; i < b.scope.columns.size() && i < view->schema.fields.size(); ++i)
            b.scope.columns[i].name = view->schema.fields[i].name;
        for (auto& c : b.scope.columns) c.qualifier = qualifier;
        // The view's plan must outlive the parsed statement: it owns no AST, only bound expressions.
        return b;
    }
    throw ValidationError(fmt::format("{}Object '{}' not found within '{}.{}'.{}", positionPrefix(ref.pos),
                                      ref.name.toString(), path.catalog, path.database,
                                      didYouMean(path.object, catalog_.tables(path.catalog, path.database))),
                          ref.pos);
}

Binder::Bound Binder::bindTableRef(const ast::TableRef& ref) {
    Bound b;
    switch (ref.kind) {
        case ast::TableRefKind::Named:
            b = bindNamedTable(ref.as<ast::NamedTable>());
            break;
        case ast::TableRefKind::Subquery: {
            const auto& s = ref.as<ast::SubqueryRef>();
            if (s.lateral)
                throw NotSupportedError(positionPrefix(ref.pos) + "not supported yet: LATERAL subqueries");
            b = bindQueryInternal(*s.query);
            for (auto& c : b.scope.columns) c.qualifier = ref.alias;
            break;
        }
        case ast::TableRefKind::Join:
            throw NotSupportedError(positionPrefix(ref.pos) + "not supported yet: JOIN");
        case ast::TableRefKind::TableFunction: {
            const auto& f = ref.as<ast::TableFunctionRef>();
            std::string name = f.call ? toUpper(f.call->name) : "?";
            if (name == "TUMBLE" || name == "HOP" || name == "CUMULATE" || name == "SESSION")
                throw NotSupportedError(positionPrefix(ref.pos) +
                                        "not supported yet: window table function " + name);
            throw NotSupportedError(positionPrefix(ref.pos) + "not supported yet: table function " + name);
        }
        case ast::TableRefKind::Unnest:
            throw NotSupportedError(positionPrefix(ref.pos) + "not supported yet: UNNEST");
    }
    if (!ref.columnAliases.empty()) {
        if (ref.columnAliases.size() != b.scope.columns.size())
            throw ValidationError(
                fmt::format("{}List of column aliases must have same degree as table; table has {} "
                            "columns, whereas alias list has {} columns",
                            positionPrefix(ref.pos), b.scope.columns.size(), ref.columnAliases.size()),
                ref.pos);
        for (size_t i = 0; i < ref.columnAliases.size(); ++i) b.scope.columns[i].name = ref.columnAliases[i];
    }
    if (!ref.alias.empty())
        for (auto& c : b.scope.columns) c.qualifier = ref.alias;
    return b;
}

// ---------------------------------------------------------------------------------------------
// Queries

Binder::Bound Binder::bindValues(const ast::ValuesBody& values) {
    Scope empty;
    std::vector<std::vector<ExprPtr>> rows;
    size_t width = values.rows.empty() ? 0 : values.rows[0].size();
    for (const auto& row : values.rows) {
        if (row.size() != width)
            throw ValidationError(fmt::format("{}Values passed to VALUES operator must have compatible types",
                                              positionPrefix(values.pos)));
        std::vector<ExprPtr> bound;
        for (const auto& e : row) {
            ExprPtr b = bindExpr(*e, empty);
            if (b->kind() != functions::Expression::Kind::Literal)
                throw NotSupportedError(positionPrefix(e->pos) +
                                        "not supported yet: non-constant expressions in VALUES");
            bound.push_back(std::move(b));
        }
        rows.push_back(std::move(bound));
    }
    auto node = std::make_unique<ValuesNode>();
    Scope scope;
    functions::EvalContext ctx{zone_, "VALUES"};
    for (size_t c = 0; c < width; ++c) {
        std::vector<DataType> types;
        for (const auto& r : rows) types.push_back(r[c]->type());
        auto common = functions::commonType(types);
        if (!common)
            throw ValidationError(fmt::format("{}Values passed to VALUES operator must have compatible types",
                                              positionPrefix(values.pos)));
        DataType t = *common;
        if (t.id == TypeId::Null) t = DataType::nullType();
        std::string name = fmt::format("EXPR${}", c);
        node->schema.fields.push_back({name, t});
        scope.columns.push_back({"", name, t});
    }
    for (auto& r : rows) {
        std::vector<Value> vals;
        for (size_t c = 0; c < width; ++c) {
            auto& lit = static_cast<functions::Literal&>(*r[c]);
            const DataType& t = node->schema.fields[c].type;
            vals.push_back(lit.type().sameAs(t) || lit.value().isNull()
                               ? lit.value()
                               : functions::castValue(lit.value(), lit.type(), t, false, ctx, ""));
        }
        node->rows.push_back(std::move(vals));
    }
    return {std::move(node), std::move(scope)};
}

Binder::Bound Binder::bindSelect(const ast::SelectBody& select) {
    Bound input;
    if (select.from) {
        input = bindTableRef(*select.from);
    } else {
        auto one = std::make_unique<ValuesNode>();
        one->rows.emplace_back();
        input.node = std::move(one);
    }
    if (select.distinct)
        throw NotSupportedError(positionPrefix(select.pos) + "not supported yet: SELECT DISTINCT");
    if (!select.groupBy.empty())
        throw NotSupportedError(
            positionPrefix(select.groupBy[0].expr ? select.groupBy[0].expr->pos : select.pos) +
            "not supported yet: GROUP BY aggregation");
    if (select.having)
        throw NotSupportedError(positionPrefix(select.having->pos) + "not supported yet: HAVING");
    if (!select.windows.empty())
        throw NotSupportedError(positionPrefix(select.pos) + "not supported yet: WINDOW clause");

    auto calc = std::make_unique<CalcNode>();
    if (select.where) {
        ExprPtr where = bindExpr(*select.where, input.scope);
        if (where->type().id != TypeId::Boolean && where->type().id != TypeId::Null)
            throw ValidationError(fmt::format("{}WHERE clause must be a condition, got type {}",
                                              positionPrefix(select.where->pos), where->type().toString()),
                                  select.where->pos);
        calc->filter = std::move(where);
    }
    std::vector<std::string> names;
    for (size_t i = 0; i < select.items.size(); ++i) {
        const auto& item = select.items[i];
        if (item.expr->kind == ast::ExprKind::Star) {
            const auto& star = item.expr->as<ast::Star>();
            bool any = false;
            for (size_t c = 0; c < input.scope.columns.size(); ++c) {
                const auto& col = input.scope.columns[c];
                if (!star.qualifier.empty() && col.qualifier != star.qualifier.back()) continue;
                any = true;
                calc->projections.push_back(
                    std::make_unique<functions::InputRef>(static_cast<int>(c), col.type));
                names.push_back(col.name);
            }
            if (!any && !star.qualifier.empty())
                throw ValidationError(fmt::format("{}Unknown identifier '{}'", positionPrefix(item.expr->pos),
                                                  fmt::join(star.qualifier, ".")),
                                      item.expr->pos);
            continue;
        }
        calc->projections.push_back(bindExpr(*item.expr, input.scope));
        if (!item.alias.empty())
            names.push_back(item.alias);
        else if (item.expr->kind == ast::ExprKind::ColumnRef)
            names.push_back(item.expr->as<ast::ColumnRef>().names.back());
        else
            names.push_back(fmt::format("EXPR${}", i));
    }
    uniquify(names);
    Scope out;
    for (size_t i = 0; i < names.size(); ++i) {
        calc->schema.fields.push_back({names[i], calc->projections[i]->type()});
        out.columns.push_back({"", names[i], calc->projections[i]->type()});
    }
    calc->inputs.push_back(std::move(input.node));
    return {std::move(calc), std::move(out)};
}

Binder::Bound Binder::bindSetOp(const ast::SetOpBody& setOp) {
    const char* opName = setOp.op == ast::SetOpKind::Union       ? "UNION"
                         : setOp.op == ast::SetOpKind::Intersect ? "INTERSECT"
                                                                 : "EXCEPT";
    if (setOp.op != ast::SetOpKind::Union || !setOp.all)
        throw NotSupportedError(fmt::format("{}not supported yet: {}{} (only UNION ALL)",
                                            positionPrefix(setOp.pos), opName, setOp.all ? " ALL" : ""));
    Bound left = bindBody(*setOp.left);
    Bound right = bindBody(*setOp.right);
    if (left.scope.columns.size() != right.scope.columns.size())
        throw ValidationError(
            fmt::format("{}Set operator cannot combine queries with different number of columns "
                        "({} and {})",
                        positionPrefix(setOp.pos), left.scope.columns.size(), right.scope.columns.size()),
            setOp.pos);
    std::vector<DataType> types;
    for (size_t i = 0; i < left.scope.columns.size(); ++i) {
        auto t = functions::commonType(left.scope.columns[i].type, right.scope.columns[i].type);
        if (!t)
            throw ValidationError(
                fmt::format("{}Type mismatch in column {} of UNION ALL: {} and {}", positionPrefix(setOp.pos),
                            i + 1, left.scope.columns[i].type.toString(),
                            right.scope.columns[i].type.toString()),
                setOp.pos);
        types.push_back(*t);
    }
    auto conform = [&](Bound& b) -> LogicalPtr {
        bool same = true;
        for (size_t i = 0; i < types.size(); ++i) same = same && b.scope.columns[i].type == types[i];
        if (same) return std::move(b.node);
        auto calc = std::make_unique<CalcNode>();
        for (size_t i = 0; i < types.size(); ++i) {
            ExprPtr ref = std::make_unique<functions::InputRef>(static_cast<int>(i), b.scope.columns[i].type);
            calc->projections.push_back(castTo(std::move(ref), types[i]));
            calc->schema.fields.push_back({b.node->schema.fields[i].name, types[i]});
        }
        calc->inputs.push_back(std::move(b.node));
        return calc;
    };
    auto u = std::make_unique<UnionNode>();
    Scope scope;
    for (size_t i = 0; i < types.size(); ++i) {
        u->schema.fields.push_back({left.scope.columns[i].name, types[i]});
        scope.columns.push_back({"", left.scope.columns[i].name, types[i]});
    }
    u->inputs.push_back(conform(left));
    u->inputs.push_back(conform(right));
    return {std::move(u), std::move(scope)};
}

Binder::Bound Binder::bindBody(const ast::QueryBody& body) {
    switch (body.kind) {
        case ast::QueryBodyKind::Select:
            return bindSelect(body.as<ast::SelectBody>());
        case ast::QueryBodyKind::Values:
            return bindValues(body.as<ast::ValuesBody>());
        case ast::QueryBodyKind::SetOp:
            return bindSetOp(body.as<ast::SetOpBody>());
        case ast::QueryBodyKind::Nested:
            return bindQueryInternal(*body.as<ast::NestedBody>().query);
    }
    throw InternalError("unknown query body");
}

Binder::Bound Binder::bindQueryInternal(const ast::Query& query) {
    std::map<std::string, const ast::WithItem*> ctes;
    for (const auto& w : query.with) ctes[w.name] = &w;
    ctes_.push_back(std::move(ctes));
    Bound b = bindBody(*query.body);
    ctes_.pop_back();
    if (!query.orderBy.empty())
        throw NotSupportedError(positionPrefix(query.orderBy[0].expr->pos) + "not supported yet: ORDER BY");
    if (query.limit) throw NotSupportedError(positionPrefix(query.limit->pos) + "not supported yet: LIMIT");
    if (query.offset)
        throw NotSupportedError(positionPrefix(query.offset->pos) + "not supported yet: OFFSET");
    // Keep the names the scope ended up with (aliases) on the plan's schema.
    for (size_t i = 0; i < b.scope.columns.size() && i < b.node->schema.fields.size(); ++i)
        b.node->schema.fields[i].name = b.scope.columns[i].name;
    return b;
}

LogicalPtr Binder::bindQuery(const ast::Query& query) {
    return bindQueryInternal(query).node;
}

Schema Binder::querySchema(const ast::Query& query) {
    Bound b = bindQueryInternal(query);
    Schema s;
    for (const auto& c : b.scope.columns) s.fields.push_back({c.name, c.type});
    return s;
}

LogicalPtr Binder::bindInsert(const ast::Insert& insert) {
    if (insert.overwrite)
        throw NotSupportedError(positionPrefix(insert.pos) + "not supported yet: INSERT OVERWRITE");
    if (!insert.partition.empty())
        throw NotSupportedError(positionPrefix(insert.pos) + "not supported yet: INSERT ... PARTITION");
    return bindInsertInto(insert.target, insert.columns, *insert.query, insert.pos);
}

LogicalPtr Binder::bindInsertInto(const ast::QualifiedName& target,
                                  const std::vector<std::string>& targetColumns,
                                  const ast::Query& insertQuery, SourcePos pos) {
    ObjectPath path = catalog_.resolve(target.parts);
    const CatalogTable* table = catalog_.findTable(path);
    if (!table) {
        if (catalog_.findView(path))
            throw ValidationError(fmt::format("{}Cannot INSERT into view '{}': a view is read-only",
                                              positionPrefix(target.pos), path.toString()));
        throw ValidationError(
            fmt::format("{}Object '{}' not found within '{}.{}'.{}", positionPrefix(target.pos),
                        target.toString(), path.catalog, path.database,
                        didYouMean(path.object, catalog_.tables(path.catalog, path.database))),
            target.pos);
    }
    const ConnectorFactory& factory = factoryFor(*table);
    Bound query = bindQueryInternal(insertQuery);
    auto columns = sinkColumns(*table);

    Schema sinkSchema;
    for (const auto* c : columns) sinkSchema.fields.push_back({c->name, c->type});
    Schema querySchema;
    for (const auto& c : query.scope.columns) querySchema.fields.push_back({c.name, c.type});

    auto mismatch = [&](const std::string& cause) {
        return ValidationError(fmt::format(
            "{}Column types of query result and sink for '{}' do not match.\nCause: {}\n\nQuery schema: "
            "{}\nSink schema:  {}",
            positionPrefix(pos), path.toString(), cause, schemaText(querySchema), schemaText(sinkSchema)));
    };

    // Which query column feeds each sink column (-1: NULL).
    std::vector<int> source(columns.size(), -1);
    if (targetColumns.empty()) {
        if (querySchema.size() != columns.size()) throw mismatch("Different number of columns.");
        for (size_t i = 0; i < columns.size(); ++i) source[i] = static_cast<int>(i);
    } else {
        if (targetColumns.size() != querySchema.size()) throw mismatch("Different number of columns.");
        for (size_t q = 0; q < targetColumns.size(); ++q) {
            int idx = sinkSchema.indexOf(targetColumns[q]);
            if (idx < 0) {
                std::vector<std::string> names;
                for (const auto& f : sinkSchema.fields) names.push_back(f.name);
                throw ValidationError(fmt::format("{}Unknown target column '{}'.{}", positionPrefix(pos),
                                                  targetColumns[q], didYouMean(targetColumns[q], names)));
            }
            source[idx] = static_cast<int>(q);
        }
    }
    auto calc = std::make_unique<CalcNode>();
    bool identity = querySchema.size() == columns.size();
    for (size_t i = 0; i < columns.size(); ++i) {
        const DataType& target = columns[i]->type;
        ExprPtr e;
        if (source[i] < 0) {
            if (!target.nullable)
                throw ValidationError(
                    fmt::format("{}Column '{}' has no default value and does not allow NULLs",
                                positionPrefix(pos), columns[i]->name));
            e = std::make_unique<functions::Literal>(Value::null(), target);
            identity = false;
        } else {
            const DataType& from = querySchema.fields[source[i]].type;
            e = std::make_unique<functions::InputRef>(source[i], from);
            if (source[i] != static_cast<int>(i)) identity = false;
            if (!from.sameAs(target)) {
                if (!functions::canCastImplicitly(from, target))
                    throw mismatch(fmt::format("Incompatible types for sink column '{}' at position {}.",
                                               columns[i]->name, i));
                // Flink writes strings and binaries of any length into CHAR(n)/VARCHAR(n)/BINARY(n)
                // columns unless 'table.exec.sink.type-length-enforcer' = 'TRIM_PAD'.
                bool lengthOnly =
                    (from.isString() && target.isString()) || (from.isBinary() && target.isBinary());
                if (!lengthOnly || trimPadSinkLengths_) {
                    e = castTo(std::move(e), target.withNullable(true));
                    identity = false;
                }
            }
        }
        calc->schema.fields.push_back({columns[i]->name, e->type()});
        calc->projections.push_back(std::move(e));
    }
    // Query columns match the table's columns in declaration order, but a sink receives its physical
    // columns first, then its writable metadata columns (as Flink appends persisted metadata).
    std::vector<size_t> order;
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i]->kind == ColumnKind::Physical) order.push_back(i);
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i]->kind != ColumnKind::Physical) order.push_back(i);
    for (size_t k = 0; k < order.size(); ++k)
        if (order[k] != k) identity = false;
    if (!identity) {
        std::vector<functions::ExprPtr> projections;
        Schema calcSchema, reordered;
        for (size_t i : order) {
            projections.push_back(std::move(calc->projections[i]));
            calcSchema.fields.push_back(calc->schema.fields[i]);
            reordered.fields.push_back(sinkSchema.fields[i]);
        }
        calc->projections = std::move(projections);
        calc->schema = std::move(calcSchema);
        sinkSchema = std::move(reordered);
    }
    auto sink = std::make_unique<SinkNode>();
    sink->path = path;
    sink->table = connectorTable(*table);
    sink->factory = &factory;
    sink->schema = sinkSchema;
    if (identity) {
        sink->inputs.push_back(std::move(query.node));
    } else {
        calc->inputs.push_back(std::move(query.node));
        sink->inputs.push_back(std::move(calc));
    }
    return sink;
}

}  // namespace sluice::planner
