// String functions over UTF-8 with Flink's semantics (BinaryStringDataUtil, SqlFunctionUtils):
// positions and lengths count code points, 1-based; NULL in gives NULL out unless noted.
// Java counts UTF-16 units, so results differ from Flink only for characters outside the BMP.
#include <clocale>
#include <cstring>
#include <cwctype>
#include <limits>

#include "common/error.h"
#include "functions/scalar/string_util.h"

namespace sluice::functions {

namespace {

using strings::Arg;
using strings::charBytes;
using strings::mapToFixed;
using strings::mapToString;
using strings::numChars;

/// A function with fixed shapes of arguments (one per arity): `result` gives the return type,
/// `mayReturnNull` marks functions that give NULL for some non-NULL inputs.
FunctionDefinition simple(std::string name, std::vector<std::string> signatures,
                          std::vector<std::vector<Arg>> shapes,
                          std::function<DataType(const std::vector<ArgInfo>&)> result, bool mayReturnNull,
                          Kernel kernel) {
    FunctionDefinition d;
    d.name = std::move(name);
    d.signatures = std::move(signatures);
    d.resolve = [shapes = std::move(shapes), result = std::move(result), mayReturnNull,
                 kernel =
                     std::move(kernel)](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        for (const auto& shape : shapes) {
            auto types = strings::matchArgs(args, shape);
            if (!types) continue;
            DataType r = result(args).withNullable(mayReturnNull || strings::anyNullable(args));
            return ResolvedFunction{r, *types, kernel};
        }
        return std::nullopt;
    };
    return d;
}

DataType stringResult(const std::vector<ArgInfo>&) {
    return DataType::string();
}
DataType intResult(const std::vector<ArgInfo>&) {
    return DataType::integer();
}
/// UPPER, LOWER, INITCAP keep their argument's type, as Calcite's ARG0_NULLABLE.
DataType firstArgResult(const std::vector<ArgInfo>& args) {
    return args[0].type.id == TypeId::Null ? DataType::string() : args[0].type;
}

int64_t intAt(const Vector& v, size_t i) {
    return v.data<int64_t>()[i];
}

// --- case mapping

/// glibc's C.UTF-8 locale: towupper/towlower with Unicode's simple case mappings.
locale_t utf8Locale() {
    static locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    return loc;
}

uint32_t mapCase(uint32_t cp, bool upper) {
    locale_t loc = utf8Locale();
    if (loc) return upper ? towupper_l(cp, loc) : towlower_l(cp, loc);
    // Without the locale: ASCII and Latin-1 only.
    if (upper) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)) return cp - 32;
        if (cp == 0xFF) return 0x178;
        if (cp == 0xB5) return 0x39C;
    } else if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)) {
        return cp + 32;
    }
    return cp;
}

/// Java's String.toUpperCase/toLowerCase (root locale) for the simple mappings, plus ß -> SS and
/// İ -> i̇, the special casings seen in practice; Greek final sigma is not context-mapped.
std::string_view changeCase(std::string_view s, bool upper, std::string& out) {
    bool ascii = true;
    for (char c : s)
        if (static_cast<uint8_t>(c) >= 0x80) {
            ascii = false;
            break;
        }
    out.resize(0);
    out.reserve(s.size());
    if (ascii) {
        for (char c : s) {
            if (upper)
                out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
            else
                out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
        }
        return out;
    }
    size_t pos = 0;
    while (pos < s.size()) {
        uint32_t cp = strings::decodeChar(s, pos);
        if (upper && cp == 0xDF) {
            out += "SS";
        } else if (!upper && cp == 0x130) {
            out += "i\xCC\x87";
        } else {
            strings::appendChar(out, mapCase(cp, upper));
        }
    }
    return out;
}

/// Calcite's initcap: words are runs of [A-Za-z0-9]; everything else (including every non-ASCII
/// character) separates words.
std::string_view initCap(std::string_view s, std::string& out) {
    out.assign(s);
    bool start = true;
    for (char& ch : out) {
        char c = ch;
        bool digit = c >= '0' && c <= '9', up = c >= 'A' && c <= 'Z', low = c >= 'a' && c <= 'z';
        if (start) {
            if (digit || up || low) start = false;
            if (low) ch = static_cast<char>(c - 32);
        } else if (up) {
            ch = static_cast<char>(c + 32);
        } else if (!digit && !low) {
            start = true;
        }
    }
    return out;
}

// --- trimming

/// BinaryStringDataUtil.trim: removes the characters of `chars` from one or both ends; a single
/// space is the fast, common case.
std::string_view trimChars(std::string_view s, std::string_view chars, bool leading, bool trailing) {
    size_t b = 0, e = s.size();
    if (chars == " ") {
        if (leading)
            while (b < e && s[b] == ' ') ++b;
        if (trailing)
            while (e > b && s[e - 1] == ' ') --e;
        return s.substr(b, e - b);
    }
    if (leading) {
        while (b < e) {
            size_t len = std::min<size_t>(charBytes(static_cast<uint8_t>(s[b])), e - b);
            if (chars.find(s.substr(b, len)) == std::string_view::npos) break;
            b += len;
        }
    }
    if (trailing) {
        while (e > b) {
            size_t k = e - 1;
            while (k > b && (static_cast<uint8_t>(s[k]) & 0xC0) == 0x80) --k;
            if (chars.find(s.substr(k, e - k)) == std::string_view::npos) break;
            e = k;
        }
    }
    return s.substr(b, e - b);
}

// --- searching

/// BinaryStringData.indexOf(seek, fromChar): the code-point index of the first occurrence at or
/// after `from`, -1 if none; an empty seek is found at 0.
int64_t indexOfChars(std::string_view s, std::string_view seek, int64_t from) {
    if (seek.empty()) return 0;
    size_t b = 0;
    int64_t c = 0;
    while (b < s.size() && c < from) {
        b += charBytes(static_cast<uint8_t>(s[b]));
        ++c;
    }
    if (b > s.size()) b = s.size();
    size_t p = s.find(seek, b);
    if (p == std::string_view::npos) return -1;
    return c + static_cast<int64_t>(numChars(s.substr(b, p - b)));
}

std::string reverseChars(std::string_view s) {
    std::string out(s.size(), '\0');
    size_t i = 0;
    while (i < s.size()) {
        size_t len = std::min<size_t>(charBytes(static_cast<uint8_t>(s[i])), s.size() - i);
        std::memcpy(out.data() + (s.size() - i - len), s.data() + i, len);
        i += len;
    }
    return out;
}

/// SqlFunctionUtils.instr: the position of the nth occurrence of sub, searching backwards from the
/// end for a negative start.
int64_t instr(std::string_view str, std::string_view sub, int64_t start, int64_t nth) {
    if (nth <= 0) throw ExecutionError("nthAppearance must be positive!");
    if (start == 0) return 0;
    if (start > 0) {
        int64_t index = 0, from = start;
        for (int64_t k = 0; k < nth; ++k) {
            index = indexOfChars(str, sub, from - 1) + 1;
            if (index == 0) return 0;
            from = index + 1;
        }
        return index;
    }
    int64_t pos = instr(reverseChars(str), reverseChars(sub), -start, nth);
    if (pos == 0) return 0;
    return static_cast<int64_t>(numChars(str)) + 2 - pos - static_cast<int64_t>(numChars(sub));
}

// --- padding

/// SqlFunctionUtils.lpad/rpad over code points: NULL for a negative length or an empty pad.
std::optional<std::string_view> pad(std::string_view base, int64_t len, std::string_view padding, bool left,
                                    std::string& out) {
    if (len < 0 || padding.empty()) return std::nullopt;
    if (len == 0) return std::string_view();
    int64_t baseChars = static_cast<int64_t>(numChars(base));
    int64_t padChars = static_cast<int64_t>(numChars(padding));
    int64_t keep = std::min(baseChars, len);
    int64_t fill = len - keep;
    auto appendFill = [&] {
        for (int64_t done = 0; done < fill; done += padChars) {
            int64_t take = std::min(padChars, fill - done);
            out.append(padding.substr(0, strings::charOffset(padding, static_cast<size_t>(take))));
        }
    };
    std::string_view kept = base.substr(0, strings::charOffset(base, static_cast<size_t>(keep)));
    if (left) {
        appendFill();
        out.append(kept);
    } else {
        out.append(kept);
        appendFill();
    }
    return out;
}

// --- splitting and replacing

/// Java's Character.isWhitespace over ASCII (what commons-lang splits on for an empty separator).
bool isJavaWhitespace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F);
}

/// SqlFunctionUtils.splitIndex: commons-lang's splitByWholeSeparatorPreserveAllTokens, i.e. a plain
/// split keeping empty tokens; an empty string has no tokens; an empty separator splits on
/// whitespace.
std::optional<std::string_view> splitIndex(std::string_view s, std::string_view sep, int64_t index) {
    if (index < 0 || s.empty()) return std::nullopt;
    size_t begin = 0;
    for (int64_t k = 0;; ++k) {
        size_t end;
        size_t sepLen = sep.size();
        if (sep.empty()) {
            end = begin;
            while (end < s.size() && !isJavaWhitespace(s[end])) ++end;
            sepLen = 1;
            if (end == s.size()) end = std::string_view::npos;
        } else {
            end = s.find(sep, begin);
        }
        if (end == std::string_view::npos) {
            if (k == index) return s.substr(begin);
            return std::nullopt;
        }
        if (k == index) return s.substr(begin, end - begin);
        begin = end + sepLen;
    }
}

/// Java's String.replace(target, replacement): non-overlapping, left to right; an empty target
/// inserts the replacement before every character and at the end.
std::string_view replaceAll(std::string_view s, std::string_view from, std::string_view to,
                            std::string& out) {
    if (from.empty()) {
        size_t i = 0;
        out.append(to);
        while (i < s.size()) {
            size_t len = std::min<size_t>(charBytes(static_cast<uint8_t>(s[i])), s.size() - i);
            out.append(s.substr(i, len));
            out.append(to);
            i += len;
        }
        return out;
    }
    size_t pos = 0;
    for (size_t hit; (hit = s.find(from, pos)) != std::string_view::npos; pos = hit + from.size()) {
        out.append(s.substr(pos, hit - pos));
        out.append(to);
    }
    if (pos == 0) return s;
    out.append(s.substr(pos));
    return out;
}

/// SqlFunctionUtils.overlay over code points.
std::string_view overlay(std::string_view s, std::string_view r, int64_t start, int64_t length,
                         std::string& out) {
    int64_t chars = static_cast<int64_t>(numChars(s));
    if (start <= 0 || start > chars) return s;
    out.append(s.substr(0, strings::charOffset(s, static_cast<size_t>(start - 1))));
    out.append(r);
    if (start + length <= chars && length > 0)
        out.append(s.substr(strings::charOffset(s, static_cast<size_t>(start - 1 + length))));
    return out;
}

// --- definitions

void registerConcat(FunctionRegistry& registry) {
    FunctionDefinition op;
    op.name = "||";
    op.style = CallStyle::Infix;
    op.signatures = {"<STRING> || <STRING>"};
    op.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        auto types = strings::matchArgs(args, {Arg::Str, Arg::Str});
        if (!types) return std::nullopt;
        // Calcite's DYADIC_STRING_SUM_PRECISION: CHAR || CHAR is CHAR, lengths add up.
        const DataType &a = (*types)[0], &b = (*types)[1];
        int64_t len = std::min<int64_t>(int64_t{a.precision} + b.precision, DataType::kMaxLength);
        DataType r = a.id == TypeId::Char && b.id == TypeId::Char ? DataType::charType(static_cast<int>(len))
                                                                  : DataType::varchar(static_cast<int>(len));
        Kernel k = [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            mapToString(v, n, out, [&](size_t i, std::string& buf) -> std::optional<std::string_view> {
                buf.append(v[0].stringAt(i));
                buf.append(v[1].stringAt(i));
                return buf;
            });
        };
        return ResolvedFunction{r.withNullable(strings::anyNullable(args)), *types, k};
    };
    registry.add(std::move(op));

    FunctionDefinition concat;
    concat.name = "CONCAT";
    concat.signatures = {"CONCAT(<STRING>, <STRING>...)"};
    concat.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.empty()) return std::nullopt;
        auto types = strings::matchArgs(args, std::vector<Arg>(args.size(), Arg::Str));
        if (!types) return std::nullopt;
        Kernel k = [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            // NULL if any argument is NULL (BinaryStringDataUtil.concat).
            mapToString(v, n, out, [&](size_t i, std::string& buf) -> std::optional<std::string_view> {
                for (const auto& a : v) buf.append(a.stringAt(i));
                return buf;
            });
        };
        return ResolvedFunction{DataType::string().withNullable(strings::anyNullable(args)), *types, k};
    };
    registry.add(std::move(concat));

    FunctionDefinition ws;
    ws.name = "CONCAT_WS";
    ws.signatures = {"CONCAT_WS(<STRING>, <STRING>...)"};
    ws.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.empty()) return std::nullopt;
        auto types = strings::matchArgs(args, std::vector<Arg>(args.size(), Arg::Str));
        if (!types) return std::nullopt;
        Kernel k = [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            // NULL separator gives NULL; NULL inputs are skipped, empty strings are not.
            out.reserve(n);
            std::string buf;
            for (size_t i = 0; i < n; ++i) {
                if (v[0].isNull(i)) {
                    out.appendNull();
                    continue;
                }
                buf.clear();
                bool first = true;
                for (size_t a = 1; a < v.size(); ++a) {
                    if (v[a].isNull(i)) continue;
                    if (!first) buf.append(v[0].stringAt(i));
                    buf.append(v[a].stringAt(i));
                    first = false;
                }
                out.appendString(buf);
            }
        };
        return ResolvedFunction{DataType::string().withNullable(args[0].type.nullable), *types, k};
    };
    registry.add(std::move(ws));
}

void registerCaseAndTrim(FunctionRegistry& registry) {
    for (bool upper : {true, false}) {
        registry.add(simple(upper ? "UPPER" : "LOWER", {upper ? "UPPER(<STRING>)" : "LOWER(<STRING>)"},
                            {{Arg::Str}}, firstArgResult, false,
                            [upper](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
                                mapToString(v, n, out, [&](size_t i, std::string& buf) {
                                    return std::optional(changeCase(v[0].stringAt(i), upper, buf));
                                });
                            }));
    }
    registry.add(simple("INITCAP", {"INITCAP(<STRING>)"}, {{Arg::Str}}, firstArgResult, false,
                        [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
                            mapToString(v, n, out, [&](size_t i, std::string& buf) {
                                return std::optional(initCap(v[0].stringAt(i), buf));
                            });
                        }));

    // TRIM [BOTH|LEADING|TRAILING symbol, chars, s] (the parser's encoding of every TRIM form).
    FunctionDefinition trim;
    trim.name = "TRIM";
    trim.signatures = {"TRIM(<STRING>)", "TRIM([BOTH | LEADING | TRAILING] <STRING> FROM <STRING>)"};
    trim.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        if (args.size() != 3) return std::nullopt;
        const std::string& spec = args[0].symbol;
        bool leading = spec == "BOTH" || spec == "LEADING", trailing = spec == "BOTH" || spec == "TRAILING";
        if (!leading && !trailing) return std::nullopt;
        auto types = strings::matchArgs(args, {Arg::Str, Arg::Str, Arg::Str});
        if (!types) return std::nullopt;
        Kernel k = [leading, trailing](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            mapToString(v, n, out, [&](size_t i, std::string&) {
                return std::optional(trimChars(v[2].stringAt(i), v[1].stringAt(i), leading, trailing));
            });
        };
        // Calcite: the type of the trimmed string, made varying.
        DataType r = args[2].type.isString() ? DataType::varchar(args[2].type.precision) : DataType::string();
        return ResolvedFunction{r.withNullable(strings::anyNullable(args)), *types, k};
    };
    registry.add(std::move(trim));

    for (bool left : {true, false}) {
        std::string name = left ? "LTRIM" : "RTRIM";
        registry.add(simple(
            name, {name + "(<STRING>)", name + "(<STRING>, <STRING>)"}, {{Arg::Str}, {Arg::Str, Arg::Str}},
            stringResult, false, [left](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
                mapToString(v, n, out, [&](size_t i, std::string&) {
                    std::string_view chars = v.size() > 1 ? v[1].stringAt(i) : std::string_view(" ");
                    return std::optional(trimChars(v[0].stringAt(i), chars, left, !left));
                });
            }));
    }
}

void registerSubstrings(FunctionRegistry& registry) {
    Kernel substring = [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
        bool hasLength = v.size() == 3;
        mapToString(v, n, out, [&](size_t i, std::string&) {
            int64_t len = hasLength ? intAt(v[2], i) : std::numeric_limits<int32_t>::max();
            return strings::substringSql(v[0].stringAt(i), intAt(v[1], i), len);
        });
    };
    for (std::string name : {"SUBSTRING", "SUBSTR"}) {
        registry.add(simple(name, {name + "(<STRING>, <INTEGER>)", name + "(<STRING>, <INTEGER>, <INTEGER>)"},
                            {{Arg::Str, Arg::Int}, {Arg::Str, Arg::Int, Arg::Int}}, stringResult, true,
                            substring));
    }
    registry.add(simple("LEFT", {"LEFT(<STRING>, <INTEGER>)"}, {{Arg::Str, Arg::Int}}, stringResult, false,
                        [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
                            mapToString(v, n, out,
                                        [&](size_t i, std::string&) -> std::optional<std::string_view> {
                                            int64_t len = intAt(v[1], i);
                                            if (len <= 0) return std::string_view();
                                            return strings::substringSql(v[0].stringAt(i), 1, len);
                                        });
                        }));
    registry.add(
        simple("RIGHT", {"RIGHT(<STRING>, <INTEGER>)"}, {{Arg::Str, Arg::Int}}, stringResult, false,
               [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
                   mapToString(v, n, out, [&](size_t i, std::string&) -> std::optional<std::string_view> {
                       int64_t len = intAt(v[1], i);
                       std::string_view s = v[0].stringAt(i);
                       if (len <= 0) return std::string_view();
                       if (len >= static_cast<int64_t>(numChars(s))) return s;
                       return strings::substringSql(s, -len, std::numeric_limits<int32_t>::max());
                   });
               }));
    registry.add(
        simple("OVERLAY",
               {"OVERLAY(<STRING> PLACING <STRING> FROM <INTEGER>)",
                "OVERLAY(<STRING> PLACING <STRING> FROM <INTEGER> FOR <INTEGER>)"},
               {{Arg::Str, Arg::Str, Arg::Int}, {Arg::Str, Arg::Str, Arg::Int, Arg::Int}}, stringResult,
               false, [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
                   mapToString(v, n, out, [&](size_t i, std::string& buf) {
                       std::string_view r = v[1].stringAt(i);
                       int64_t len = v.size() == 4 ? intAt(v[3], i) : static_cast<int64_t>(numChars(r));
                       return std::optional(overlay(v[0].stringAt(i), r, intAt(v[2], i), len, buf));
                   });
               }));
}

void registerSearch(FunctionRegistry& registry) {
    Kernel charLength = [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
        mapToFixed<int32_t>(v, n, out, [&](size_t i) {
            return std::optional(static_cast<int32_t>(numChars(v[0].stringAt(i))));
        });
    };
    for (std::string name : {"CHAR_LENGTH", "CHARACTER_LENGTH"})
        registry.add(simple(name, {name + "(<STRING>)"}, {{Arg::Str}}, intResult, false, charLength));

    // POSITION(a IN b) arrives as POSITION [a, b]; LOCATE(a, b[, from]) is the same search.
    Kernel position = [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
        bool hasFrom = v.size() == 3;
        mapToFixed<int32_t>(v, n, out, [&](size_t i) {
            int64_t from = hasFrom ? intAt(v[2], i) : 1;
            return std::optional(
                static_cast<int32_t>(indexOfChars(v[1].stringAt(i), v[0].stringAt(i), from - 1) + 1));
        });
    };
    registry.add(simple("POSITION", {"POSITION(<STRING> IN <STRING>)"}, {{Arg::Str, Arg::Str}}, intResult,
                        false, position));
    registry.add(simple("LOCATE", {"LOCATE(<STRING>, <STRING>)", "LOCATE(<STRING>, <STRING>, <INTEGER>)"},
                        {{Arg::Str, Arg::Str}, {Arg::Str, Arg::Str, Arg::Int}}, intResult, false, position));
    registry.add(simple(
        "INSTR",
        {"INSTR(<STRING>, <STRING>)", "INSTR(<STRING>, <STRING>, <INTEGER>)",
         "INSTR(<STRING>, <STRING>, <INTEGER>, <INTEGER>)"},
        {{Arg::Str, Arg::Str}, {Arg::Str, Arg::Str, Arg::Int}, {Arg::Str, Arg::Str, Arg::Int, Arg::Int}},
        intResult, false, [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            mapToFixed<int32_t>(v, n, out, [&](size_t i) {
                int64_t start = v.size() > 2 ? intAt(v[2], i) : 1;
                int64_t nth = v.size() > 3 ? intAt(v[3], i) : 1;
                return std::optional(
                    static_cast<int32_t>(instr(v[0].stringAt(i), v[1].stringAt(i), start, nth)));
            });
        }));
    registry.add(simple("ASCII", {"ASCII(<STRING>)"}, {{Arg::Str}}, intResult, false,
                        [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
                            // Flink returns the first byte, as a signed Java byte.
                            mapToFixed<int32_t>(v, n, out, [&](size_t i) {
                                std::string_view s = v[0].stringAt(i);
                                return std::optional<int32_t>(s.empty() ? 0 : static_cast<int8_t>(s[0]));
                            });
                        }));
}

void registerBuilders(FunctionRegistry& registry) {
    for (bool left : {true, false}) {
        std::string name = left ? "LPAD" : "RPAD";
        registry.add(simple(name, {name + "(<STRING>, <INTEGER>, <STRING>)"},
                            {{Arg::Str, Arg::Int, Arg::Str}}, stringResult, true,
                            [left](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
                                mapToString(v, n, out, [&](size_t i, std::string& buf) {
                                    return pad(v[0].stringAt(i), intAt(v[1], i), v[2].stringAt(i), left, buf);
                                });
                            }));
    }
    registry.add(simple("REPEAT", {"REPEAT(<STRING>, <INTEGER>)"}, {{Arg::Str, Arg::Int}}, stringResult,
                        false, [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
                            mapToString(v, n, out, [&](size_t i, std::string& buf) {
                                std::string_view s = v[0].stringAt(i);
                                for (int64_t k = intAt(v[1], i); k > 0; --k) buf.append(s);
                                return std::optional<std::string_view>(buf);
                            });
                        }));
    registry.add(simple("REVERSE", {"REVERSE(<STRING>)"}, {{Arg::Str}}, stringResult, false,
                        [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
                            mapToString(v, n, out, [&](size_t i, std::string& buf) {
                                buf = reverseChars(v[0].stringAt(i));
                                return std::optional<std::string_view>(buf);
                            });
                        }));
    registry.add(simple(
        "REPLACE", {"REPLACE(<STRING>, <STRING>, <STRING>)"}, {{Arg::Str, Arg::Str, Arg::Str}}, stringResult,
        false, [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            mapToString(v, n, out, [&](size_t i, std::string& buf) {
                return std::optional(replaceAll(v[0].stringAt(i), v[1].stringAt(i), v[2].stringAt(i), buf));
            });
        }));
    registry.add(simple("SPLIT_INDEX", {"SPLIT_INDEX(<STRING>, <STRING>, <INTEGER>)"},
                        {{Arg::Str, Arg::Str, Arg::Int}}, stringResult, true,
                        [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
                            mapToString(v, n, out, [&](size_t i, std::string&) {
                                return splitIndex(v[0].stringAt(i), v[1].stringAt(i), intAt(v[2], i));
                            });
                        }));
    registry.add(simple("CHR", {"CHR(<INTEGER>)"}, {{Arg::Int}}, stringResult, false,
                        [](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
                            // SqlFunctionUtils.chr: the Latin-1 character of the low byte.
                            mapToString(v, n, out, [&](size_t i, std::string& buf) {
                                int64_t c = intAt(v[0], i);
                                if (c >= 0) strings::appendChar(buf, static_cast<uint32_t>(c & 0xFF));
                                return std::optional<std::string_view>(buf);
                            });
                        }));
}

}  // namespace

void registerString(FunctionRegistry& registry) {
    registerConcat(registry);
    registerCaseAndTrim(registry);
    registerSubstrings(registry);
    registerSearch(registry);
    registerBuilders(registry);
}

}  // namespace sluice::functions
