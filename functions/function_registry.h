#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/types.h"
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

/// Picks an overload for the argument types, or nullopt when none accepts them.
using Resolver = std::function<std::optional<ResolvedFunction>(const std::vector<DataType>& args)>;

/// A scalar function or operator: a name, how it prints, the signatures it accepts (for error
/// messages) and its resolver. Operators are registered under their symbol ("+", "=", "AND").
struct FunctionDefinition {
    std::string name;
    CallStyle style = CallStyle::Function;
    std::vector<std::string> signatures;  // e.g. "ABS(NUMERIC)"
    Resolver resolve;
};

class FunctionRegistry {
public:
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

private:
    std::map<std::string, FunctionDefinition> defs_;
    std::set<std::string> planned_;
};

}  // namespace sluice::functions
