#pragma once

#include <cstring>
#include <vector>

#include "common/error.h"
#include "common/vector.h"

namespace sluice::functions {

/// Marks out[i] null where any argument is null (SQL's NULL propagation), a byte loop per argument.
inline void propagateNulls(const std::vector<Vector>& args, size_t rows, Vector& out) {
    for (const auto& a : args) {
        if (!a.hasNulls()) continue;
        uint8_t* on = out.mutableNulls();
        const uint8_t* an = a.nulls();
        for (size_t i = 0; i < rows; ++i) on[i] |= an[i];
    }
}

/// Calls f(T{}) with T the C++ storage type of a fixed-width type id.
template <class F>
void dispatchFixed(TypeId id, F&& f) {
    switch (id) {
        case TypeId::Boolean:
            return f(uint8_t{});
        case TypeId::TinyInt:
            return f(int8_t{});
        case TypeId::SmallInt:
            return f(int16_t{});
        case TypeId::Int:
        case TypeId::Date:
        case TypeId::Time:
        case TypeId::IntervalYearMonth:
            return f(int32_t{});
        case TypeId::BigInt:
        case TypeId::Timestamp:
        case TypeId::TimestampLtz:
        case TypeId::IntervalDayTime:
            return f(int64_t{});
        case TypeId::Float:
            return f(float{});
        case TypeId::Double:
            return f(double{});
        case TypeId::Decimal:
            return f(Int128{});
        default:
            throw InternalError("dispatchFixed: not a fixed-width type");
    }
}

}  // namespace sluice::functions
