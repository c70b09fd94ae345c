#pragma once

#include <string>

#include "common/types.h"
#include "common/value.h"
#include "common/vector.h"
#include "functions/eval_context.h"

namespace sluice::functions {

/// CAST of a whole vector to `out`'s type, with Flink's (non-legacy) semantics: a value that does
/// not convert throws ExecutionError naming the value, `exprText` and ctx.origin, or gives NULL when
/// `tryCast`; numeric overflow into DECIMAL gives NULL; VARCHAR(n)/CHAR(n) truncate (CHAR pads).
void castVector(const Vector& in, Vector& out, bool tryCast, EvalContext& ctx, const std::string& exprText);

/// The same for one value (constant folding, literals).
Value castValue(const Value& v, const DataType& from, const DataType& to, bool tryCast, EvalContext& ctx,
                const std::string& exprText);

}  // namespace sluice::functions
