#include "functions/expression.h"

#include <fmt/format.h>

#include <cstring>

#include "common/error.h"
#include "common/value_format.h"
#include "functions/cast.h"

namespace sluice::functions {

Vector InputRef::evaluate(const RecordBatch& input, EvalContext&) const {
    return input.columns.at(index_);
}

std::string InputRef::toString(const std::vector<std::string>& inputNames) const {
    if (index_ >= 0 && static_cast<size_t>(index_) < inputNames.size()) return inputNames[index_];
    return fmt::format("${}", index_);
}

Vector Literal::evaluate(const RecordBatch& input, EvalContext&) const {
    Vector out(type_);
    size_t n = input.numRows;
    if (value_.isNull() || out.isVarLen() || out.isBoxed()) {
        out.reserve(n);
        for (size_t i = 0; i < n; ++i) out.appendValue(value_);
        return out;
    }
    // Fixed width: write the value once, then replicate the bytes.
    out.appendValue(value_);
    int w = type_.fixedWidth();
    out.resize(n);
    auto* base = reinterpret_cast<char*>(out.data<char>());
    for (size_t i = 1; i < n; ++i) std::memcpy(base + i * w, base, w);
    if (n == 0) out.clear();
    return out;
}

std::string Literal::toString(const std::vector<std::string>&) const {
    if (!symbol_.empty()) return symbol_;
    if (value_.isNull()) return "null:" + type_.withNullable(true).toString();
    std::string text = valueText(value_, type_, TimeZone::utc());
    if (type_.isString()) return "'" + text + "'";
    switch (type_.id) {
        case TypeId::Date:
            return "DATE '" + text + "'";
        case TypeId::Time:
            return "TIME '" + text + "'";
        case TypeId::Timestamp:
            return "TIMESTAMP '" + text + "'";
        case TypeId::IntervalDayTime:
        case TypeId::IntervalYearMonth:
            return "INTERVAL '" + text + "'";
        default:
            return text;
    }
}

Vector Call::evaluate(const RecordBatch& input, EvalContext& ctx) const {
    std::vector<Vector> args;
    args.reserve(args_.size());
    for (const auto& a : args_) args.push_back(a->evaluate(input, ctx));
    Vector out(type_);
    kernel_(args, input.numRows, out, ctx);
    return out;
}

std::string Call::toString(const std::vector<std::string>& inputNames) const {
    std::vector<std::string> parts;
    for (const auto& a : args_) parts.push_back(a->toString(inputNames));
    switch (style_) {
        case CallStyle::Infix:
            if (parts.size() == 2) return fmt::format("({} {} {})", parts[0], name_, parts[1]);
            break;
        case CallStyle::Prefix:
            if (parts.size() == 1) return fmt::format("{}{}{}", name_, name_ == "-" ? "" : " ", parts[0]);
            break;
        case CallStyle::Postfix:
            if (parts.size() == 1) return fmt::format("{} {}", parts[0], name_);
            break;
        case CallStyle::Function:
            break;
    }
    return fmt::format("{}({})", name_, fmt::join(parts, ", "));
}

ExprPtr Call::clone() const {
    std::vector<ExprPtr> args;
    for (const auto& a : args_) args.push_back(a->clone());
    return std::make_unique<Call>(name_, style_, type_, kernel_, std::move(args), deterministic_);
}

std::vector<Expression*> Call::children() {
    std::vector<Expression*> out;
    for (auto& a : args_) out.push_back(a.get());
    return out;
}

Cast::Cast(ExprPtr arg, DataType type, bool tryCast, std::string sqlText)
    : Expression(Kind::Cast, std::move(type)),
      arg_(std::move(arg)),
      tryCast_(tryCast),
      sqlText_(std::move(sqlText)) {}

Vector Cast::evaluate(const RecordBatch& input, EvalContext& ctx) const {
    Vector in = arg_->evaluate(input, ctx);
    Vector out(type_);
    castVector(in, out, tryCast_, ctx, sqlText_);
    return out;
}

std::string Cast::toString(const std::vector<std::string>& inputNames) const {
    return fmt::format("{}({} AS {})", tryCast_ ? "TRY_CAST" : "CAST", arg_->toString(inputNames),
                       type_.withNullable(true).toString());
}

namespace {

// Whether evaluating `e` on a row whose branch is not taken is harmless: it cannot fail, has no
// side effect and is cheap. Such CASEs evaluate every branch on the whole batch and select.
bool cheapAndSafe(const Expression& e) {
    switch (e.kind()) {
        case Expression::Kind::InputRef:
        case Expression::Kind::Literal:
            return true;
        case Expression::Kind::Call: {
            static const char* kSafe[] = {"+",      "-",       "*",           "=",       "<>",      "<",
                                          "<=",     ">",       ">=",          "AND",     "OR",      "NOT",
                                          "NEGATE", "IS NULL", "IS NOT NULL", "IS TRUE", "IS FALSE"};
            const auto& call = static_cast<const Call&>(e);
            if (!call.deterministic()) return false;
            bool known = false;
            for (const char* n : kSafe) known |= call.name() == n;
            if (!known) return false;
            for (const auto& a : call.args())
                if (!cheapAndSafe(*a)) return false;
            return true;
        }
        default:
            return false;
    }
}

// out[rows[k]] = from[k] for fixed-width vectors of the same type (nulls included).
void scatterFixed(const Vector& from, const std::vector<uint32_t>& rows, Vector& out) {
    const int w = out.type().fixedWidth();
    auto* dst = out.data<char>();
    const auto* src = from.data<char>();
    const size_t m = rows.size();
    switch (w) {
        case 1:
            for (size_t k = 0; k < m; ++k) dst[rows[k]] = src[k];
            break;
        case 2:
            for (size_t k = 0; k < m; ++k)
                reinterpret_cast<int16_t*>(dst)[rows[k]] = reinterpret_cast<const int16_t*>(src)[k];
            break;
        case 4:
            for (size_t k = 0; k < m; ++k)
                reinterpret_cast<int32_t*>(dst)[rows[k]] = reinterpret_cast<const int32_t*>(src)[k];
            break;
        case 8:
            for (size_t k = 0; k < m; ++k)
                reinterpret_cast<int64_t*>(dst)[rows[k]] = reinterpret_cast<const int64_t*>(src)[k];
            break;
        default:
            for (size_t k = 0; k < m; ++k) std::memcpy(dst + rows[k] * w, src + k * w, w);
    }
    if (from.hasNulls()) {
        uint8_t* n = out.mutableNulls();
        const uint8_t* fn = from.nulls();
        for (size_t k = 0; k < m; ++k) n[rows[k]] = fn[k];
    }
}

// Copies row i of `from` into row i of `out` where take[i] (fixed width, same type).
template <class T>
void selectInto(const Vector& from, const uint8_t* take, size_t n, Vector& out) {
    const T* src = from.data<T>();
    T* dst = out.data<T>();
    for (size_t i = 0; i < n; ++i) dst[i] = take[i] ? src[i] : dst[i];
    if (from.hasNulls() || out.hasNulls()) {
        const uint8_t* fn = from.nulls();
        uint8_t* on = out.mutableNulls();
        for (size_t i = 0; i < n; ++i)
            if (take[i]) on[i] = fn ? fn[i] : 0;
    }
}

}  // namespace

Vector CaseWhen::evaluate(const RecordBatch& input, EvalContext& ctx) const {
    // Each row takes the first branch whose condition is TRUE. Branch results are computed only
    // for the rows that take them, so CASE WHEN x = 0 THEN 0 ELSE 1 / x END never divides by zero;
    // when every part is cheap and cannot fail, evaluating all of them over the batch and
    // selecting is the same and much faster.
    const size_t n = input.numRows;
    const int width = type_.fixedWidth();
    bool allCheap = width > 0 && type_.id != TypeId::Null;
    for (size_t b = 0; allCheap && b < conditions_.size(); ++b)
        allCheap = cheapAndSafe(*conditions_[b]) && cheapAndSafe(*results_[b]);
    if (allCheap && else_) allCheap = cheapAndSafe(*else_);
    if (allCheap) {
        Vector out(type_);
        if (else_) {
            out = else_->evaluate(input, ctx);
        } else {
            out.resize(n);
            std::memset(out.mutableNulls(), 1, n);
        }
        // Later branches first, so that earlier ones overwrite them: the first TRUE one wins.
        std::vector<uint8_t> take(n);
        for (size_t b = conditions_.size(); b-- > 0;) {
            Vector cond = conditions_[b]->evaluate(input, ctx);
            Vector value = results_[b]->evaluate(input, ctx);
            const uint8_t* c = cond.data<uint8_t>();
            const uint8_t* cn = cond.nulls();
            for (size_t i = 0; i < n; ++i) take[i] = c[i] & !(cn && cn[i]);
            switch (width) {
                case 1:
                    selectInto<uint8_t>(value, take.data(), n, out);
                    break;
                case 2:
                    selectInto<int16_t>(value, take.data(), n, out);
                    break;
                case 4:
                    selectInto<int32_t>(value, take.data(), n, out);
                    break;
                case 8:
                    selectInto<int64_t>(value, take.data(), n, out);
                    break;
                default:
                    selectInto<Int128>(value, take.data(), n, out);
            }
        }
        return out;
    }

    std::vector<int> branchOf(n, -1);
    std::vector<uint32_t> positionIn(n, 0);
    std::vector<Vector> branchResults;
    std::vector<std::vector<uint32_t>> branchRows;
    std::vector<uint32_t> remaining(n);
    for (size_t i = 0; i < n; ++i) remaining[i] = static_cast<uint32_t>(i);

    auto runBranch = [&](const Expression* result, const std::vector<uint32_t>& rows, int branch) {
        RecordBatch sub = rows.size() == n ? input : input.gather(rows);
        if (result) {
            // Errors in the branch name the sub-batch's rows: point the context at their origins.
            const RowOrigins* saved = ctx.rows;
            ctx.rows = sub.origins.get();
            branchResults.push_back(result->evaluate(sub, ctx));
            ctx.rows = saved;
        } else {
            Vector nulls(type_);
            for (size_t i = 0; i < rows.size(); ++i) nulls.appendNull();
            branchResults.push_back(std::move(nulls));
        }
        branchRows.push_back(rows);
        for (size_t k = 0; k < rows.size(); ++k) {
            branchOf[rows[k]] = branch;
            positionIn[rows[k]] = static_cast<uint32_t>(k);
        }
    };

    for (size_t b = 0; b < conditions_.size() && !remaining.empty(); ++b) {
        RecordBatch sub = remaining.size() == n ? input : input.gather(remaining);
        const RowOrigins* saved = ctx.rows;
        ctx.rows = sub.origins.get();
        Vector cond = conditions_[b]->evaluate(sub, ctx);
        ctx.rows = saved;
        std::vector<uint32_t> taken, rest;
        for (size_t k = 0; k < remaining.size(); ++k) {
            if (!cond.isNull(k) && cond.data<uint8_t>()[k])
                taken.push_back(remaining[k]);
            else
                rest.push_back(remaining[k]);
        }
        if (!taken.empty()) runBranch(results_[b].get(), taken, static_cast<int>(branchResults.size()));
        remaining.swap(rest);
    }
    if (!remaining.empty()) runBranch(else_.get(), remaining, static_cast<int>(branchResults.size()));

    Vector out(type_);
    if (width > 0 && type_.id != TypeId::Null) {
        // Fixed width: scatter each branch's results into place.
        out.resize(n);
        for (size_t b = 0; b < branchResults.size(); ++b) scatterFixed(branchResults[b], branchRows[b], out);
        return out;
    }
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) out.appendFrom(branchResults[branchOf[i]], positionIn[i]);
    return out;
}

std::string CaseWhen::toString(const std::vector<std::string>& inputNames) const {
    std::string s = "CASE";
    for (size_t i = 0; i < conditions_.size(); ++i)
        s += fmt::format(" WHEN {} THEN {}", conditions_[i]->toString(inputNames),
                         results_[i]->toString(inputNames));
    if (else_) s += " ELSE " + else_->toString(inputNames);
    return s + " END";
}

ExprPtr CaseWhen::clone() const {
    std::vector<ExprPtr> c, r;
    for (const auto& e : conditions_) c.push_back(e->clone());
    for (const auto& e : results_) r.push_back(e->clone());
    return std::make_unique<CaseWhen>(std::move(c), std::move(r), else_ ? else_->clone() : nullptr, type_);
}

std::vector<Expression*> CaseWhen::children() {
    std::vector<Expression*> out;
    for (auto& e : conditions_) out.push_back(e.get());
    for (auto& e : results_) out.push_back(e.get());
    if (else_) out.push_back(else_.get());
    return out;
}

ExprPtr CaseWhen::withChildren(std::vector<ExprPtr> children) const {
    std::vector<ExprPtr> c, r;
    size_t k = 0;
    for (size_t i = 0; i < conditions_.size(); ++i) c.push_back(std::move(children.at(k++)));
    for (size_t i = 0; i < results_.size(); ++i) r.push_back(std::move(children.at(k++)));
    ExprPtr e = else_ ? std::move(children.at(k++)) : nullptr;
    return std::make_unique<CaseWhen>(std::move(c), std::move(r), std::move(e), type_);
}

ExprPtr substituteInputs(Expression& e, const std::vector<ExprPtr>& inputs) {
    if (e.kind() == Expression::Kind::InputRef) return inputs.at(static_cast<InputRef&>(e).index())->clone();
    auto kids = e.children();
    if (kids.empty()) return e.clone();
    std::vector<ExprPtr> replaced;
    for (auto* k : kids) replaced.push_back(substituteInputs(*k, inputs));
    return e.withChildren(std::move(replaced));
}

void collectInputRefs(Expression& e, std::vector<bool>& used) {
    if (e.kind() == Expression::Kind::InputRef) {
        used.at(static_cast<InputRef&>(e).index()) = true;
        return;
    }
    for (auto* k : e.children()) collectInputRefs(*k, used);
}

void remapInputRefs(Expression& e, const std::vector<int>& mapping) {
    if (e.kind() == Expression::Kind::InputRef) {
        auto& ref = static_cast<InputRef&>(e);
        ref.setIndex(mapping.at(ref.index()));
        return;
    }
    for (auto* k : e.children()) remapInputRefs(*k, mapping);
}

bool isConstant(Expression& e) {
    if (e.kind() == Expression::Kind::InputRef) return false;
    if (!e.deterministic()) return false;
    for (auto* c : e.children())
        if (!isConstant(*c)) return false;
    return true;
}

}  // namespace sluice::functions
