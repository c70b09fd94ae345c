// Pattern matching: REGEXP, REGEXP_REPLACE, REGEXP_EXTRACT (Java regular expressions run on RE2
// after a translation of the syntax), LIKE (a matcher of its own, with Flink's quick paths for
// 'abc%', '%abc', '%abc%') and SIMILAR TO (Calcite's SQL-to-Java translation, then RE2).
// Constant patterns compile once at plan time; others compile once per distinct pattern per batch.
#include <re2/re2.h>

#include <memory>
#include <unordered_map>

#include "common/error.h"
#include "functions/scalar/string_util.h"

namespace sluice::functions {

namespace {

using strings::Arg;
using strings::mapToFixed;
using strings::mapToString;

// ---------------------------------------------------------------------------------------------
// Java regex -> RE2

/// RE2 text for a Java pattern. `unsupported` names the first construct RE2 cannot express
/// (lookaround, backreferences, possessive quantifiers, atomic groups, class intersections).
struct Translation {
    std::string re2;
    std::string unsupported;
};

constexpr const char* kJavaLineTerminators = "\\n\\r\\x{85}\\x{2028}\\x{2029}";
constexpr const char* kJavaSpace = "\\t\\n\\x0B\\f\\r ";

/// Java's POSIX-style \p{Name} classes (ASCII-only, as Java's default) as RE2 bracket items.
std::string posixClass(const std::string& name) {
    static const std::unordered_map<std::string, std::string> kNames = {
        {"Lower", "[:lower:]"}, {"Upper", "[:upper:]"},       {"ASCII", "\\x00-\\x7F"},
        {"Alpha", "[:alpha:]"}, {"Digit", "[:digit:]"},       {"Alnum", "[:alnum:]"},
        {"Punct", "[:punct:]"}, {"Graph", "[:graph:]"},       {"Print", "[:print:]"},
        {"Blank", "[:blank:]"}, {"Cntrl", "[:cntrl:]"},       {"XDigit", "[:xdigit:]"},
        {"Space", kJavaSpace},  {"javaLowerCase", "\\p{Ll}"}, {"javaUpperCase", "\\p{Lu}"},
    };
    auto it = kNames.find(name);
    if (it != kNames.end()) return it->second;
    // Unicode categories and scripts: \p{L}, \p{IsL}, \p{Lu}, \p{IsLatin}, \p{Greek}.
    std::string n = name.rfind("Is", 0) == 0 ? name.substr(2) : name;
    if (n.rfind("In", 0) == 0 || n.find('=') != std::string::npos || n.rfind("java", 0) == 0) return "";
    return "\\p{" + n + "}";
}

Translation javaToRe2(std::string_view p) {
    Translation t;
    std::string& out = t.re2;
    auto fail = [&](const std::string& what) {
        t.unsupported = what;
        return t;
    };
    bool inClass = false;
    bool dotall = false;
    std::vector<bool> groupDotall;  // dotall in force outside each open group
    bool afterQuantifier = false;
    size_t i = 0;
    auto applyFlags = [&](std::string_view flags) -> bool {
        bool on = true;
        std::string kept;
        for (char f : flags) {
            if (f == '-') {
                on = false;
                kept += f;
            } else if (f == 's') {
                dotall = on;
                kept += f;
            } else if (f == 'i' || f == 'm') {
                kept += f;
            } else if (f == 'x') {
                return false;
            }
            // d (UNIX_LINES), u (UNICODE_CASE), U (UNICODE_CHARACTER_CLASS): no RE2 equivalent, dropped.
        }
        if (!kept.empty() && kept != "-") out += "(?" + kept;
        return true;
    };
    while (i < p.size()) {
        char c = p[i];
        bool quantifier = false;
        if (c == '\\') {
            if (i + 1 >= p.size()) {
                out += "\\\\";  // a trailing backslash: invalid in Java too; RE2 rejects it below
                out.pop_back();
                ++i;
                continue;
            }
            char e = p[i + 1];
            i += 2;
            switch (e) {
                case 'Q': {
                    size_t end = p.find("\\E", i);
                    std::string_view lit =
                        p.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
                    for (char l : lit) {
                        if (std::string_view("\\^$.|?*+()[]{}-").find(l) != std::string_view::npos)
                            out += '\\';
                        out += l;
                    }
                    i = end == std::string_view::npos ? p.size() : end + 2;
                    break;
                }
                case 'p':
                case 'P': {
                    std::string name;
                    if (i < p.size() && p[i] == '{') {
                        size_t end = p.find('}', i);
                        if (end == std::string_view::npos) return fail("\\p without }");
                        name = std::string(p.substr(i + 1, end - i - 1));
                        i = end + 1;
                    } else if (i < p.size()) {
                        name = std::string(1, p[i++]);
                    }
                    std::string item = posixClass(name);
                    if (item.empty()) return fail("\\p{" + name + "}");
                    bool negate = e == 'P';
                    if (item.rfind("\\p{", 0) == 0) {
                        if (negate) item[1] = 'P';
                        out += item;
                    } else if (inClass) {
                        if (negate && item[0] == '[')
                            item.insert(2, "^");
                        else if (negate)
                            return fail("\\P{" + name + "} inside a character class");
                        out += item;
                    } else {
                        out += negate ? "[^" + item + "]" : "[" + item + "]";
                    }
                    break;
                }
                case 'u':
                    if (i + 4 <= p.size()) {
                        out += "\\x{" + std::string(p.substr(i, 4)) + "}";
                        i += 4;
                    } else {
                        return fail("\\u");
                    }
                    break;
                case 'e':
                    out += "\\x{1B}";
                    break;
                case 'c':
                    if (i >= p.size()) return fail("\\c");
                    out += fmt::format("\\x{{{:X}}}", p[i++] ^ 64);
                    break;
                case 's':
                    out += inClass ? std::string(kJavaSpace) : fmt::format("[{}]", kJavaSpace);
                    break;
                case 'S':
                    out += inClass ? "\\S" : fmt::format("[^{}]", kJavaSpace);
                    break;
                case 'h':
                    out +=
                        inClass
                            ? "\\t \\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}"
                            : "[\\t \\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}]";
                    break;
                case 'v':
                    out += inClass ? "\\n\\x0B\\f\\r\\x{85}\\x{2028}\\x{2029}"
                                   : "[\\n\\x0B\\f\\r\\x{85}\\x{2028}\\x{2029}]";
                    break;
                case 'R':
                    if (inClass) return fail("\\R inside a character class");
                    out += "(?:\\r\\n|[\\n\\x0B\\f\\r\\x{85}\\x{2028}\\x{2029}])";
                    break;
                case 'Z':
                    out += "\\z";  // approximation: Java's \Z also matches before a final line terminator
                    break;
                case 'G':
                    return fail("\\G");
                case 'k':
                    return fail("backreference \\k");
                case '0': {
                    int v = 0, digits = 0;
                    while (i < p.size() && digits < 3 && p[i] >= '0' && p[i] <= '7')
                        v = v * 8 + (p[i++] - '0'), ++digits;
                    if (digits == 0) return fail("\\0");
                    out += fmt::format("\\x{{{:X}}}", v);
                    break;
                }
                default:
                    if (e >= '1' && e <= '9') {
                        if (!inClass) return fail("backreference \\" + std::string(1, e));
                    }
                    out += '\\';
                    out += e;
            }
        } else if (inClass) {
            if (c == '[') return fail("nested character class");
            if (c == '&' && i + 1 < p.size() && p[i + 1] == '&')
                return fail("character class intersection &&");
            if (c == ']') inClass = false;
            out += c;
            ++i;
        } else if (c == '[') {
            inClass = true;
            out += c;
            ++i;
            if (i < p.size() && p[i] == '^') out += p[i++];
            if (i < p.size() && p[i] == ']') return fail("empty character class");
        } else if (c == '(') {
            groupDotall.push_back(dotall);
            if (p.substr(i, 2) == "(?") {
                if (p.substr(i, 3) == "(?=" || p.substr(i, 3) == "(?!" || p.substr(i, 4) == "(?<=" ||
                    p.substr(i, 4) == "(?<!")
                    return fail("lookaround");
                if (p.substr(i, 3) == "(?>") return fail("atomic group");
                if (p.substr(i, 3) == "(?<") {
                    out += "(?P<";
                    i += 3;
                    continue;
                }
                size_t j = i + 2;
                while (j < p.size() && (std::isalpha(static_cast<unsigned char>(p[j])) || p[j] == '-')) ++j;
                if (j < p.size() && (p[j] == ':' || p[j] == ')')) {
                    std::string_view flags = p.substr(i + 2, j - i - 2);
                    bool scoped = p[j] == ':';
                    if (!scoped) groupDotall.pop_back();  // (?s) changes the enclosing group
                    size_t before = out.size();
                    if (!applyFlags(flags)) return fail("comments mode (?x)");
                    if (out.size() == before)
                        out += scoped ? "(?:" : "";
                    else
                        out += scoped ? ":" : ")";
                    i = j + 1;
                    continue;
                }
            }
            out += c;
            ++i;
        } else if (c == ')') {
            if (!groupDotall.empty()) {
                dotall = groupDotall.back();
                groupDotall.pop_back();
            }
            out += c;
            ++i;
        } else if (c == '.') {
            // Java's '.' stops at every line terminator, RE2's only at \n.
            out += dotall ? "(?s:.)" : fmt::format("[^{}]", kJavaLineTerminators);
            ++i;
        } else if (c == '*' || c == '+' || c == '?' || c == '}') {
            if (c == '+' && afterQuantifier) return fail("possessive quantifier");
            quantifier = c != '?' || !afterQuantifier;  // '?' after a quantifier makes it lazy
            out += c;
            ++i;
        } else {
            out += c;
            ++i;
        }
        afterQuantifier = quantifier;
    }
    return t;
}

/// Compiles a Java pattern; nullptr when it is invalid (Flink then gives FALSE or NULL). RE2's
/// missing constructs fail the query instead of silently matching differently.
std::shared_ptr<const RE2> compileJava(std::string_view pattern, const std::string& fn, bool planTime) {
    Translation t = javaToRe2(pattern);
    if (!t.unsupported.empty()) {
        std::string msg = fmt::format(
            "not supported yet: {} in the regular expression '{}' of {} (Sluice runs "
            "Java regular expressions on RE2)",
            t.unsupported, pattern, fn);
        if (planTime) throw NotSupportedError(msg);
        throw ExecutionError(msg);
    }
    RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_shared<RE2>(t.re2, options);
    if (!re->ok()) return nullptr;
    return re;
}

/// Compiled patterns for one batch: the plan-time one for a constant pattern, else one compile
/// per distinct pattern.
class PatternCache {
public:
    PatternCache(std::shared_ptr<const RE2> constant, bool isConstant, std::string fn)
        : constant_(std::move(constant)), isConstant_(isConstant), fn_(std::move(fn)) {}

    const RE2* get(std::string_view pattern) {
        if (isConstant_) return constant_.get();
        auto it = cache_.find(std::string(pattern));
        if (it == cache_.end()) {
            if (cache_.size() > 256) cache_.clear();
            it = cache_.emplace(std::string(pattern), compileJava(pattern, fn_, false)).first;
        }
        return it->second.get();
    }

private:
    std::shared_ptr<const RE2> constant_;
    bool isConstant_;
    std::string fn_;
    std::unordered_map<std::string, std::shared_ptr<const RE2>> cache_;
};

re2::StringPiece piece(std::string_view s) {
    return re2::StringPiece(s.data(), s.size());
}
std::string_view view(const re2::StringPiece& s) {
    return std::string_view(s.data(), s.size());
}

/// Java's String.replaceAll with a literal replacement (Flink quotes it): after an empty match the
/// search resumes one character later, after a non-empty one at its end (so "abc" with "b*" and "-"
/// gives "-a--c-").
std::string_view regexReplace(const RE2& re, std::string_view s, std::string_view replacement,
                              std::string& out) {
    size_t pos = 0, copied = 0;
    re2::StringPiece text = piece(s), match;
    while (pos <= s.size()) {
        if (!re.Match(text, pos, s.size(), RE2::UNANCHORED, &match, 1)) break;
        size_t start = static_cast<size_t>(match.data() - s.data()), end = start + match.size();
        out.append(s.substr(copied, start - copied));
        out.append(replacement);
        copied = end;
        if (end == start) {
            if (end >= s.size()) break;
            size_t len = std::min<size_t>(strings::charBytes(static_cast<uint8_t>(s[end])), s.size() - end);
            out.append(s.substr(end, len));
            copied = pos = end + len;
        } else {
            pos = end;
        }
    }
    if (copied == 0 && out.empty()) return s;
    out.append(s.substr(std::min(copied, s.size())));
    return out;
}

/// The constant pattern of argument `index`, compiled at plan time, if it is a constant string.
std::pair<std::shared_ptr<const RE2>, bool> planTimePattern(const std::vector<ArgInfo>& args, size_t index,
                                                            const std::string& fn) {
    const auto& c = args[index].constant;
    if (!c || c->isNull()) return {nullptr, false};
    return {compileJava(c->asString(), fn, true), true};
}

void registerRegex(FunctionRegistry& registry) {
    FunctionDefinition regexp;
    regexp.name = "REGEXP";
    regexp.signatures = {"REGEXP(<STRING>, <STRING>)"};
    regexp.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        auto types = strings::matchArgs(args, {Arg::Str, Arg::Str});
        if (!types) return std::nullopt;
        auto [re, constant] = planTimePattern(args, 1, "REGEXP");
        Kernel k = [re = re, constant = constant](const std::vector<Vector>& v, size_t n, Vector& out,
                                                  EvalContext&) {
            PatternCache patterns(re, constant, "REGEXP");
            // SqlFunctionUtils.regExp: an empty or invalid pattern gives FALSE; otherwise find().
            mapToFixed<uint8_t>(v, n, out, [&](size_t i) -> std::optional<uint8_t> {
                std::string_view p = v[1].stringAt(i);
                if (p.empty()) return 0;
                const RE2* r = patterns.get(p);
                return r && RE2::PartialMatch(piece(v[0].stringAt(i)), *r);
            });
        };
        return ResolvedFunction{DataType::boolean().withNullable(strings::anyNullable(args)), *types, k};
    };
    registry.add(std::move(regexp));

    FunctionDefinition replace;
    replace.name = "REGEXP_REPLACE";
    replace.signatures = {"REGEXP_REPLACE(<STRING>, <STRING>, <STRING>)"};
    replace.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        auto types = strings::matchArgs(args, {Arg::Str, Arg::Str, Arg::Str});
        if (!types) return std::nullopt;
        auto [re, constant] = planTimePattern(args, 1, "REGEXP_REPLACE");
        Kernel k = [re = re, constant = constant](const std::vector<Vector>& v, size_t n, Vector& out,
                                                  EvalContext&) {
            PatternCache patterns(re, constant, "REGEXP_REPLACE");
            // An invalid pattern gives NULL (SqlFunctionUtils.regexpReplace).
            mapToString(v, n, out, [&](size_t i, std::string& buf) -> std::optional<std::string_view> {
                const RE2* r = patterns.get(v[1].stringAt(i));
                if (!r) return std::nullopt;
                return regexReplace(*r, v[0].stringAt(i), v[2].stringAt(i), buf);
            });
        };
        return ResolvedFunction{DataType::string(), *types, k};
    };
    registry.add(std::move(replace));

    FunctionDefinition extract;
    extract.name = "REGEXP_EXTRACT";
    extract.signatures = {"REGEXP_EXTRACT(<STRING>, <STRING>)",
                          "REGEXP_EXTRACT(<STRING>, <STRING>, <INTEGER>)"};
    extract.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        auto types = strings::matchArgs(args, {Arg::Str, Arg::Str});
        if (!types) types = strings::matchArgs(args, {Arg::Str, Arg::Str, Arg::Int});
        if (!types) return std::nullopt;
        auto [re, constant] = planTimePattern(args, 1, "REGEXP_EXTRACT");
        Kernel k = [re = re, constant = constant](const std::vector<Vector>& v, size_t n, Vector& out,
                                                  EvalContext&) {
            PatternCache patterns(re, constant, "REGEXP_EXTRACT");
            std::vector<re2::StringPiece> groups;
            // The first match's group `index` (0 = the whole match, the default as in
            // SqlFunctionUtils.regexpExtract(str, regex)); NULL without a match, for an invalid
            // pattern, an index out of range or a group that did not take part.
            mapToString(v, n, out, [&](size_t i, std::string&) -> std::optional<std::string_view> {
                const RE2* r = patterns.get(v[1].stringAt(i));
                if (!r) return std::nullopt;
                int64_t index = v.size() == 3 ? v[2].data<int64_t>()[i] : 0;
                if (index < 0 || index > r->NumberOfCapturingGroups()) return std::nullopt;
                groups.assign(static_cast<size_t>(index) + 1, re2::StringPiece());
                std::string_view s = v[0].stringAt(i);
                if (!r->Match(piece(s), 0, s.size(), RE2::UNANCHORED, groups.data(),
                              static_cast<int>(index) + 1))
                    return std::nullopt;
                const re2::StringPiece& g = groups[static_cast<size_t>(index)];
                if (g.data() == nullptr) return std::nullopt;
                return view(g);
            });
        };
        return ResolvedFunction{DataType::string(), *types, k};
    };
    registry.add(std::move(extract));
}

// ---------------------------------------------------------------------------------------------
// LIKE

/// A LIKE pattern split into literal runs, '_' (one character other than a line terminator, as
/// Java's '.') and '%' (anything), with the quick forms Flink's LikeCallGen recognizes.
class LikeMatcher {
public:
    enum class Kind { Equals, StartsWith, EndsWith, Contains, General };

    /// Throws `Error` for an invalid escape, as SqlLikeUtils does.
    template <class Error>
    static LikeMatcher compile(std::string_view pattern, const std::optional<std::string_view>& escape) {
        std::optional<uint32_t> esc;
        if (escape) {
            if (strings::numChars(*escape) != 1)
                throw Error(fmt::format("Invalid escape character '{}'", *escape));
            size_t p = 0;
            esc = strings::decodeChar(*escape, p);
        }
        LikeMatcher m;
        size_t pos = 0, index = 0;
        auto literal = [&](std::string_view bytes) {
            if (m.tokens_.empty() || m.tokens_.back().kind != Token::Lit)
                m.tokens_.push_back({Token::Lit, ""});
            m.tokens_.back().text.append(bytes);
        };
        while (pos < pattern.size()) {
            size_t start = pos;
            uint32_t c = strings::decodeChar(pattern, pos);
            if (esc && c == *esc) {
                if (pos >= pattern.size())
                    throw Error(fmt::format("Invalid escape sequence '{}', {}", pattern, index));
                size_t nextStart = pos;
                uint32_t next = strings::decodeChar(pattern, pos);
                if (next != '_' && next != '%' && next != *esc)
                    throw Error(fmt::format("Invalid escape sequence '{}', {}", pattern, index));
                literal(pattern.substr(nextStart, pos - nextStart));
                index += 2;
                continue;
            }
            if (c == '%') {
                if (m.tokens_.empty() || m.tokens_.back().kind != Token::Any)
                    m.tokens_.push_back({Token::Any, ""});
            } else if (c == '_') {
                m.tokens_.push_back({Token::One, ""});
            } else {
                literal(pattern.substr(start, pos - start));
            }
            ++index;
        }
        m.classify();
        return m;
    }

    bool matches(std::string_view s) const {
        switch (kind_) {
            case Kind::Equals:
                return s == literal_;
            case Kind::StartsWith:
                return s.substr(0, literal_.size()) == literal_;
            case Kind::EndsWith:
                return s.size() >= literal_.size() && s.substr(s.size() - literal_.size()) == literal_;
            case Kind::Contains:
                return s.find(literal_) != std::string_view::npos;
            case Kind::General:
                return matchGeneral(s);
        }
        return false;
    }

    Kind kind() const { return kind_; }

private:
    struct Token {
        enum K { Lit, One, Any } kind;
        std::string text;
    };

    void classify() {
        auto is = [&](size_t i, Token::K k) { return i < tokens_.size() && tokens_[i].kind == k; };
        size_t n = tokens_.size();
        kind_ = Kind::General;
        if (n == 0) {
            kind_ = Kind::Equals;
        } else if (n == 1 && is(0, Token::Lit)) {
            kind_ = Kind::Equals;
        } else if (n == 1 && is(0, Token::Any)) {
            kind_ = Kind::StartsWith;
        } else if (n == 2 && is(0, Token::Lit) && is(1, Token::Any)) {
            kind_ = Kind::StartsWith;
        } else if (n == 2 && is(0, Token::Any) && is(1, Token::Lit)) {
            kind_ = Kind::EndsWith;
        } else if (n == 3 && is(0, Token::Any) && is(1, Token::Lit) && is(2, Token::Any)) {
            kind_ = Kind::Contains;
        }
        if (kind_ == Kind::General) return;
        for (const auto& t : tokens_)
            if (t.kind == Token::Lit) literal_ = t.text;
    }

    /// Greedy matching with backtracking to the last '%': each '%' restart retries only what
    /// follows it, which is enough because every other token has a fixed length in characters.
    bool matchGeneral(std::string_view s) const {
        size_t ti = 0, si = 0;
        size_t starTi = std::string::npos, starSi = 0;
        const size_t nt = tokens_.size();
        while (true) {
            if (ti < nt) {
                const Token& t = tokens_[ti];
                if (t.kind == Token::Any) {
                    starTi = ti++;
                    starSi = si;
                    continue;
                }
                if (t.kind == Token::One) {
                    if (si < s.size()) {
                        size_t next = si;
                        uint32_t c = strings::decodeChar(s, next);
                        if (c != '\n' && c != '\r' && c != 0x85 && c != 0x2028 && c != 0x2029) {
                            si = next;
                            ++ti;
                            continue;
                        }
                    }
                } else if (s.substr(si, t.text.size()) == t.text) {
                    si += t.text.size();
                    ++ti;
                    continue;
                }
            } else if (si == s.size()) {
                return true;
            }
            if (starTi == std::string::npos || starSi >= s.size()) return false;
            starSi +=
                std::min<size_t>(strings::charBytes(static_cast<uint8_t>(s[starSi])), s.size() - starSi);
            si = starSi;
            ti = starTi + 1;
        }
    }

    std::vector<Token> tokens_;
    Kind kind_ = Kind::General;
    std::string literal_;
};

std::optional<std::string_view> constantString(const std::vector<ArgInfo>& args, size_t i) {
    if (i >= args.size() || !args[i].constant || args[i].constant->isNull()) return std::nullopt;
    return std::string_view(args[i].constant->asString());
}

bool allConstant(const std::vector<ArgInfo>& args, size_t from) {
    for (size_t i = from; i < args.size(); ++i)
        if (!args[i].constant) return false;
    return true;
}

void registerLike(FunctionRegistry& registry) {
    FunctionDefinition like;
    like.name = "LIKE";
    like.style = CallStyle::Infix;
    like.signatures = {"<STRING> LIKE <STRING>", "<STRING> LIKE <STRING> ESCAPE <STRING>"};
    like.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        auto types = strings::matchArgs(args, {Arg::Str, Arg::Str});
        if (!types) types = strings::matchArgs(args, {Arg::Str, Arg::Str, Arg::Str});
        if (!types) return std::nullopt;
        std::shared_ptr<const LikeMatcher> constant;
        auto pattern = constantString(args, 1);
        if (pattern && allConstant(args, 1) && (args.size() == 2 || constantString(args, 2)))
            constant = std::make_shared<LikeMatcher>(
                LikeMatcher::compile<ValidationError>(*pattern, constantString(args, 2)));
        Kernel k = [constant](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            if (constant) {
                mapToFixed<uint8_t>(v, n, out, [&](size_t i) -> std::optional<uint8_t> {
                    return constant->matches(v[0].stringAt(i));
                });
                return;
            }
            std::optional<LikeMatcher> last;
            std::string lastPattern, lastEscape;
            mapToFixed<uint8_t>(v, n, out, [&](size_t i) -> std::optional<uint8_t> {
                std::string_view p = v[1].stringAt(i);
                std::optional<std::string_view> e;
                if (v.size() == 3) e = v[2].stringAt(i);
                if (!last || p != lastPattern || (e && *e != lastEscape)) {
                    last = LikeMatcher::compile<ExecutionError>(p, e);
                    lastPattern = p;
                    lastEscape = e ? std::string(*e) : "";
                }
                return last->matches(v[0].stringAt(i));
            });
        };
        return ResolvedFunction{DataType::boolean().withNullable(strings::anyNullable(args)), *types, k};
    };
    registry.add(std::move(like));
}

// ---------------------------------------------------------------------------------------------
// SIMILAR TO

constexpr std::string_view kJavaRegexSpecials = "[]()|^-+*?{}$\\.";
constexpr std::string_view kSqlSimilarSpecials = "[]()|^-+*_%?{}";

ValidationError invalidSimilar(std::string_view pattern) {
    return ValidationError(fmt::format("Invalid regular expression '{}'", pattern));
}
ValidationError invalidEscapeSequence(std::string_view pattern, size_t i) {
    return ValidationError(fmt::format("Invalid escape sequence '{}', {}", pattern, i));
}

/// Calcite's (and Flink's SqlLikeUtils) sqlToRegexSimilar, over bytes: every special is ASCII.
std::string similarToJava(std::string_view p, std::optional<char> esc) {
    static const std::pair<std::string_view, std::string_view> kClasses[] = {
        {"[:ALPHA:]", "\\p{Alpha}"}, {"[:alpha:]", "\\p{Alpha}"}, {"[:UPPER:]", "\\p{Upper}"},
        {"[:upper:]", "\\p{Upper}"}, {"[:LOWER:]", "\\p{Lower}"}, {"[:lower:]", "\\p{Lower}"},
        {"[:DIGIT:]", "\\d"},        {"[:digit:]", "\\d"},        {"[:SPACE:]", " "},
        {"[:space:]", " "},          {"[:WHITESPACE:]", "\\s"},   {"[:whitespace:]", "\\s"},
        {"[:ALNUM:]", "\\p{Alnum}"}, {"[:alnum:]", "\\p{Alnum}"},
    };
    if (esc && kSqlSimilarSpecials.find(*esc) != std::string_view::npos) {
        for (size_t i = 0; i < p.size(); ++i) {
            if (p[i] != *esc) continue;
            if (i + 1 >= p.size()) throw invalidEscapeSequence(p, i);
            char c = p[i + 1];
            if (kSqlSimilarSpecials.find(c) == std::string_view::npos && c != *esc)
                throw invalidEscapeSequence(p, i);
        }
    }
    std::string out;
    bool inEnumeration = false;
    for (size_t i = 0; i < p.size(); ++i) {
        char c = p[i];
        if (esc && c == *esc) {
            if (i + 1 >= p.size()) throw invalidEscapeSequence(p, i);
            char next = p[i + 1];
            if (kSqlSimilarSpecials.find(next) != std::string_view::npos) {
                if (kJavaRegexSpecials.find(next) != std::string_view::npos) out += '\\';
                out += next;
            } else if (next == *esc) {
                out += next;
            } else {
                throw invalidEscapeSequence(p, i);
            }
            ++i;
            continue;
        }
        switch (c) {
            case '_':
                out += '.';
                break;
            case '%':
                out += "(?s:.*)";
                break;
            case '[': {
                out += '[';
                inEnumeration = true;
                size_t j = i + 1;
                for (; j < p.size(); ++j) {
                    char d = p[j];
                    if (d == ']') break;
                    if (esc && d == *esc) {
                        if (++j >= p.size()) throw invalidSimilar(p);
                        char next = p[j];
                        if (kSqlSimilarSpecials.find(next) != std::string_view::npos) {
                            if (kJavaRegexSpecials.find(next) != std::string_view::npos) out += '\\';
                            out += next;
                        } else if (next == *esc) {
                            out += next;
                        } else {
                            throw invalidSimilar(p);
                        }
                    } else if (d == '-' || d == '^') {
                        out += d;
                    } else if (p.substr(j, 2) == "[:") {
                        bool found = false;
                        for (const auto& [sql, java] : kClasses) {
                            if (p.substr(j, sql.size()) == sql) {
                                out += java;
                                j += sql.size() - 1;
                                found = true;
                                break;
                            }
                        }
                        if (!found) throw invalidSimilar(p);
                    } else if (kSqlSimilarSpecials.find(d) != std::string_view::npos) {
                        throw invalidSimilar(p);
                    } else {
                        out += d;
                    }
                }
                i = j - 1;
                break;
            }
            case ']':
                if (!inEnumeration) throw invalidSimilar(p);
                inEnumeration = false;
                out += ']';
                break;
            case '\\':
                out += "\\\\";
                break;
            case '$':
                out += "\\$";
                break;
            default:
                out += c;
        }
    }
    if (inEnumeration) throw invalidSimilar(p);
    return out;
}

/// SIMILAR TO: the whole string must match; errors at plan time for a constant pattern.
std::shared_ptr<const RE2> compileSimilar(std::string_view pattern,
                                          const std::optional<std::string_view>& escape, bool planTime) {
    try {
        std::optional<char> esc;
        if (escape) {
            if (escape->size() != 1)
                throw ValidationError(fmt::format("Invalid escape character '{}'", *escape));
            esc = (*escape)[0];
        }
        auto re = compileJava(similarToJava(pattern, esc), "SIMILAR TO", planTime);
        if (!re) throw invalidSimilar(pattern);
        return re;
    } catch (const ValidationError& e) {
        if (planTime) throw;
        throw ExecutionError(e.what());
    }
}

void registerSimilar(FunctionRegistry& registry) {
    FunctionDefinition similar;
    similar.name = "SIMILAR TO";
    similar.style = CallStyle::Infix;
    similar.signatures = {"<STRING> SIMILAR TO <STRING>", "<STRING> SIMILAR TO <STRING> ESCAPE <STRING>"};
    similar.resolve = [](const std::vector<ArgInfo>& args) -> std::optional<ResolvedFunction> {
        auto types = strings::matchArgs(args, {Arg::Str, Arg::Str});
        if (!types) types = strings::matchArgs(args, {Arg::Str, Arg::Str, Arg::Str});
        if (!types) return std::nullopt;
        std::shared_ptr<const RE2> constant;
        auto pattern = constantString(args, 1);
        if (pattern && allConstant(args, 1) && (args.size() == 2 || constantString(args, 2)))
            constant = compileSimilar(*pattern, constantString(args, 2), true);
        Kernel k = [constant](const std::vector<Vector>& v, size_t n, Vector& out, EvalContext&) {
            std::shared_ptr<const RE2> last = constant;
            std::string lastKey;
            mapToFixed<uint8_t>(v, n, out, [&](size_t i) -> std::optional<uint8_t> {
                if (!constant) {
                    std::string_view p = v[1].stringAt(i);
                    std::optional<std::string_view> e;
                    if (v.size() == 3) e = v[2].stringAt(i);
                    std::string key = std::string(p) + '\0' + std::string(e.value_or(""));
                    if (!last || key != lastKey) {
                        last = compileSimilar(p, e, false);
                        lastKey = std::move(key);
                    }
                }
                return RE2::FullMatch(piece(v[0].stringAt(i)), *last);
            });
        };
        return ResolvedFunction{DataType::boolean().withNullable(strings::anyNullable(args)), *types, k};
    };
    registry.add(std::move(similar));
}

}  // namespace

void registerStringRegex(FunctionRegistry& registry) {
    registerRegex(registry);
    registerLike(registry);
    registerSimilar(registry);
}

}  // namespace sluice::functions
