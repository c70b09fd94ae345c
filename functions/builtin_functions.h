#pragma once

#include "functions/function_registry.h"

namespace sluice::functions {

/// The one explicit list of built-in scalar functions and operators.
void registerBuiltinFunctions(FunctionRegistry& registry);

}  // namespace sluice::functions
