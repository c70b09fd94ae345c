#include "parser/ast_printer.h"

#include <string>
#include <vector>

#include "common/string_util.h"

namespace sluice::parser {

namespace {

// Calcite's operator precedences (SqlStdOperatorTable); a higher number binds tighter.
constexpr int kOr = 22;
constexpr int kAnd = 24;
constexpr int kNot = 26;
constexpr int kPredicate = 28;  // IS ..., BETWEEN, LIKE, IN, IS DISTINCT FROM: non-associative
constexpr int kComparison = 30;
constexpr int kAdditive = 40;
constexpr int kMultiplicative = 60;  // also ||, as in Calcite
constexpr int kPrefix = 80;
constexpr int kPrimary = 100;

std::string upper(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

const char* timeUnitName(ast::TimeUnit unit) {
    switch (unit) {
        case ast::TimeUnit::None:
            return "";
        case ast::TimeUnit::Year:
            return "YEAR";
        case ast::TimeUnit::Quarter:
            return "QUARTER";
        case ast::TimeUnit::Month:
            return "MONTH";
        case ast::TimeUnit::Week:
            return "WEEK";
        case ast::TimeUnit::Day:
            return "DAY";
        case ast::TimeUnit::Hour:
            return "HOUR";
        case ast::TimeUnit::Minute:
            return "MINUTE";
        case ast::TimeUnit::Second:
            return "SECOND";
        case ast::TimeUnit::Millisecond:
            return "MILLISECOND";
        case ast::TimeUnit::Microsecond:
            return "MICROSECOND";
        case ast::TimeUnit::Nanosecond:
            return "NANOSECOND";
    }
    return "";
}

bool isNumericLiteral(const ast::Expr& e) {
    if (e.kind != ast::ExprKind::Literal) return false;
    auto k = e.as<ast::Literal>().literalKind;
    return k == ast::LiteralKind::Integer || k == ast::LiteralKind::Decimal || k == ast::LiteralKind::Double;
}

bool isCallNamed(const ast::Expr& e, const char* name) {
    return e.kind == ast::ExprKind::Call && e.as<ast::Call>().name == name;
}

const char* binaryOpText(ast::BinaryOp op) {
    switch (op) {
        case ast::BinaryOp::Add:
            return "+";
        case ast::BinaryOp::Sub:
            return "-";
        case ast::BinaryOp::Mul:
            return "*";
        case ast::BinaryOp::Div:
            return "/";
        case ast::BinaryOp::Mod:
            return "%";
        case ast::BinaryOp::Concat:
            return "||";
        case ast::BinaryOp::Eq:
            return "=";
        case ast::BinaryOp::Ne:
            return "<>";
        case ast::BinaryOp::Lt:
            return "<";
        case ast::BinaryOp::Le:
            return "<=";
        case ast::BinaryOp::Gt:
            return ">";
        case ast::BinaryOp::Ge:
            return ">=";
        case ast::BinaryOp::And:
            return "AND";
        case ast::BinaryOp::Or:
            return "OR";
    }
    return "?";
}

int binaryPrecedence(ast::BinaryOp op) {
    switch (op) {
        case ast::BinaryOp::Or:
            return kOr;
        case ast::BinaryOp::And:
            return kAnd;
        case ast::BinaryOp::Eq:
        case ast::BinaryOp::Ne:
        case ast::BinaryOp::Lt:
        case ast::BinaryOp::Le:
        case ast::BinaryOp::Gt:
        case ast::BinaryOp::Ge:
            return kComparison;
        case ast::BinaryOp::Add:
        case ast::BinaryOp::Sub:
            return kAdditive;
        case ast::BinaryOp::Mul:
        case ast::BinaryOp::Div:
        case ast::BinaryOp::Mod:
        case ast::BinaryOp::Concat:
            return kMultiplicative;
    }
    return kPrimary;
}

int precedence(const ast::Expr& e) {
    switch (e.kind) {
        case ast::ExprKind::Binary:
            return binaryPrecedence(e.as<ast::Binary>().op);
        case ast::ExprKind::Unary: {
            const auto& u = e.as<ast::Unary>();
            if (u.op == ast::UnaryOp::Not) return isCallNamed(*u.operand, "IS_JSON") ? kPredicate : kNot;
            return isNumericLiteral(*u.operand) ? kPrimary : kPrefix;
        }
        case ast::ExprKind::IsNull:
        case ast::ExprKind::IsBool:
        case ast::ExprKind::DistinctFrom:
        case ast::ExprKind::Between:
        case ast::ExprKind::In:
        case ast::ExprKind::Like:
            return kPredicate;
        case ast::ExprKind::Call:
            return isCallNamed(e, "IS_JSON") ? kPredicate : kPrimary;
        default:
            return kPrimary;
    }
}

bool isNiladic(const std::string& name) {
    return name == "CURRENT_TIMESTAMP" || name == "CURRENT_DATE" || name == "CURRENT_TIME" ||
           name == "LOCALTIMESTAMP" || name == "LOCALTIME";
}

class Printer {
public:
    std::string print(const ast::Expr& e) {
        switch (e.kind) {
            case ast::ExprKind::Literal:
                return literal(e.as<ast::Literal>());
            case ast::ExprKind::ColumnRef:
                return names(e.as<ast::ColumnRef>().names);
            case ast::ExprKind::Star: {
                const auto& s = e.as<ast::Star>();
                return s.qualifier.empty() ? "*" : names(s.qualifier) + ".*";
            }
            case ast::ExprKind::Unary:
                return unary(e.as<ast::Unary>());
            case ast::ExprKind::Binary: {
                const auto& b = e.as<ast::Binary>();
                int p = binaryPrecedence(b.op);
                return operand(*b.left, p, false) + " " + binaryOpText(b.op) + " " +
                       operand(*b.right, p, true);
            }
            case ast::ExprKind::IsNull: {
                const auto& n = e.as<ast::IsNull>();
                return predicateOperand(*n.operand) + (n.negated ? " IS NOT NULL" : " IS NULL");
            }
            case ast::ExprKind::IsBool: {
                const auto& b = e.as<ast::IsBool>();
                const char* test = b.test == ast::BoolTest::True    ? "TRUE"
                                   : b.test == ast::BoolTest::False ? "FALSE"
                                                                    : "UNKNOWN";
                return predicateOperand(*b.operand) + (b.negated ? " IS NOT " : " IS ") + test;
            }
            case ast::ExprKind::DistinctFrom: {
                const auto& d = e.as<ast::DistinctFrom>();
                return predicateOperand(*d.left) +
                       (d.negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ") +
                       predicateArgument(*d.right);
            }
            case ast::ExprKind::Between: {
                const auto& b = e.as<ast::Between>();
                return predicateOperand(*b.operand) + (b.negated ? " NOT BETWEEN " : " BETWEEN ") +
                       (b.symmetric ? "SYMMETRIC " : "ASYMMETRIC ") + predicateArgument(*b.low) + " AND " +
                       predicateArgument(*b.high);
            }
            case ast::ExprKind::In:
                return in(e.as<ast::In>());
            case ast::ExprKind::Like: {
                const auto& l = e.as<ast::Like>();
                std::string out = predicateOperand(*l.operand) + (l.negated ? " NOT" : "") +
                                  (l.similar ? " SIMILAR TO " : " LIKE ") + predicateArgument(*l.pattern);
                if (l.escape) out += " ESCAPE " + predicateArgument(*l.escape);
                return out;
            }
            case ast::ExprKind::Case:
                return caseExpr(e.as<ast::Case>());
            case ast::ExprKind::Cast: {
                const auto& c = e.as<ast::Cast>();
                return std::string(c.tryCast ? "TRY_CAST(" : "CAST(") + print(*c.operand) + " AS " +
                       c.type.toString() + ")";
            }
            case ast::ExprKind::Call:
                return call(e.as<ast::Call>());
            case ast::ExprKind::Symbol:
                return e.as<ast::Symbol>().name;
            case ast::ExprKind::Item: {
                const auto& i = e.as<ast::Item>();
                return operand(*i.operand, kPrimary, false) + "[" + print(*i.index) + "]";
            }
            case ast::ExprKind::Field: {
                const auto& f = e.as<ast::Field>();
                return operand(*f.operand, kPrimary, false) + "." + quoteIdentifier(f.field);
            }
            case ast::ExprKind::Descriptor: {
                std::string out = "DESCRIPTOR(";
                const auto& columns = e.as<ast::Descriptor>().columns;
                for (size_t i = 0; i < columns.size(); ++i)
                    out += (i ? ", " : "") + quoteIdentifier(columns[i]);
                return out + ")";
            }
            case ast::ExprKind::TableArg: {
                const auto& t = e.as<ast::TableArg>();
                std::string out = "TABLE " + names(t.table.parts);
                if (t.partitionBy.size() == 1) out += " PARTITION BY " + print(*t.partitionBy[0]);
                if (t.partitionBy.size() > 1) out += " PARTITION BY (" + list(t.partitionBy) + ")";
                return out;
            }
            case ast::ExprKind::Subquery:
            case ast::ExprKind::Exists:
                return e.text;  // queries are printed as written
        }
        return e.text;
    }

private:
    static std::string names(const std::vector<std::string>& parts) {
        std::string out;
        for (size_t i = 0; i < parts.size(); ++i) out += (i ? "." : "") + quoteIdentifier(parts[i]);
        return out;
    }

    /// Prints a child of an operator of precedence `parent`, parenthesized when it binds more loosely
    /// (or equally, on the right of a left-associative operator or under a prefix operator).
    std::string operand(const ast::Expr& e, int parent, bool strict) {
        int p = precedence(e);
        bool parens = strict ? p <= parent : p < parent;
        return parens ? "(" + print(e) + ")" : print(e);
    }
    // The tested operand of IS / BETWEEN / LIKE / IN: predicates do not chain.
    std::string predicateOperand(const ast::Expr& e) { return operand(e, kPredicate, true); }
    // The right-hand sides of BETWEEN, LIKE, IS DISTINCT FROM: parenthesize anything below arithmetic.
    std::string predicateArgument(const ast::Expr& e) { return operand(e, kAdditive, false); }

    std::string list(const std::vector<ast::ExprPtr>& items, size_t from = 0) {
        std::string out;
        for (size_t i = from; i < items.size(); ++i) out += (i > from ? ", " : "") + print(*items[i]);
        return out;
    }

    static std::string literal(const ast::Literal& l) {
        switch (l.literalKind) {
            case ast::LiteralKind::Null:
                return "NULL";
            case ast::LiteralKind::Boolean:
                return upper(l.value);
            case ast::LiteralKind::Integer:
            case ast::LiteralKind::Decimal:
            case ast::LiteralKind::Double:
                return upper(l.value);
            case ast::LiteralKind::String:
                return quoteSqlString(l.value);
            case ast::LiteralKind::Binary:
                return "X'" + upper(l.value) + "'";
            case ast::LiteralKind::Date:
                return "DATE " + quoteSqlString(l.value);
            case ast::LiteralKind::Time:
                return "TIME " + quoteSqlString(l.value);
            case ast::LiteralKind::Timestamp:
                return "TIMESTAMP " + quoteSqlString(l.value);
            case ast::LiteralKind::TimestampLtz:
                return "TIMESTAMP WITH LOCAL TIME ZONE " + quoteSqlString(l.value);
            case ast::LiteralKind::Interval:
                return interval(l);
        }
        return l.text;
    }

    // Calcite's SqlIntervalLiteral / SqlDialect.unparseSqlIntervalQualifier.
    static std::string interval(const ast::Literal& l) {
        std::string out = std::string("INTERVAL ") + (l.negative ? "-" : "") + quoteSqlString(l.value) + " ";
        out += timeUnitName(l.from);
        if (l.from == ast::TimeUnit::Second) {
            if (l.fractionalPrecision >= 0) {
                out += "(" + std::to_string(l.leadingPrecision > 0 ? l.leadingPrecision : 2) + ", " +
                       std::to_string(l.fractionalPrecision) + ")";
            } else if (l.leadingPrecision > 0) {
                out += "(" + std::to_string(l.leadingPrecision) + ")";
            }
            return out;
        }
        if (l.leadingPrecision > 0) out += "(" + std::to_string(l.leadingPrecision) + ")";
        if (l.to != ast::TimeUnit::None) {
            out += std::string(" TO ") + timeUnitName(l.to);
            if (l.to == ast::TimeUnit::Second && l.fractionalPrecision >= 0)
                out += "(" + std::to_string(l.fractionalPrecision) + ")";
        }
        return out;
    }

    std::string unary(const ast::Unary& u) {
        if (u.op == ast::UnaryOp::Not) {
            if (isCallNamed(*u.operand, "IS_JSON")) return isJson(u.operand->as<ast::Call>(), true);
            return "NOT " + operand(*u.operand, kNot, true);
        }
        // Calcite folds a sign into a numeric literal; a unary plus on a literal disappears.
        if (isNumericLiteral(*u.operand)) return (u.op == ast::UnaryOp::Neg ? "-" : "") + print(*u.operand);
        return std::string(u.op == ast::UnaryOp::Neg ? "- " : "+ ") + operand(*u.operand, kPrefix, true);
    }

    std::string in(const ast::In& in) {
        if (in.subquery) return in.text;  // queries are printed as written
        return predicateOperand(*in.operand) + (in.negated ? " NOT IN (" : " IN (") + list(in.list) + ")";
    }

    // Calcite turns CASE x WHEN v into CASE WHEN x = v, and a missing ELSE into ELSE NULL.
    std::string caseExpr(const ast::Case& c) {
        std::string out = "CASE";
        for (const auto& w : c.whens) {
            out += " WHEN ";
            if (c.operand) {
                out += operand(*c.operand, kComparison, false) + " = " + operand(*w.when, kComparison, true);
            } else {
                out += print(*w.when);
            }
            out += " THEN " + print(*w.then);
        }
        out += " ELSE " + (c.elseExpr ? print(*c.elseExpr) : std::string("NULL"));
        return out + " END";
    }

    std::string isJson(const ast::Call& c, bool negated) {
        std::string out = predicateOperand(*c.args.at(0)) + (negated ? " IS NOT JSON" : " IS JSON");
        if (c.args.size() > 1) out += " " + print(*c.args[1]);
        return out;
    }

    static std::string symbolName(const ast::Expr& e) {
        return e.kind == ast::ExprKind::Symbol ? e.as<ast::Symbol>().name : std::string();
    }

    // JSON_VALUE / JSON_QUERY ON EMPTY / ON ERROR behaviors: EMPTY_ARRAY -> EMPTY ARRAY, DEFAULT x.
    std::string jsonBehavior(const ast::Expr& behavior, const ast::Expr* defaultValue, const char* target) {
        std::string name = symbolName(behavior);
        std::string out = " ";
        if (name == "DEFAULT" && defaultValue != nullptr) {
            out += "DEFAULT " + print(*defaultValue);
        } else {
            for (char c : name) out += c == '_' ? ' ' : c;
        }
        return out + " ON " + target;
    }

    std::string call(const ast::Call& c) {
        const std::string& n = c.name;
        const auto& a = c.args;
        auto arg = [&](size_t i) { return print(*a.at(i)); };
        if (n == "EXTRACT" && a.size() == 2) return "EXTRACT(" + arg(0) + " FROM " + arg(1) + ")";
        if ((n == "FLOOR" || n == "CEIL") && a.size() == 2 && a[1]->kind == ast::ExprKind::Symbol)
            return n + "(" + arg(0) + " TO " + arg(1) + ")";
        if (n == "POSITION" && a.size() == 2) return "POSITION(" + arg(0) + " IN " + arg(1) + ")";
        if (n == "TRIM" && a.size() == 3 && a[0]->kind == ast::ExprKind::Symbol)
            return "TRIM(" + arg(0) + " " + arg(1) + " FROM " + arg(2) + ")";
        if (n == "SUBSTRING" && (a.size() == 2 || a.size() == 3) && !c.over)
            return "SUBSTRING(" + arg(0) + " FROM " + arg(1) + (a.size() == 3 ? " FOR " + arg(2) : "") + ")";
        if (n == "OVERLAY" && (a.size() == 3 || a.size() == 4))
            return "OVERLAY(" + arg(0) + " PLACING " + arg(1) + " FROM " + arg(2) +
                   (a.size() == 4 ? " FOR " + arg(3) : "") + ")";
        if (n == "IS_JSON" && !a.empty()) return isJson(c, false);
        if (n == "ARRAY" || n == "MAP") return n + "[" + list(a) + "]";
        if (n == "JSON_VALUE" && a.size() == 6) {
            std::string out = "JSON_VALUE(" + arg(0) + ", " + arg(1);
            if (c.returning) out += " RETURNING " + c.returning->toString();
            out += jsonBehavior(*a[2], a[3].get(), "EMPTY") + jsonBehavior(*a[4], a[5].get(), "ERROR");
            return out + ")";
        }
        if (n == "JSON_QUERY" && a.size() == 5) {
            std::string out = "JSON_QUERY(" + arg(0) + ", " + arg(1);
            if (c.returning) out += " RETURNING " + c.returning->toString();
            std::string wrapper = symbolName(*a[2]);
            out += wrapper == "CONDITIONAL_ARRAY"     ? " WITH CONDITIONAL ARRAY WRAPPER"
                   : wrapper == "UNCONDITIONAL_ARRAY" ? " WITH UNCONDITIONAL ARRAY WRAPPER"
                                                      : " WITHOUT ARRAY WRAPPER";
            out += jsonBehavior(*a[3], nullptr, "EMPTY") + jsonBehavior(*a[4], nullptr, "ERROR");
            return out + ")";
        }
        if (n == "JSON_EXISTS" && a.size() == 3) {
            std::string out = "JSON_EXISTS(" + arg(0) + ", " + arg(1);
            if (symbolName(*a[2]) != "FALSE") out += " " + arg(2) + " ON ERROR";
            return out + ")";
        }
        if ((n == "JSON_OBJECT" || n == "JSON_ARRAY") && !a.empty() && a[0]->kind == ast::ExprKind::Symbol) {
            std::string out = n + "(";
            if (n == "JSON_OBJECT") {
                for (size_t i = 1; i + 1 < a.size(); i += 2)
                    out += (i > 1 ? ", " : "") + ("KEY " + arg(i) + " VALUE " + arg(i + 1));
            } else {
                out += list(a, 1);
            }
            if (a.size() > 1) out += " ";
            return out + (symbolName(*a[0]) == "ABSENT_ON_NULL" ? "ABSENT ON NULL" : "NULL ON NULL") + ")";
        }
        if (isNiladic(n) && a.empty() && !c.star) return n;

        std::string out = n + "(";
        if (c.star) {
            out += "*";
        } else {
            if (c.distinct) out += "DISTINCT ";
            for (size_t i = 0; i < a.size(); ++i) {
                if (i) out += ", ";
                if (i < c.argNames.size() && !c.argNames[i].empty()) out += c.argNames[i] + " => ";
                out += print(*a[i]);
            }
        }
        out += ")";
        if (c.filter) out += " FILTER (WHERE " + print(*c.filter) + ")";
        if (c.over) out += " OVER " + window(*c.over);
        return out;
    }

    std::string bound(const ast::WindowSpec::Bound& b) {
        const char* dir = b.preceding ? " PRECEDING" : " FOLLOWING";
        if (b.unbounded) return std::string("UNBOUNDED") + dir;
        if (!b.offset) return "CURRENT ROW";
        return print(*b.offset) + dir;
    }

    std::string window(const ast::WindowSpec& w) {
        bool empty = w.partitionBy.empty() && w.orderBy.empty() && !w.hasFrame;
        if (!w.name.empty() && empty) return quoteIdentifier(w.name);
        std::vector<std::string> parts;
        if (!w.name.empty()) parts.push_back(quoteIdentifier(w.name));
        if (!w.partitionBy.empty()) parts.push_back("PARTITION BY " + list(w.partitionBy));
        if (!w.orderBy.empty()) {
            std::string order = "ORDER BY ";
            for (size_t i = 0; i < w.orderBy.size(); ++i) {
                const auto& item = w.orderBy[i];
                order += (i ? ", " : "") + print(*item.expr);
                if (item.descending) order += " DESC";
                if (item.nullsFirst) order += *item.nullsFirst ? " NULLS FIRST" : " NULLS LAST";
            }
            parts.push_back(order);
        }
        if (w.hasFrame)
            parts.push_back(std::string(w.rows ? "ROWS" : "RANGE") + " BETWEEN " + bound(w.lower) + " AND " +
                            bound(w.upper));
        std::string out = "(";
        for (size_t i = 0; i < parts.size(); ++i) out += (i ? " " : "") + parts[i];
        return out + ")";
    }
};

}  // namespace

std::string toFlinkSql(const ast::Expr& expr) {
    return Printer().print(expr);
}

}  // namespace sluice::parser
