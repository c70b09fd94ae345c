#include "functions/builtin_functions.h"

namespace sluice::functions {

void registerArithmetic(FunctionRegistry& registry);
void registerComparison(FunctionRegistry& registry);
void registerLogical(FunctionRegistry& registry);

void registerBuiltinFunctions(FunctionRegistry& registry) {
    registerArithmetic(registry);
    registerComparison(registry);
    registerLogical(registry);

    // Flink built-ins not implemented yet: calling one fails at plan time with "not supported yet".
    registry.addPlanned({
        "ABS", "ACOS", "ASCII", "ASIN", "ATAN", "ATAN2", "AVG", "BIN", "CARDINALITY", "CEIL", "CEILING", "CHAR_LENGTH",
        "CHARACTER_LENGTH", "CHR", "COALESCE", "COLLECT", "CONCAT", "CONCAT_WS", "CONVERT_TZ", "COS", "COSH", "COT",
        "COUNT", "CUME_DIST", "CURRENT_DATE", "CURRENT_ROW_TIMESTAMP", "CURRENT_TIME", "CURRENT_TIMESTAMP",
        "CURRENT_WATERMARK", "DATE_FORMAT", "DAYOFMONTH", "DAYOFWEEK", "DAYOFYEAR", "DECODE", "DEGREES", "DENSE_RANK",
        "E", "ELEMENT", "ENCODE", "EXP", "EXTRACT", "FIRST_VALUE", "FLOOR", "FROM_BASE64", "FROM_UNIXTIME", "GREATEST",
        "HASH_CODE", "HEX", "HOUR", "IF", "IFNULL", "INITCAP", "INSTR", "IS_ALPHA", "IS_DECIMAL", "IS_DIGIT",
        "JSON_ARRAY", "JSON_ARRAYAGG", "JSON_EXISTS", "JSON_OBJECT", "JSON_OBJECTAGG", "JSON_QUERY", "JSON_STRING",
        "JSON_VALUE", "LAG", "LAST_VALUE", "LEAD", "LEAST", "LEFT", "LISTAGG", "LN", "LOCALTIME", "LOCALTIMESTAMP",
        "LOCATE", "LOG", "LOG10", "LOG2", "LOWER", "LPAD", "LTRIM", "MAX", "MD5", "MIN", "MINUTE", "MONTH", "NOW",
        "NTILE", "NULLIF", "OVERLAY", "PARSE_URL", "PERCENT_RANK", "PI", "POSITION", "POWER", "PROCTIME", "QUARTER",
        "RADIANS", "RAND", "RAND_INTEGER", "RANK", "REGEXP", "REGEXP_EXTRACT", "REGEXP_REPLACE", "REPEAT", "REPLACE",
        "REVERSE", "RIGHT", "ROUND", "ROW_NUMBER", "RPAD", "RTRIM", "SECOND", "SHA1", "SHA224", "SHA256", "SHA384",
        "SHA512", "SIGN", "SIN", "SINH", "SPLIT_INDEX", "SQRT", "STDDEV_POP", "STDDEV_SAMP", "STR_TO_MAP",
        "SUBSTR", "SUBSTRING", "SUM", "TAN", "TANH", "TIMESTAMPADD", "TIMESTAMPDIFF", "TO_BASE64", "TO_DATE",
        "TO_TIMESTAMP", "TO_TIMESTAMP_LTZ", "TRIM", "TRUNCATE", "TRY_CAST", "UNIX_TIMESTAMP", "UPPER", "UUID",
        "VAR_POP", "VAR_SAMP", "WEEK", "YEAR", "TUMBLE", "HOP", "CUMULATE", "SESSION", "TUMBLE_START", "TUMBLE_END",
        "TUMBLE_ROWTIME", "HOP_START", "HOP_END", "SESSION_START", "SESSION_END", "DESCRIPTOR", "ARRAY", "MAP",
        "ROW", "ARRAY_CONTAINS", "ARRAY_DISTINCT", "ARRAY_JOIN", "MAP_KEYS", "MAP_VALUES", "SPLIT", "UNNEST",
        "LIKE", "SIMILAR TO", "IS DISTINCT FROM", "IS NOT DISTINCT FROM", "||",
    });
}

}  // namespace sluice::functions
