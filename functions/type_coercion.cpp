#include "functions/type_coercion.h"

#include <algorithm>

namespace sluice::functions {

__int128 pow10i(int n) {
    __int128 r = 1;
    for (int i = 0; i < n; ++i) r *= 10;
    return r;
}

namespace {

int integerRank(TypeId id) {
    switch (id) {
        case TypeId::TinyInt:
            return 1;
        case TypeId::SmallInt:
            return 2;
        case TypeId::Int:
            return 3;
        case TypeId::BigInt:
            return 4;
        default:
            return 0;
    }
}

DataType adjust(int precision, int scale) {
    if (precision <= 38) return DataType::decimal(precision, scale);
    int intDigits = precision - scale;
    int minScale = std::min(scale, 6);
    scale = std::max(38 - intDigits, minScale);
    return DataType::decimal(38, scale);
}

DataType asDecimal(const DataType& t) {
    return t.id == TypeId::Decimal ? t : decimalForInteger(t);
}

}  // namespace

DataType decimalForInteger(const DataType& t) {
    switch (t.id) {
        case TypeId::TinyInt:
            return DataType::decimal(3, 0);
        case TypeId::SmallInt:
            return DataType::decimal(5, 0);
        case TypeId::Int:
            return DataType::decimal(10, 0);
        case TypeId::BigInt:
            return DataType::decimal(19, 0);
        default:
            return t;
    }
}

DataType decimalAddType(const DataType& a0, const DataType& b0) {
    DataType a = asDecimal(a0), b = asDecimal(b0);
    int scale = std::max(a.scale, b.scale);
    int precision = std::max(a.precision - a.scale, b.precision - b.scale) + scale + 1;
    return adjust(precision, scale);
}

DataType decimalMultiplyType(const DataType& a0, const DataType& b0) {
    DataType a = asDecimal(a0), b = asDecimal(b0);
    return adjust(a.precision + b.precision + 1, a.scale + b.scale);
}

DataType decimalDivideType(const DataType& a0, const DataType& b0) {
    DataType a = asDecimal(a0), b = asDecimal(b0);
    int scale = std::max(6, a.scale + b.precision + 1);
    int precision = a.precision - a.scale + b.scale + scale;
    return adjust(precision, scale);
}

DataType decimalModType(const DataType& a0, const DataType& b0) {
    DataType a = asDecimal(a0), b = asDecimal(b0);
    int scale = std::max(a.scale, b.scale);
    int precision = std::min(a.precision - a.scale, b.precision - b.scale) + scale;
    return adjust(precision, scale);
}

std::optional<DataType> commonType(const DataType& a, const DataType& b) {
    bool nullable = a.nullable || b.nullable;
    auto done = [&](DataType t) -> std::optional<DataType> { return t.withNullable(nullable); };
    if (a.id == TypeId::Null) return b.withNullable(true);
    if (b.id == TypeId::Null) return a.withNullable(true);
    if (a.sameAs(b)) return done(a);
    if (a.isString() && b.isString()) {
        if (a.id == TypeId::Char && b.id == TypeId::Char && a.precision == b.precision) return done(a);
        // CHARs of different lengths meet in VARCHAR, so values are not padded (Flink's behaviour).
        return done(DataType::varchar(std::max(a.precision, b.precision)));
    }
    if (a.isBinary() && b.isBinary()) return done(DataType::varbinary(std::max(a.precision, b.precision)));
    if (a.isNumeric() && b.isNumeric()) {
        if (a.id == TypeId::Double || b.id == TypeId::Double) return done(DataType::doubleType());
        if (a.id == TypeId::Float || b.id == TypeId::Float) {
            // An approximate type meeting a DECIMAL becomes DOUBLE (LogicalTypeMerging).
            bool decimal = a.id == TypeId::Decimal || b.id == TypeId::Decimal;
            return done(decimal ? DataType::doubleType() : DataType::floatType());
        }
        if (a.id == TypeId::Decimal || b.id == TypeId::Decimal) {
            // createCommonExactNumericType: whole digits first, the scale gives way beyond 38.
            DataType da = asDecimal(a), db = asDecimal(b);
            int intDigits = std::min(std::max(da.precision - da.scale, db.precision - db.scale), 38);
            int scale = std::min(std::max(da.scale, db.scale), 38 - intDigits);
            return done(DataType::decimal(intDigits + scale, scale));
        }
        return done(integerRank(a.id) >= integerRank(b.id) ? DataType(a.id) : DataType(b.id));
    }
    if (a.id == b.id && (a.id == TypeId::Timestamp || a.id == TypeId::TimestampLtz || a.id == TypeId::Time))
        return done(DataType(a.id, std::max(a.precision, b.precision)));
    if ((a.id == TypeId::Timestamp && b.id == TypeId::TimestampLtz) ||
        (a.id == TypeId::TimestampLtz && b.id == TypeId::Timestamp))
        return done(DataType::timestamp(std::max(a.precision, b.precision)));
    if (a.id == TypeId::Date && b.isTimestamp()) return done(DataType(b.id, b.precision));
    if (b.id == TypeId::Date && a.isTimestamp()) return done(DataType(a.id, a.precision));
    if (a.id == b.id && a.isInterval()) return done(a);
    if (a.id == b.id && (a.id == TypeId::Array || a.id == TypeId::Multiset)) {
        auto e = commonType(a.children[0], b.children[0]);
        if (!e) return std::nullopt;
        return done(a.id == TypeId::Array ? DataType::array(*e) : DataType::multiset(*e));
    }
    if (a.id == TypeId::Map && b.id == TypeId::Map) {
        auto k = commonType(a.children[0], b.children[0]);
        auto v = commonType(a.children[1], b.children[1]);
        if (!k || !v) return std::nullopt;
        return done(DataType::map(*k, *v));
    }
    return std::nullopt;
}

std::optional<DataType> commonType(const std::vector<DataType>& types) {
    if (types.empty()) return std::nullopt;
    std::optional<DataType> acc = types[0];
    for (size_t i = 1; i < types.size() && acc; ++i) acc = commonType(*acc, types[i]);
    return acc;
}

bool canCastImplicitly(const DataType& from, const DataType& to) {
    if (from.id == TypeId::Null) return true;
    if (from.sameAs(to)) return true;
    if (from.isNumeric() && to.isNumeric()) {
        // LogicalTypeCasts: DOUBLE and DECIMAL take every numeric, FLOAT all but DOUBLE, integers widen.
        if (to.id == TypeId::Double || to.id == TypeId::Decimal) return true;
        if (to.id == TypeId::Float) return from.id != TypeId::Double;
        return from.isInteger() && to.isInteger() && integerRank(from.id) <= integerRank(to.id);
    }
    if (from.isString() && to.isString()) return true;
    if (from.isBinary() && to.isBinary()) return true;
    if (from.isTimestamp() && to.isTimestamp()) return true;  // LTZ <-> TIMESTAMP through the session zone
    // TIMESTAMP (not LTZ) narrows implicitly to DATE and TIME; DATE does not widen to TIMESTAMP.
    if (from.id == TypeId::Timestamp && (to.id == TypeId::Date || to.id == TypeId::Time)) return true;
    if (from.id == TypeId::Time && to.id == TypeId::Time) return true;
    if (from.id == to.id && from.isInterval()) return true;
    if (from.id == to.id && (from.id == TypeId::Array || from.id == TypeId::Multiset))
        return canCastImplicitly(from.children[0], to.children[0]);
    if (from.id == TypeId::Map && to.id == TypeId::Map)
        return canCastImplicitly(from.children[0], to.children[0]) &&
               canCastImplicitly(from.children[1], to.children[1]);
    if (from.id == TypeId::Row && to.id == TypeId::Row && from.children.size() == to.children.size()) {
        for (size_t i = 0; i < from.children.size(); ++i)
            if (!canCastImplicitly(from.children[i], to.children[i])) return false;
        return true;
    }
    return false;
}

std::string castNotAllowedReason(const DataType& from, const DataType& to) {
    // The messages of Flink's NumericToTimestampCastRule and TimestampToNumericCastRule.
    if (from.isNumeric() && to.id == TypeId::Timestamp)
        return "The cast from NUMERIC type to TIMESTAMP type is not allowed. It's recommended to use "
               "TO_TIMESTAMP(FROM_UNIXTIME(numeric_col)) instead, note the numeric is in seconds.";
    if (from.isNumeric() && to.id == TypeId::TimestampLtz)
        return "The cast from NUMERIC type to TIMESTAMP_LTZ type is not allowed. It's recommended to use "
               "TO_TIMESTAMP_LTZ(numeric_col, precision) instead.";
    if (from.id == TypeId::Timestamp && to.isNumeric())
        return "The cast from TIMESTAMP type to NUMERIC type is not allowed. It's recommended to use "
               "UNIX_TIMESTAMP(CAST(timestamp_col AS STRING)) instead.";
    if (from.id == TypeId::TimestampLtz && to.isNumeric())
        return "The cast from TIMESTAMP_LTZ type to NUMERIC type is not allowed.";
    return "";
}

bool canCastExplicitly(const DataType& from, const DataType& to) {
    if (canCastImplicitly(from, to)) return true;
    const bool fromNum = from.isNumeric(), toNum = to.isNumeric();
    if (fromNum && toNum) return true;
    if (to.isString()) return from.id != TypeId::Raw;  // everything prints
    if (from.isString()) {
        return toNum || to.id == TypeId::Boolean || to.id == TypeId::Date || to.id == TypeId::Time ||
               to.isTimestamp() || to.isBinary() || to.isInterval();
    }
    if (from.id == TypeId::Boolean) return toNum;
    // Only INTEGER_NUMERIC casts to BOOLEAN. NUMERIC <-> TIMESTAMP/TIMESTAMP_LTZ is in
    // LogicalTypeCasts' table, but Flink's cast rules reject it at plan time (castNotAllowedReason).
    if (fromNum && to.id == TypeId::Boolean) return from.isInteger();
    if (from.isTimestamp()) return to.id == TypeId::Date || to.id == TypeId::Time || to.isTimestamp();
    if (from.id == TypeId::Date) return to.isTimestamp();
    if (from.id == TypeId::Time) return to.isTimestamp();
    if (from.isBinary() && to.isBinary()) return true;
    if (from.id == to.id && (from.id == TypeId::Array || from.id == TypeId::Multiset))
        return canCastExplicitly(from.children[0], to.children[0]);
    if (from.id == TypeId::Map && to.id == TypeId::Map)
        return canCastExplicitly(from.children[0], to.children[0]) &&
               canCastExplicitly(from.children[1], to.children[1]);
    if (from.id == TypeId::Row && to.id == TypeId::Row && from.children.size() == to.children.size()) {
        for (size_t i = 0; i < from.children.size(); ++i)
            if (!canCastExplicitly(from.children[i], to.children[i])) return false;
        return true;
    }
    return false;
}

}  // namespace sluice::functions
