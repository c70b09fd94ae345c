#pragma once

// Helpers shared by the aggregate kernels: typed access to vector rows and the byte encoding of
// accumulators in checkpoints (fixed-width values as their bytes, strings length-prefixed).

#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "common/error.h"
#include "common/vector.h"

namespace sluice::functions::aggio {

template <class T>
void put(std::string& out, const T& v) {
    if constexpr (std::is_same_v<T, std::string>) {
        put<uint32_t>(out, static_cast<uint32_t>(v.size()));
        out += v;
    } else {
        static_assert(std::is_trivially_copyable_v<T>);
        out.append(reinterpret_cast<const char*>(&v), sizeof(T));
    }
}

template <class T>
T get(std::string_view& in) {
    if constexpr (std::is_same_v<T, std::string>) {
        uint32_t n = get<uint32_t>(in);
        if (in.size() < n) throw InternalError("accumulator bytes truncated");
        std::string s(in.substr(0, n));
        in.remove_prefix(n);
        return s;
    } else {
        if (in.size() < sizeof(T)) throw InternalError("accumulator bytes truncated");
        T v;
        std::memcpy(&v, in.data(), sizeof(T));
        in.remove_prefix(sizeof(T));
        return v;
    }
}

/// Row i of a vector whose physical type is T (std::string for strings and binaries).
template <class T>
T at(const Vector& v, size_t i) {
    if constexpr (std::is_same_v<T, std::string>)
        return std::string(v.stringAt(i));
    else
        return v.data<T>()[i];
}

template <class T>
void append(Vector& out, const T& v) {
    if constexpr (std::is_same_v<T, std::string>)
        out.appendString(v);
    else
        out.append<T>(v);
}

}  // namespace sluice::functions::aggio
