#include "common/types.h"

#include <fmt/format.h>

namespace sluice {

DataType DataType::array(DataType element) {
    DataType t(TypeId::Array);
    t.children.push_back(std::move(element));
    return t;
}

DataType DataType::multiset(DataType element) {
    DataType t(TypeId::Multiset);
    t.children.push_back(std::move(element));
    return t;
}

DataType DataType::map(DataType key, DataType value) {
    DataType t(TypeId::Map);
    t.children.push_back(std::move(key));
    t.children.push_back(std::move(value));
    return t;
}

DataType DataType::row(std::vector<std::string> names, std::vector<DataType> types) {
    DataType t(TypeId::Row);
    t.fieldNames = std::move(names);
    t.children = std::move(types);
    return t;
}

bool DataType::isInteger() const {
    return id == TypeId::TinyInt || id == TypeId::SmallInt || id == TypeId::Int || id == TypeId::BigInt;
}

bool DataType::isNumeric() const {
    return isInteger() || isApproximate() || id == TypeId::Decimal;
}

int DataType::fixedWidth() const {
    switch (id) {
        case TypeId::Boolean:
        case TypeId::TinyInt:
            return 1;
        case TypeId::SmallInt:
            return 2;
        case TypeId::Int:
        case TypeId::Float:
        case TypeId::Date:
        case TypeId::Time:
        case TypeId::IntervalYearMonth:
            return 4;
        case TypeId::BigInt:
        case TypeId::Double:
        case TypeId::Timestamp:
        case TypeId::TimestampLtz:
        case TypeId::IntervalDayTime:
            return 8;
        case TypeId::Decimal:
            return 16;
        case TypeId::Null:
            return 1;
        default:
            return 0;
    }
}

std::string DataType::toString() const {
    std::string s;
    switch (id) {
        case TypeId::Null:
            s = "NULL";
            break;
        case TypeId::Boolean:
            s = "BOOLEAN";
            break;
        case TypeId::TinyInt:
            s = "TINYINT";
            break;
        case TypeId::SmallInt:
            s = "SMALLINT";
            break;
        case TypeId::Int:
            s = "INT";
            break;
        case TypeId::BigInt:
            s = "BIGINT";
            break;
        case TypeId::Float:
            s = "FLOAT";
            break;
        case TypeId::Double:
            s = "DOUBLE";
            break;
        case TypeId::Decimal:
            s = fmt::format("DECIMAL({}, {})", precision, scale);
            break;
        case TypeId::Char:
            s = fmt::format("CHAR({})", precision);
            break;
        case TypeId::Varchar:
            s = precision == kMaxLength ? "STRING" : fmt::format("VARCHAR({})", precision);
            break;
        case TypeId::Binary:
            s = fmt::format("BINARY({})", precision);
            break;
        case TypeId::Varbinary:
            s = precision == kMaxLength ? "BYTES" : fmt::format("VARBINARY({})", precision);
            break;
        case TypeId::Date:
            s = "DATE";
            break;
        case TypeId::Time:
            s = fmt::format("TIME({})", precision);
            break;
        case TypeId::Timestamp:
            s = fmt::format("TIMESTAMP({})", precision);
            break;
        case TypeId::TimestampLtz:
            s = fmt::format("TIMESTAMP_LTZ({})", precision);
            break;
        case TypeId::IntervalYearMonth:
            s = "INTERVAL YEAR TO MONTH";
            break;
        case TypeId::IntervalDayTime:
            s = fmt::format("INTERVAL DAY TO SECOND({})", scale);
            break;
        case TypeId::Array:
            s = fmt::format("ARRAY<{}>", children.at(0).toString());
            break;
        case TypeId::Multiset:
            s = fmt::format("MULTISET<{}>", children.at(0).toString());
            break;
        case TypeId::Map:
            s = fmt::format("MAP<{}, {}>", children.at(0).toString(), children.at(1).toString());
            break;
        case TypeId::Row: {
            s = "ROW<";
            for (size_t i = 0; i < children.size(); ++i) {
                if (i) s += ", ";
                s += fmt::format("`{}` {}", fieldNames.at(i), children[i].toString());
            }
            s += ">";
            break;
        }
        case TypeId::Raw:
            s = "RAW";
            break;
    }
    if (!nullable) s += " NOT NULL";
    return s;
}

bool DataType::sameAs(const DataType& other) const {
    if (id != other.id || precision != other.precision || scale != other.scale) return false;
    if (children.size() != other.children.size() || fieldNames != other.fieldNames) return false;
    for (size_t i = 0; i < children.size(); ++i)
        if (!(children[i] == other.children[i])) return false;
    return true;
}

}  // namespace sluice
