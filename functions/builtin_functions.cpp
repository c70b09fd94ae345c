#include "functions/builtin_functions.h"

namespace sluice::functions {

void registerArithmetic(FunctionRegistry& registry);
void registerComparison(FunctionRegistry& registry);
void registerLogical(FunctionRegistry& registry);
void registerString(FunctionRegistry& registry);
void registerStringRegex(FunctionRegistry& registry);
void registerStringHash(FunctionRegistry& registry);
void registerConditional(FunctionRegistry& registry);
void registerTemporal(FunctionRegistry& registry);
void registerMath(FunctionRegistry& registry);
void registerBuiltinAggregates(AggregateRegistry& registry);
void registerJson(FunctionRegistry& registry);

void registerBuiltinFunctions(FunctionRegistry& registry) {
    registerArithmetic(registry);
    registerComparison(registry);
    registerLogical(registry);
    registerString(registry);
    registerStringRegex(registry);
    registerStringHash(registry);
    registerConditional(registry);
    registerTemporal(registry);  // before registerMath: it chains FLOOR/CEIL(x TO unit)
    registerMath(registry);
    registerBuiltinAggregates(registry.aggregates());
    registerJson(registry);

    // Flink built-ins not implemented yet: calling one fails at plan time with "not supported yet".
    registry.addPlanned({
        "CARDINALITY",
        "COLLECT",
        "CUME_DIST",
        "CURRENT_WATERMARK",
        "DECODE",
        "DENSE_RANK",
        "ELEMENT",
        "ENCODE",
        "HASH_CODE",
        "IS_ALPHA",
        "IS_DECIMAL",
        "IS_DIGIT",
        "JSON_ARRAYAGG",
        "JSON_OBJECTAGG",
        "LAG",
        "LEAD",
        "NTILE",
        "PARSE_URL",
        "PERCENT_RANK",
        "PROCTIME",
        "RANK",
        "ROW_NUMBER",
        "STDDEV_POP",
        "STDDEV_SAMP",
        "STR_TO_MAP",
        "TRY_CAST",
        "VAR_POP",
        "VAR_SAMP",
        "TUMBLE",
        "HOP",
        "CUMULATE",
        "SESSION",
        "TUMBLE_START",
        "TUMBLE_END",
        "TUMBLE_ROWTIME",
        "HOP_START",
        "HOP_END",
        "SESSION_START",
        "SESSION_END",
        "DESCRIPTOR",
        "ARRAY",
        "MAP",
        "ROW",
        "ARRAY_CONTAINS",
        "ARRAY_DISTINCT",
        "ARRAY_JOIN",
        "MAP_KEYS",
        "MAP_VALUES",
        "SPLIT",
        "UNNEST",
    });
}

}  // namespace sluice::functions
