#pragma once

#include <map>
#include <string>
#include <vector>

#include "functions/aggregate_function.h"

namespace sluice::functions {

/// The aggregate functions by name (case-insensitive), a namespace of its own beside the scalar
/// functions; FunctionRegistry::aggregates() holds the built-in one.
class AggregateRegistry {
public:
    void add(AggregateFunction fn);
    const AggregateFunction* find(const std::string& name) const;
    /// Upper-case names, sorted.
    std::vector<std::string> names() const;

private:
    std::map<std::string, AggregateFunction> fns_;
};

/// The one explicit list of built-in aggregates: COUNT, SUM, AVG, MIN, MAX, FIRST_VALUE,
/// LAST_VALUE, LISTAGG (DISTINCT through AggregateCallOptions).
void registerBuiltinAggregates(AggregateRegistry& registry);

}  // namespace sluice::functions
