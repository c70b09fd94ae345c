#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/record_batch.h"
#include "common/types.h"
#include "common/value.h"
#include "common/vector.h"
#include "functions/eval_context.h"

namespace sluice::functions {

/// A vectorized scalar kernel: fills `out` (already typed, empty) with `rows` results from the
/// argument vectors (each of length `rows`).
using Kernel =
    std::function<void(const std::vector<Vector>& args, size_t rows, Vector& out, EvalContext& ctx)>;

class Expression;
using ExprPtr = std::unique_ptr<Expression>;

/// A bound, typed scalar expression, evaluated a batch at a time over column vectors. The planner
/// builds these; operators in the runtime evaluate them.
class Expression {
public:
    enum class Kind { InputRef, Literal, Call, Cast, Case };

    Expression(Kind kind, DataType type) : kind_(kind), type_(std::move(type)) {}
    virtual ~Expression() = default;

    Kind kind() const { return kind_; }
    const DataType& type() const { return type_; }
    /// One result per row of `input`.
    virtual Vector evaluate(const RecordBatch& input, EvalContext& ctx) const = 0;
    /// Readable form for EXPLAIN, with input columns named by `inputNames`.
    virtual std::string toString(const std::vector<std::string>& inputNames) const = 0;
    virtual ExprPtr clone() const = 0;
    virtual std::vector<Expression*> children() { return {}; }
    /// A copy of this node over new children (same order as children()); used by plan rewrites.
    virtual ExprPtr withChildren(std::vector<ExprPtr> children) const { return clone(); }
    /// False for RAND(), UUID(), CURRENT_TIMESTAMP...: never folded at plan time.
    virtual bool deterministic() const { return true; }

protected:
    Kind kind_;
    DataType type_;
};

/// Column `index` of the input batch.
class InputRef : public Expression {
public:
    InputRef(int index, DataType type) : Expression(Kind::InputRef, std::move(type)), index_(index) {}
    int index() const { return index_; }
    void setIndex(int i) { index_ = i; }
    Vector evaluate(const RecordBatch& input, EvalContext& ctx) const override;
    std::string toString(const std::vector<std::string>& inputNames) const override;
    ExprPtr clone() const override { return std::make_unique<InputRef>(index_, type_); }

private:
    int index_;
};

/// A constant. A keyword argument (YEAR in EXTRACT(YEAR FROM x)) is a string constant with its symbol.
class Literal : public Expression {
public:
    Literal(Value value, DataType type, std::string symbol = "")
        : Expression(Kind::Literal, std::move(type)), value_(std::move(value)), symbol_(std::move(symbol)) {}
    const Value& value() const { return value_; }
    const std::string& symbol() const { return symbol_; }
    Vector evaluate(const RecordBatch& input, EvalContext& ctx) const override;
    std::string toString(const std::vector<std::string>& inputNames) const override;
    ExprPtr clone() const override { return std::make_unique<Literal>(value_, type_, symbol_); }

private:
    Value value_;
    std::string symbol_;
};

/// How a call prints in EXPLAIN.
enum class CallStyle { Function, Infix, Prefix, Postfix };

/// A function or operator applied to arguments whose types already match the kernel's.
class Call : public Expression {
public:
    Call(std::string name, CallStyle style, DataType type, Kernel kernel, std::vector<ExprPtr> args,
         bool deterministic = true)
        : Expression(Kind::Call, std::move(type)),
          name_(std::move(name)),
          style_(style),
          kernel_(std::move(kernel)),
          args_(std::move(args)),
          deterministic_(deterministic) {}
    const std::string& name() const { return name_; }
    const std::vector<ExprPtr>& args() const { return args_; }
    Vector evaluate(const RecordBatch& input, EvalContext& ctx) const override;
    std::string toString(const std::vector<std::string>& inputNames) const override;
    ExprPtr clone() const override;
    std::vector<Expression*> children() override;
    ExprPtr withChildren(std::vector<ExprPtr> children) const override {
        return std::make_unique<Call>(name_, style_, type_, kernel_, std::move(children), deterministic_);
    }
    bool deterministic() const override { return deterministic_; }

private:
    std::string name_;
    CallStyle style_;
    Kernel kernel_;
    std::vector<ExprPtr> args_;
    bool deterministic_;
};

/// CAST / TRY_CAST to `type`.
class Cast : public Expression {
public:
    Cast(ExprPtr arg, DataType type, bool tryCast, std::string sqlText = "");
    const Expression& arg() const { return *arg_; }
    bool tryCast() const { return tryCast_; }
    Vector evaluate(const RecordBatch& input, EvalContext& ctx) const override;
    std::string toString(const std::vector<std::string>& inputNames) const override;
    ExprPtr clone() const override {
        return std::make_unique<Cast>(arg_->clone(), type_, tryCast_, sqlText_);
    }
    std::vector<Expression*> children() override { return {arg_.get()}; }
    ExprPtr withChildren(std::vector<ExprPtr> children) const override {
        return std::make_unique<Cast>(std::move(children.at(0)), type_, tryCast_, sqlText_);
    }

private:
    ExprPtr arg_;
    bool tryCast_;
    std::string sqlText_;  // the expression as written, for run-time errors
};

/// CASE WHEN c1 THEN v1 ... ELSE e END (a simple CASE is rewritten into this by the binder).
class CaseWhen : public Expression {
public:
    CaseWhen(std::vector<ExprPtr> conditions, std::vector<ExprPtr> results, ExprPtr elseResult, DataType type)
        : Expression(Kind::Case, std::move(type)),
          conditions_(std::move(conditions)),
          results_(std::move(results)),
          else_(std::move(elseResult)) {}
    Vector evaluate(const RecordBatch& input, EvalContext& ctx) const override;
    std::string toString(const std::vector<std::string>& inputNames) const override;
    ExprPtr clone() const override;
    std::vector<Expression*> children() override;
    ExprPtr withChildren(std::vector<ExprPtr> children) const override;

private:
    std::vector<ExprPtr> conditions_;
    std::vector<ExprPtr> results_;
    ExprPtr else_;  // may be null: ELSE NULL
};

/// Whether an expression tree reads no input column and is deterministic (so it can be folded).
bool isConstant(Expression& e);
/// A copy of `e` with every InputRef(i) replaced by a copy of inputs[i].
ExprPtr substituteInputs(Expression& e, const std::vector<ExprPtr>& inputs);
/// Adds the InputRef indices `e` reads to `used`.
void collectInputRefs(Expression& e, std::vector<bool>& used);
/// Renumbers InputRefs through `mapping` (old index -> new index).
void remapInputRefs(Expression& e, const std::vector<int>& mapping);

}  // namespace sluice::functions
