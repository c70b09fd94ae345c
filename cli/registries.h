#pragma once

#include "functions/function_registry.h"
#include "planner/connector_factory.h"

namespace sluice::cli {

/// The built-in connectors and functions, registered from their explicit lists (DESIGN.md: the CLI
/// is the only place that knows every connector). One per process; sessions borrow it.
class Registries {
public:
    Registries();
    Registries(const Registries&) = delete;
    Registries& operator=(const Registries&) = delete;

    const planner::ConnectorRegistry& connectors() const { return connectors_; }
    const functions::FunctionRegistry& functions() const { return functions_; }

private:
    planner::ConnectorRegistry connectors_;
    functions::FunctionRegistry functions_;
};

}  // namespace sluice::cli
