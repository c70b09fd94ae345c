#include "runtime/batch_hash.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>

#include "common/error.h"

namespace sluice::runtime {
namespace {

constexpr uint64_t kSeed = 0x9e3779b97f4a7c15ULL;
constexpr uint64_t kNullHash = 0x5bd1e9955bd1e995ULL;

// MurmurHash3's 64-bit finalizer: every input bit affects every output bit.
inline uint64_t mix64(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

inline uint64_t combine(uint64_t seed, uint64_t value) {
    return mix64(seed ^ (value + kSeed + (seed << 6)));
}

uint64_t hashBytes(std::string_view s) {
    uint64_t h = kSeed ^ (s.size() * 0x87c37b91114253d5ULL);
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        uint64_t word;
        std::memcpy(&word, s.data() + i, 8);
        h = mix64(h ^ word) * 0x4cf5ad432745937fULL;
    }
    uint64_t tail = 0;
    if (i < s.size()) std::memcpy(&tail, s.data() + i, s.size() - i);
    return mix64(h ^ tail);
}

uint64_t hashDouble(double d) {
    if (d == 0.0) d = 0.0;  // -0.0 == 0.0 must hash alike
    if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
    uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    return bits;
}

uint64_t hashInt128(Int128 v) {
    auto u = static_cast<unsigned __int128>(v);
    return combine(static_cast<uint64_t>(u), static_cast<uint64_t>(u >> 64));
}

uint64_t hashValue(const Value& v, const DataType& type);

uint64_t hashList(const Value::List& list, const DataType& type) {
    uint64_t h = kSeed + list.size();
    for (size_t i = 0; i < list.size(); ++i) {
        const DataType* child = nullptr;
        if (type.id == TypeId::Row) {
            if (i < type.children.size()) child = &type.children[i];
        } else if (type.id == TypeId::Map) {
            if (type.children.size() == 2) child = &type.children[i % 2];
        } else if (!type.children.empty()) {
            child = &type.children[0];
        }
        h = combine(h, child ? hashValue(list[i], *child) : kNullHash);
    }
    return h;
}

// Nested values are rare as keys: a per-value walk is fine there.
uint64_t hashValue(const Value& v, const DataType& type) {
    if (v.isNull()) return kNullHash;
    switch (type.id) {
        case TypeId::Boolean:
            return mix64(v.asBool() ? 1 : 0);
        case TypeId::Float:
        case TypeId::Double:
            return mix64(hashDouble(v.asDouble()));
        case TypeId::Decimal:
            return hashInt128(v.asDecimal());
        case TypeId::Char:
        case TypeId::Varchar:
        case TypeId::Binary:
        case TypeId::Varbinary:
        case TypeId::Raw:
            return hashBytes(v.asString());
        case TypeId::Array:
        case TypeId::Multiset:
        case TypeId::Map:
        case TypeId::Row:
            return hashList(v.asList(), type);
        case TypeId::Null:
            return kNullHash;
        default:
            return mix64(static_cast<uint64_t>(v.asInt()));
    }
}

template <class T, class F>
void hashFixed(const Vector& col, size_t n, uint64_t* out, F toBits) {
    const T* values = col.data<T>();
    for (size_t r = 0; r < n; ++r) out[r] = combine(out[r], mix64(toBits(values[r])));
}

void hashColumn(const Vector& col, size_t n, uint64_t* out) {
    const DataType& type = col.type();
    switch (type.id) {
        case TypeId::Boolean:
            hashFixed<uint8_t>(col, n, out, [](uint8_t v) { return uint64_t{v != 0}; });
            break;
        case TypeId::TinyInt:
            hashFixed<int8_t>(col, n, out, [](int8_t v) { return static_cast<uint64_t>(int64_t{v}); });
            break;
        case TypeId::SmallInt:
            hashFixed<int16_t>(col, n, out, [](int16_t v) { return static_cast<uint64_t>(int64_t{v}); });
            break;
        case TypeId::Int:
        case TypeId::Date:
        case TypeId::Time:
        case TypeId::IntervalYearMonth:
            hashFixed<int32_t>(col, n, out, [](int32_t v) { return static_cast<uint64_t>(int64_t{v}); });
            break;
        case TypeId::BigInt:
        case TypeId::Timestamp:
        case TypeId::TimestampLtz:
        case TypeId::IntervalDayTime:
            hashFixed<int64_t>(col, n, out, [](int64_t v) { return static_cast<uint64_t>(v); });
            break;
        case TypeId::Float:
            hashFixed<float>(col, n, out, [](float v) { return hashDouble(v); });
            break;
        case TypeId::Double:
            hashFixed<double>(col, n, out, [](double v) { return hashDouble(v); });
            break;
        case TypeId::Decimal: {
            const Int128* values = col.data<Int128>();
            for (size_t r = 0; r < n; ++r) out[r] = combine(out[r], hashInt128(values[r]));
            break;
        }
        case TypeId::Char:
        case TypeId::Varchar:
        case TypeId::Binary:
        case TypeId::Varbinary:
            for (size_t r = 0; r < n; ++r) out[r] = combine(out[r], hashBytes(col.stringAt(r)));
            break;
        case TypeId::Null:
            for (size_t r = 0; r < n; ++r) out[r] = combine(out[r], kNullHash);
            break;
        default:
            for (size_t r = 0; r < n; ++r) out[r] = combine(out[r], hashValue(col.boxedAt(r), type));
            break;
    }
}

}  // namespace

void hashRows(const RecordBatch& batch, const std::vector<int>& keyFields, std::vector<uint64_t>& out) {
    const size_t n = batch.numRows;
    out.assign(n, kSeed);
    std::vector<uint64_t> saved;
    for (int key : keyFields) {
        SLUICE_CHECK(key >= 0 && static_cast<size_t>(key) < batch.columns.size());
        const Vector& col = batch.columns[key];
        // The value slot under a null is unspecified: hash those rows again from before this column.
        if (col.hasNulls()) saved.assign(out.begin(), out.end());
        hashColumn(col, n, out.data());
        if (col.hasNulls()) {
            const uint8_t* nulls = col.nulls();
            for (size_t r = 0; r < n; ++r)
                if (nulls[r]) out[r] = combine(saved[r], kNullHash);
        }
    }
}

}  // namespace sluice::runtime
