#pragma once

#include "functions/function_registry.h"
#include "planner/logical_plan.h"

namespace sluice::planner {

/// Rewrites a logical plan: merges adjacent Calcs, pushes the columns a plan needs into the scans
/// (so decoders read only those), and drops Calcs that only pass their input through.
class Optimizer {
public:
    explicit Optimizer(const functions::FunctionRegistry& functions) : functions_(functions) {}
    LogicalPtr optimize(LogicalPtr plan);

private:
    LogicalPtr mergeCalcs(LogicalPtr node);
    void pushProjections(LogicalNode& node);
    LogicalPtr removeIdentityCalcs(LogicalPtr node);

    const functions::FunctionRegistry& functions_;
};

}  // namespace sluice::planner
