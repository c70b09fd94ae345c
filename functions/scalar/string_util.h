#pragma once

// Helpers shared by the string function families (string.cpp, string_regex.cpp, string_hash.cpp):
// UTF-8 walking with Flink's code-point semantics, argument matching for resolvers, and row loops
// that apply a per-row function over column vectors without boxing values.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "functions/function_registry.h"
#include "functions/scalar/kernel_util.h"

namespace sluice::functions::strings {

// --- UTF-8

/// Bytes of the UTF-8 sequence starting with `lead` (Flink's numBytesForFirstByte).
inline int charBytes(uint8_t lead) {
    return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

/// Code points in s (what Flink's numChars counts).
inline size_t numChars(std::string_view s) {
    size_t n = 0;
    for (size_t i = 0; i < s.size(); i += charBytes(static_cast<uint8_t>(s[i]))) ++n;
    return n;
}

/// Byte offset of code point `chars` (s.size() when past the end).
inline size_t charOffset(std::string_view s, size_t chars) {
    size_t i = 0;
    while (chars > 0 && i < s.size()) {
        i += charBytes(static_cast<uint8_t>(s[i]));
        --chars;
    }
    return i < s.size() ? i : s.size();
}

/// Decodes the code point at `pos` and advances `pos` past it; malformed bytes decode as themselves.
inline uint32_t decodeChar(std::string_view s, size_t& pos) {
    auto b = static_cast<uint8_t>(s[pos]);
    int len = charBytes(b);
    if (len == 1 || pos + len > s.size()) {
        ++pos;
        return b;
    }
    uint32_t cp = b & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<uint8_t>(s[pos + k]) & 0x3F);
    pos += len;
    return cp;
}

inline void appendChar(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

/// Flink's substringSQL(str, pos, length) over code points: 1-based, a negative pos counts from
/// the end, pos 0 is 1; nullopt (NULL) for a negative length.
inline std::optional<std::string_view> substringSql(std::string_view s, int64_t pos, int64_t length) {
    if (length < 0) return std::nullopt;
    if (s.empty()) return s;
    int64_t chars = static_cast<int64_t>(numChars(s));
    int64_t start;
    if (pos > 0) {
        start = pos - 1;
        if (start >= chars) return std::string_view();
    } else if (pos < 0) {
        start = chars + pos;
        if (start < 0) return std::string_view();
    } else {
        start = 0;
    }
    int64_t end = chars - start < length ? chars : start + length;
    size_t b = charOffset(s, static_cast<size_t>(start));
    size_t e = b + charOffset(s.substr(b), static_cast<size_t>(end - start));
    return s.substr(b, e - b);
}

// --- resolvers

/// What a resolver accepts at one argument position.
enum class Arg { Str, Int };

inline bool accepts(Arg kind, const DataType& t) {
    if (t.id == TypeId::Null) return true;
    return kind == Arg::Str ? t.isString() : t.isInteger();
}

/// The type an argument reaches the kernel with: strings as they are (CHAR and VARCHAR share a
/// layout), integers widened to BIGINT, untyped NULL as STRING or BIGINT.
inline DataType kernelType(Arg kind, const DataType& t) {
    if (kind == Arg::Str) return t.id == TypeId::Null ? DataType::string() : t;
    return DataType::bigint().withNullable(t.nullable);
}

/// The kernel argument types when `args` fit `kinds`, else nullopt.
inline std::optional<std::vector<DataType>> matchArgs(const std::vector<ArgInfo>& args,
                                                      const std::vector<Arg>& kinds) {
    if (args.size() != kinds.size()) return std::nullopt;
    std::vector<DataType> out;
    for (size_t i = 0; i < args.size(); ++i) {
        if (!accepts(kinds[i], args[i].type)) return std::nullopt;
        out.push_back(kernelType(kinds[i], args[i].type));
    }
    return out;
}

inline bool anyNullable(const std::vector<ArgInfo>& args) {
    for (const auto& a : args)
        if (a.type.nullable) return true;
    return false;
}

// --- row loops

/// One byte per row, 1 where any argument is NULL; empty when no argument has nulls.
inline std::vector<uint8_t> rowNulls(const std::vector<Vector>& args, size_t n) {
    std::vector<uint8_t> nulls;
    for (const auto& a : args) {
        if (!a.hasNulls()) continue;
        if (nulls.empty()) nulls.assign(n, 0);
        const uint8_t* an = a.nulls();
        for (size_t i = 0; i < n; ++i) nulls[i] |= an[i];
    }
    return nulls;
}

/// Fills a string vector: NULL where an argument is NULL, else f(row, scratch), which returns the
/// result (a view into an argument or into `scratch`, reused across rows) or nullopt for NULL.
template <class F>
void mapToString(const std::vector<Vector>& args, size_t n, Vector& out, F&& f) {
    out.reserve(n);
    std::vector<uint8_t> nulls = rowNulls(args, n);
    std::string scratch;
    for (size_t i = 0; i < n; ++i) {
        if (!nulls.empty() && nulls[i]) {
            out.appendNull();
            continue;
        }
        scratch.clear();
        std::optional<std::string_view> r = f(i, scratch);
        if (r)
            out.appendString(*r);
        else
            out.appendNull();
    }
}

/// Fills a fixed-width vector of T: NULL where an argument is NULL, else f(row) (nullopt = NULL).
template <class T, class F>
void mapToFixed(const std::vector<Vector>& args, size_t n, Vector& out, F&& f) {
    out.resize(n);
    propagateNulls(args, n, out);
    T* r = out.data<T>();
    const uint8_t* nulls = out.nulls();
    for (size_t i = 0; i < n; ++i) {
        if (nulls && nulls[i]) continue;
        std::optional<T> v = f(i);
        if (v)
            r[i] = *v;
        else
            out.setNull(i), nulls = out.nulls();
    }
}

}  // namespace sluice::functions::strings
