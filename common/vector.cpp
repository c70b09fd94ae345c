#include "common/vector.h"

#include "common/error.h"

namespace sluice {

void Vector::grow(size_t n) {
    size_t cap = capacity_ ? capacity_ : 64;
    while (cap < n) cap *= 2;
    storage_.resize((cap * width_ + sizeof(Int128) - 1) / sizeof(Int128));
    capacity_ = cap;
}

void Vector::reserve(size_t n) {
    if (isVarLen()) {
        offsets_.reserve(n + 1);
    } else if (isBoxed()) {
        boxed_.reserve(n);
    } else if (n > capacity_) {
        grow(n);
    }
}

void Vector::resize(size_t n) {
    SLUICE_CHECK(!isVarLen() && !isBoxed());
    if (n > capacity_) grow(n);
    if (!nulls_.empty()) nulls_.resize(n, 0);
    size_ = n;
}

void Vector::clear() {
    size_ = 0;
    nulls_.clear();
    if (isVarLen()) {
        offsets_.assign(1, 0);
        chars_.clear();
    }
    boxed_.clear();
}

void Vector::setNull(size_t i, bool isNull) {
    if (!isNull && nulls_.empty()) return;
    mutableNulls()[i] = isNull ? 1 : 0;
}

uint8_t* Vector::mutableNulls() {
    if (nulls_.size() < size_) nulls_.resize(size_, 0);
    return nulls_.data();
}

void Vector::appendNull() {
    if (nulls_.size() < size_) nulls_.resize(size_, 0);
    if (isVarLen()) {
        offsets_.push_back(static_cast<uint32_t>(chars_.size()));
    } else if (isBoxed()) {
        boxed_.emplace_back();
    } else {
        if (size_ + 1 > capacity_) grow(size_ + 1);
        std::memset(reinterpret_cast<char*>(storage_.data()) + size_ * width_, 0, width_);
    }
    nulls_.push_back(1);
    ++size_;
}

void Vector::appendValue(const Value& v) {
    if (v.isNull()) {
        appendNull();
        return;
    }
    if (isVarLen()) {
        appendString(v.asString());
        return;
    }
    if (isBoxed()) {
        boxed_.push_back(v);
        if (!nulls_.empty()) nulls_.push_back(0);
        ++size_;
        return;
    }
    switch (type_.id) {
        case TypeId::Boolean:
            append<uint8_t>(v.asBool() ? 1 : 0);
            break;
        case TypeId::TinyInt:
            append<int8_t>(static_cast<int8_t>(v.asInt()));
            break;
        case TypeId::SmallInt:
            append<int16_t>(static_cast<int16_t>(v.asInt()));
            break;
        case TypeId::Int:
        case TypeId::Date:
        case TypeId::Time:
        case TypeId::IntervalYearMonth:
            append<int32_t>(static_cast<int32_t>(v.asInt()));
            break;
        case TypeId::BigInt:
        case TypeId::Timestamp:
        case TypeId::TimestampLtz:
        case TypeId::IntervalDayTime:
            append<int64_t>(v.asInt());
            break;
        case TypeId::Float:
            append<float>(static_cast<float>(v.asDouble()));
            break;
        case TypeId::Double:
            append<double>(v.asDouble());
            break;
        case TypeId::Decimal:
            append<Int128>(v.asDecimal());
            break;
        case TypeId::Null:
            appendNull();
            break;
        default:
            throw InternalError("appendValue: unexpected type " + type_.toString());
    }
}

Value Vector::getValue(size_t i) const {
    if (isNull(i)) return Value::null();
    if (isVarLen()) return Value::string(std::string(stringAt(i)));
    if (isBoxed()) return boxed_[i];
    switch (type_.id) {
        case TypeId::Boolean:
            return Value::boolean(data<uint8_t>()[i] != 0);
        case TypeId::TinyInt:
            return Value::integer(data<int8_t>()[i]);
        case TypeId::SmallInt:
            return Value::integer(data<int16_t>()[i]);
        case TypeId::Int:
        case TypeId::Date:
        case TypeId::Time:
        case TypeId::IntervalYearMonth:
            return Value::integer(data<int32_t>()[i]);
        case TypeId::BigInt:
        case TypeId::Timestamp:
        case TypeId::TimestampLtz:
        case TypeId::IntervalDayTime:
            return Value::integer(data<int64_t>()[i]);
        case TypeId::Float:
            return Value::real(data<float>()[i]);
        case TypeId::Double:
            return Value::real(data<double>()[i]);
        case TypeId::Decimal:
            return Value::decimal(data<Int128>()[i]);
        default:
            return Value::null();
    }
}

void Vector::appendFrom(const Vector& other, size_t i) {
    if (other.isNull(i)) {
        appendNull();
    } else if (isVarLen()) {
        appendString(other.stringAt(i));
    } else if (isBoxed()) {
        boxed_.push_back(other.boxed_[i]);
        if (!nulls_.empty()) nulls_.push_back(0);
        ++size_;
    } else {
        if (size_ + 1 > capacity_) grow(size_ + 1);
        std::memcpy(reinterpret_cast<char*>(storage_.data()) + size_ * width_,
                    reinterpret_cast<const char*>(other.storage_.data()) + i * width_, width_);
        if (!nulls_.empty()) nulls_.push_back(0);
        ++size_;
    }
}

Vector Vector::gather(const std::vector<uint32_t>& rows) const {
    Vector out(type_);
    out.reserve(rows.size());
    if (!isVarLen() && !isBoxed()) {
        // Fixed width: a typed copy loop per width, the hot path of filters.
        out.resize(rows.size());
        auto* dst = reinterpret_cast<char*>(out.storage_.data());
        const auto* src = reinterpret_cast<const char*>(storage_.data());
        switch (width_) {
            case 1:
                for (size_t r = 0; r < rows.size(); ++r) dst[r] = src[rows[r]];
                break;
            case 2:
                for (size_t r = 0; r < rows.size(); ++r)
                    reinterpret_cast<int16_t*>(dst)[r] = reinterpret_cast<const int16_t*>(src)[rows[r]];
                break;
            case 4:
                for (size_t r = 0; r < rows.size(); ++r)
                    reinterpret_cast<int32_t*>(dst)[r] = reinterpret_cast<const int32_t*>(src)[rows[r]];
                break;
            case 8:
                for (size_t r = 0; r < rows.size(); ++r)
                    reinterpret_cast<int64_t*>(dst)[r] = reinterpret_cast<const int64_t*>(src)[rows[r]];
                break;
            default:
                for (size_t r = 0; r < rows.size(); ++r)
                    std::memcpy(dst + r * width_, src + rows[r] * width_, width_);
        }
        if (hasNulls()) {
            uint8_t* n = out.mutableNulls();
            for (size_t r = 0; r < rows.size(); ++r) n[r] = nulls_[rows[r]];
        }
        return out;
    }
    for (uint32_t r : rows) out.appendFrom(*this, r);
    return out;
}

}  // namespace sluice
