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

DataType asDecimal(const DataType& t) { return t.id == TypeId::Decimal ? t : decimalForInteger(t); }

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
    return adjust(a.precision + b.precision, a.scale + b.scale);
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
            return done(DataType::floatType());
        }
        if (a.id == TypeId::Decimal || b.id == TypeId::Decimal) {
            DataType da = asDecimal(a), db = asDecimal(b);
            int scale = std::max(da.scale, db.scale);
            int intDigits = std::max(da.precision - da.scale, db.precision - db.scale);
            return done(adjust(intDigits + scale, scale));
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
        // Widening only.
        if (to.id == TypeId::Double) return true;
        if (to.id == TypeId::Float) return from.id != TypeId::Double;
        if (to.id == TypeId::Decimal) return from.isInteger() || from.id == TypeId::Decimal;
        return from.isInteger() && to.isInteger() && integerRank(from.id) <= integerRank(to.id);
    }
    if (from.isString() && to.isString()) return true;
    if (from.isBinary() && to.isBinary()) return true;
    if (from.isTimestamp() && to.isTimestamp()) return true;  // LTZ <-> TIMESTAMP through the session zone
    if (from.id == TypeId::Date && to.isTimestamp()) return true;
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
    if (fromNum && to.id == TypeId::Boolean) return from.isInteger() || from.id == TypeId::Decimal;
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
