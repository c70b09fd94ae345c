#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "common/types.h"
#include "common/value.h"

namespace sluice {

/// A column of values of one type: fixed-width values in an aligned buffer, strings and binaries
/// as offsets into one byte buffer, nested types boxed. Nulls are one byte per row, allocated only
/// once a null appears. Layouts per type: see types.h.
class Vector {
public:
    Vector() = default;
    explicit Vector(DataType type) : type_(std::move(type)), width_(type_.fixedWidth()) {
        if (isVarLen()) offsets_.push_back(0);
    }

    const DataType& type() const { return type_; }
    size_t size() const { return size_; }
    bool isVarLen() const { return type_.isString() || type_.isBinary(); }
    bool isBoxed() const { return type_.isNested(); }

    void reserve(size_t n);
    /// Fixed-width vectors only: grows or shrinks to n rows; new rows are zero and not null.
    void resize(size_t n);
    void clear();

    // --- nulls
    bool hasNulls() const { return !nulls_.empty(); }
    bool isNull(size_t i) const { return !nulls_.empty() && nulls_[i]; }
    void setNull(size_t i, bool isNull = true);
    /// One byte per row, 1 = null; allocates it when there is none yet.
    uint8_t* mutableNulls();
    const uint8_t* nulls() const { return nulls_.empty() ? nullptr : nulls_.data(); }

    // --- fixed width
    template <class T>
    T* data() {
        return reinterpret_cast<T*>(storage_.data());
    }
    template <class T>
    const T* data() const {
        return reinterpret_cast<const T*>(storage_.data());
    }
    template <class T>
    void append(T v) {
        if (size_ + 1 > capacity_) grow(size_ + 1);
        data<T>()[size_] = v;
        if (!nulls_.empty()) nulls_.push_back(0);
        ++size_;
    }

    // --- strings and binaries
    std::string_view stringAt(size_t i) const {
        return std::string_view(chars_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]);
    }
    void appendString(std::string_view s) {
        chars_.append(s.data(), s.size());
        offsets_.push_back(static_cast<uint32_t>(chars_.size()));
        if (!nulls_.empty()) nulls_.push_back(0);
        ++size_;
    }

    // --- nested
    const Value& boxedAt(size_t i) const { return boxed_[i]; }

    // --- any type
    void appendNull();
    void appendValue(const Value& v);
    Value getValue(size_t i) const;
    /// Appends row i of `other` (same type).
    void appendFrom(const Vector& other, size_t i);
    /// A new vector holding the rows of `rows`, in that order.
    Vector gather(const std::vector<uint32_t>& rows) const;

private:
    void grow(size_t n);

    DataType type_;
    int width_ = 0;
    size_t size_ = 0;
    size_t capacity_ = 0;
    std::vector<Int128> storage_;  // Int128 elements keep 16-byte alignment for every width
    std::vector<uint8_t> nulls_;
    std::vector<uint32_t> offsets_;
    std::string chars_;
    std::vector<Value> boxed_;
};

}  // namespace sluice
