#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/types.h"

namespace sluice::functions {

/// Flink's LogicalTypeMerging.findCommonType (leastRestrictive): the type two values of `a` and
/// `b` both convert to implicitly (UNION, CASE, IN, comparisons, VALUES rows); nullopt if none.
std::optional<DataType> commonType(const DataType& a, const DataType& b);
std::optional<DataType> commonType(const std::vector<DataType>& types);

/// Whether Flink casts `from` to `to` without an explicit CAST (LogicalTypeCasts.supportsImplicitCast).
bool canCastImplicitly(const DataType& from, const DataType& to);
/// Whether CAST(from AS to) is allowed (LogicalTypeCasts.supportsExplicitCast).
bool canCastExplicitly(const DataType& from, const DataType& to);
/// For a pair canCastExplicitly rejects but Flink names with its own message (NUMERIC <->
/// TIMESTAMP[_LTZ]): that message; otherwise empty (the caller reports Calcite's generic one).
std::string castNotAllowedReason(const DataType& from, const DataType& to);

/// DECIMAL(p, 0) wide enough for an integer type.
DataType decimalForInteger(const DataType& t);
/// Flink's decimal result types (LogicalTypeMerging.find*DecimalType), capped at precision 38.
DataType decimalAddType(const DataType& a, const DataType& b);
DataType decimalMultiplyType(const DataType& a, const DataType& b);
DataType decimalDivideType(const DataType& a, const DataType& b);
DataType decimalModType(const DataType& a, const DataType& b);

/// 10^n as an Int128 (n <= 38).
__int128 pow10i(int n);

}  // namespace sluice::functions
