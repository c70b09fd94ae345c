#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sluice {

/// Logical type roots, as Flink's LogicalTypeRoot.
enum class TypeId : uint8_t {
    Null,
    Boolean,
    TinyInt,
    SmallInt,
    Int,
    BigInt,
    Float,
    Double,
    Decimal,
    Char,
    Varchar,
    Binary,
    Varbinary,
    Date,
    Time,
    Timestamp,     // wall clock, no zone
    TimestampLtz,  // an instant, printed in the session zone
    IntervalYearMonth,
    IntervalDayTime,
    Array,
    Map,
    Multiset,
    Row,
    Raw,
};

/// A SQL data type with Flink's parameters. Physical layout in a column vector:
///   BOOLEAN uint8; TINYINT..BIGINT int8..int64; FLOAT float; DOUBLE double;
///   DECIMAL __int128 unscaled; CHAR/VARCHAR/BINARY/VARBINARY offsets + bytes;
///   DATE int32 days since 1970-01-01; TIME int32 milliseconds of the day;
///   TIMESTAMP/TIMESTAMP_LTZ int64 microseconds since the epoch;
///   INTERVAL YEAR TO MONTH int32 months; INTERVAL DAY TO SECOND int64 milliseconds;
///   ARRAY/MAP/MULTISET/ROW/RAW boxed Values.
struct DataType {
    static constexpr int32_t kMaxLength = 2147483647;

    TypeId id = TypeId::Null;
    bool nullable = true;
    /// CHAR/VARCHAR/BINARY/VARBINARY length; DECIMAL, TIME, TIMESTAMP*, INTERVAL precision.
    int32_t precision = 0;
    /// DECIMAL scale; INTERVAL fractional precision.
    int32_t scale = 0;
    /// ARRAY/MULTISET: one element type; MAP: key, value; ROW: the fields.
    std::vector<DataType> children;
    /// ROW field names, parallel to children.
    std::vector<std::string> fieldNames;

    DataType() = default;
    DataType(TypeId id, int32_t precision = 0, int32_t scale = 0)
        : id(id), precision(precision), scale(scale) {}

    static DataType boolean() { return {TypeId::Boolean}; }
    static DataType tinyint() { return {TypeId::TinyInt}; }
    static DataType smallint() { return {TypeId::SmallInt}; }
    static DataType integer() { return {TypeId::Int}; }
    static DataType bigint() { return {TypeId::BigInt}; }
    static DataType floatType() { return {TypeId::Float}; }
    static DataType doubleType() { return {TypeId::Double}; }
    static DataType decimal(int p, int s) { return {TypeId::Decimal, p, s}; }
    static DataType charType(int n) { return {TypeId::Char, n}; }
    static DataType varchar(int n) { return {TypeId::Varchar, n}; }
    static DataType string() { return {TypeId::Varchar, kMaxLength}; }
    static DataType binary(int n) { return {TypeId::Binary, n}; }
    static DataType varbinary(int n) { return {TypeId::Varbinary, n}; }
    static DataType bytes() { return {TypeId::Varbinary, kMaxLength}; }
    static DataType date() { return {TypeId::Date}; }
    static DataType time(int p = 0) { return {TypeId::Time, p}; }
    static DataType timestamp(int p = 6) { return {TypeId::Timestamp, p}; }
    static DataType timestampLtz(int p = 6) { return {TypeId::TimestampLtz, p}; }
    static DataType intervalYearMonth() { return {TypeId::IntervalYearMonth}; }
    static DataType intervalDayTime(int fractional = 3) { return {TypeId::IntervalDayTime, 2, fractional}; }
    static DataType nullType() { return {TypeId::Null}; }
    static DataType array(DataType element);
    static DataType map(DataType key, DataType value);
    static DataType multiset(DataType element);
    static DataType row(std::vector<std::string> names, std::vector<DataType> types);

    DataType withNullable(bool n) const {
        DataType t = *this;
        t.nullable = n;
        return t;
    }

    bool isNumeric() const;
    bool isInteger() const;  // TINYINT..BIGINT
    bool isApproximate() const { return id == TypeId::Float || id == TypeId::Double; }
    bool isString() const { return id == TypeId::Char || id == TypeId::Varchar; }
    bool isBinary() const { return id == TypeId::Binary || id == TypeId::Varbinary; }
    bool isTimestamp() const { return id == TypeId::Timestamp || id == TypeId::TimestampLtz; }
    bool isInterval() const { return id == TypeId::IntervalYearMonth || id == TypeId::IntervalDayTime; }
    bool isNested() const {
        return id == TypeId::Array || id == TypeId::Map || id == TypeId::Multiset || id == TypeId::Row ||
               id == TypeId::Raw;
    }
    /// Bytes per value in a fixed-width vector; 0 for strings, binaries and nested types.
    int fixedWidth() const;

    /// Flink's summary string: "INT", "STRING", "VARCHAR(10)", "DECIMAL(10, 2)", "TIMESTAMP(3)",
    /// "TIMESTAMP_LTZ(3)", "ARRAY<INT>", "ROW<`a` INT, `b` STRING>", "INT NOT NULL".
    std::string toString() const;

    /// Equality ignoring nullability.
    bool sameAs(const DataType& other) const;
    bool operator==(const DataType& other) const { return sameAs(other) && nullable == other.nullable; }
};

}  // namespace sluice
