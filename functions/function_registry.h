#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/types.h"
#include "common/value.h"
#include "functions/expression.h"

namespace sluice::functions {

/// One overload chosen for concrete argument types: the binder casts each argument to
/// `argTypes[i]` and calls `kernel`.
struct ResolvedFunction {
    DataType returnType;
    std::vector<DataType> argTypes;
    Kernel kernel;
    bool deterministic = true;
};

/// What the binder knows of one argument at plan time.
struct ArgInfo {
    DataType type;
    /// The value when the argument is constant (a literal or a folded expression): lets a resolver
    /// check precisions, compile patterns or pick a kernel at plan time.
    std::optional<Value> constant;
    /// A keyword argument, upper case: YEAR in EXTRACT(YEAR FROM x), BOTH in TRIM(BOTH ' ' FROM s).
    /// Such an argument reaches the kernel as a constant string vector of that name.
    std::string symbol;
    /// The argument is itself a JSON_OBJECT / JSON_ARRAY call: JSON constructors embed its text as
    /// JSON rather than as a quoted string.
    bool json = false;
};

/// The argument types of `args`.
std::vector<DataType> argTypes(const std::vector<ArgInfo>& args);

/// Picks an overload for the arguments, or nullopt when none accepts them. A resolver may throw
/// ValidationError for arguments it understands but rejects (e.g. an unsupported precision).
using Resolver = std::function<std::optional<ResolvedFunction>(const std::vector<ArgInfo>& args)>;

/// A scalar function or operator: a name, how it prints, the signatures it accepts (for error
/// messages) and its resolver. Operators are registered under their symbol ("+", "=", "AND").
struct FunctionDefinition {
    std::string name;
    CallStyle style = CallStyle::Function;
    std::vector<std::string> signatures;  // e.g. "ABS(NUMERIC)"
    Resolver resolve;
};

class AggregateRegistry;

class FunctionRegistry {
public:
    FunctionRegistry();

    void add(FunctionDefinition def);
    /// Names Flink has but Sluice does not implement yet: calls fail with "not supported yet".
    void addPlanned(const std::vector<std::string>& names);

    /// Case-insensitive.
    const FunctionDefinition* find(const std::string& name) const;
    bool isPlanned(const std::string& name) const;
    /// Every implemented function name (not operators), sorted: what SHOW FUNCTIONS lists.
    std::vector<std::string> functionNames() const;
    /// Implemented and planned names, for "did you mean" suggestions.
    std::vector<std::string> knownNames() const;

    /// The aggregate functions (COUNT, SUM, ...): their own map, since an aggregate call binds
    /// differently. Copies of a FunctionRegistry share it.
    AggregateRegistry& aggregates() { return *aggregates_; }
    const AggregateRegistry& aggregates() const { return *aggregates_; }

private:
    std::map<std::string, FunctionDefinition> defs_;
    std::set<std::string> planned_;
    std::shared_ptr<AggregateRegistry> aggregates_;
};

}  // namespace sluice::functions
