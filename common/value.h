#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace sluice {

using Int128 = __int128;

/// One SQL value outside a vector: literals, constant folding, VALUES rows and nested types.
/// The DataType lives beside it; the alternative used follows the physical layout in types.h:
/// bool; int64 for every integer, date, time, timestamp and interval type; double for FLOAT and
/// DOUBLE; Int128 for DECIMAL (unscaled); string for character and binary types; a list for ARRAY,
/// ROW (fields in order) and MAP/MULTISET (keys and values alternating).
class Value {
public:
    using List = std::vector<Value>;

    Value() = default;
    static Value null() { return Value(); }
    static Value boolean(bool b) { return Value(Storage(b)); }
    static Value integer(int64_t i) { return Value(Storage(i)); }
    static Value real(double d) { return Value(Storage(d)); }
    static Value decimal(Int128 unscaled) { return Value(Storage(unscaled)); }
    static Value string(std::string s) { return Value(Storage(std::move(s))); }
    static Value list(List l) { return Value(Storage(std::move(l))); }

    bool isNull() const { return v_.index() == 0; }
    bool asBool() const { return std::get<bool>(v_); }
    int64_t asInt() const { return std::get<int64_t>(v_); }
    double asDouble() const { return std::get<double>(v_); }
    Int128 asDecimal() const { return std::get<Int128>(v_); }
    const std::string& asString() const { return std::get<std::string>(v_); }
    const List& asList() const { return std::get<List>(v_); }

    bool operator==(const Value& o) const { return v_ == o.v_; }

private:
    using Storage = std::variant<std::monostate, bool, int64_t, double, Int128, std::string, List>;
    explicit Value(Storage s) : v_(std::move(s)) {}
    Storage v_;
};

}  // namespace sluice
