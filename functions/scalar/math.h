#pragma once

#include "functions/function_registry.h"

namespace sluice::functions {

/// ABS, POWER, SQRT, EXP, LN, LOG*, ROUND, TRUNCATE, CEIL/CEILING, FLOOR, SIGN, RAND,
/// RAND_INTEGER, PI, E, BIN, HEX and the trigonometric functions.
void registerMath(FunctionRegistry& registry);

/// FLOOR and CEIL/CEILING have numeric overloads (here) and temporal ones, FLOOR(ts TO unit)
/// (temporal.cpp). A name has one FunctionDefinition, so temporal.cpp does not register FLOOR or
/// CEIL itself: it registers its resolvers under these hidden names (not listed by SHOW FUNCTIONS,
/// not callable from SQL), before registerMath runs, and registerMath chains them after the
/// numeric overloads of FLOOR and CEIL/CEILING, merging their signatures.
inline constexpr const char* kFloorTemporalName = "$FLOOR_TO_UNIT";
inline constexpr const char* kCeilTemporalName = "$CEIL_TO_UNIT";

}  // namespace sluice::functions
