#include <catch2/catch.hpp>

#include <optional>
#include <regex>

#include "common/error.h"
#include "functions/builtin_functions.h"
#include "functions/cast.h"

using namespace sluice;
using namespace sluice::functions;

namespace {

using Str = std::optional<std::string>;

/// One argument: its column, and whether the binder would see it as a constant (or a keyword).
struct In {
    Vector column;
    bool constant = false;
    std::string symbol;
};

struct Calls {
    FunctionRegistry registry;
    EvalContext ctx;
    Calls() { registerBuiltinFunctions(registry); }

    /// Resolves `name` as the binder does (constants from row 0), casts, and runs the kernel.
    Vector run(const std::string& name, std::vector<In> in) {
        std::vector<ArgInfo> infos;
        for (const auto& a : in) {
            ArgInfo info{a.column.type(), {}, a.symbol};
            if (a.constant) info.constant = a.column.getValue(0);
            infos.push_back(info);
        }
        const FunctionDefinition* def = registry.find(name);
        REQUIRE(def);
        auto resolved = def->resolve(infos);
        REQUIRE(resolved);
        std::vector<Vector> args;
        size_t rows = in.empty() ? 1 : in[0].column.size();
        // The engine hands kernels equal-length vectors (literals are expanded): so must the tests.
        for (const auto& a : in) REQUIRE(a.column.size() == rows);
        for (size_t i = 0; i < in.size(); ++i) {
            if (in[i].column.type().sameAs(resolved->argTypes[i])) {
                args.push_back(in[i].column);
            } else {
                Vector c(resolved->argTypes[i]);
                castVector(in[i].column, c, false, ctx, "");
                args.push_back(std::move(c));
            }
        }
        Vector out(resolved->returnType);
        resolved->kernel(args, rows, out, ctx);
        return out;
    }

    bool resolves(const std::string& name, std::vector<In> in) {
        std::vector<ArgInfo> infos;
        for (const auto& a : in) {
            ArgInfo info{a.column.type(), {}, a.symbol};
            if (a.constant) info.constant = a.column.getValue(0);
            infos.push_back(info);
        }
        return registry.find(name)->resolve(infos).has_value();
    }
};

Vector strs(std::vector<Str> values) {
    Vector v(DataType::string());
    for (const auto& s : values) {
        if (s)
            v.appendString(*s);
        else
            v.appendNull();
    }
    return v;
}

Vector ints(std::vector<std::optional<int32_t>> values) {
    Vector v(DataType::integer());
    for (auto x : values) {
        if (x)
            v.append<int32_t>(*x);
        else
            v.appendNull();
    }
    return v;
}

In col(Vector v) {
    return In{std::move(v), false, ""};
}
In lit(Vector v) {
    return In{std::move(v), true, ""};
}
In str(const std::string& s, size_t rows = 1) {
    return lit(strs(std::vector<Str>(rows, s)));
}
In num(int32_t x, size_t rows = 1) {
    return lit(ints(std::vector<std::optional<int32_t>>(rows, x)));
}
In symbol(const std::string& s, size_t rows = 1) {
    return In{strs(std::vector<Str>(rows, s)), true, s};
}

std::vector<Str> texts(const Vector& v) {
    std::vector<Str> out;
    for (size_t i = 0; i < v.size(); ++i)
        out.push_back(v.isNull(i) ? Str() : Str(std::string(v.stringAt(i))));
    return out;
}

std::vector<std::optional<int64_t>> numbers(const Vector& v) {
    std::vector<std::optional<int64_t>> out;
    for (size_t i = 0; i < v.size(); ++i) {
        if (v.isNull(i))
            out.emplace_back();
        else
            out.emplace_back(v.getValue(i).isNull() ? 0 : v.getValue(i).asInt());
    }
    return out;
}

std::vector<std::optional<bool>> bools(const Vector& v) {
    std::vector<std::optional<bool>> out;
    for (size_t i = 0; i < v.size(); ++i) {
        if (v.isNull(i))
            out.emplace_back();
        else
            out.emplace_back(v.data<uint8_t>()[i] != 0);
    }
    return out;
}

}  // namespace

TEST_CASE("SUBSTRING counts code points from 1 or from the end; a negative length is NULL",
          "[functions][string]") {
    Calls f;
    Vector s = strs({"Hello World", "héllo", "", "abc", "abc", "abc"});
    Vector start = ints({7, 2, 1, -2, -5, 0});
    Vector len = ints({100, 3, 2, 1, 2, -1});
    CHECK(texts(f.run("SUBSTRING", {col(s), col(start), col(len)})) ==
          std::vector<Str>{"World", "éll", "", "b", "", std::nullopt});
    CHECK(texts(f.run("SUBSTR", {col(strs({"Hello World"})), col(ints({-5}))})) == std::vector<Str>{"World"});
    CHECK(texts(f.run("SUBSTRING", {col(strs({std::nullopt})), num(1)})) == std::vector<Str>{std::nullopt});
}

TEST_CASE("TRIM removes a set of characters from one or both ends", "[functions][string]") {
    Calls f;
    Vector s = strs({"  a b  ", "xxhixyx", "ééaé", ""});
    CHECK(texts(f.run("TRIM", {symbol("BOTH", 4), str(" ", 4), col(s)})) ==
          std::vector<Str>{"a b", "xxhixyx", "ééaé", ""});
    CHECK(texts(f.run("TRIM", {symbol("LEADING", 4), str("xy", 4), col(s)})) ==
          std::vector<Str>{"  a b  ", "hixyx", "ééaé", ""});
    CHECK(texts(f.run("TRIM", {symbol("TRAILING", 4), str("xyé", 4), col(s)})) ==
          std::vector<Str>{"  a b  ", "xxhi", "ééa", ""});
    CHECK(texts(f.run("LTRIM", {col(s)})) == std::vector<Str>{"a b  ", "xxhixyx", "ééaé", ""});
    CHECK(texts(f.run("RTRIM", {col(s)})) == std::vector<Str>{"  a b", "xxhixyx", "ééaé", ""});
}

TEST_CASE("LIKE: quick forms, the general matcher, escapes and line terminators", "[functions][like]") {
    Calls f;
    Vector s = strs({"abc", "xabcx", "ab", "a\nc", "a%c", "AbC", std::nullopt});
    auto like = [&](const std::string& pattern) {
        return bools(f.run("LIKE", {col(s), str(pattern, s.size())}));
    };
    using B = std::vector<std::optional<bool>>;
    CHECK(like("abc") == B{true, false, false, false, false, false, std::nullopt});
    CHECK(like("ab%") == B{true, false, true, false, false, false, std::nullopt});
    CHECK(like("%bc") == B{true, false, false, false, false, false, std::nullopt});
    CHECK(like("%bc%") == B{true, true, false, false, false, false, std::nullopt});
    CHECK(like("a_c") == B{true, false, false, false, true, false, std::nullopt});
    CHECK(like("%a%c") == B{true, false, false, true, true, false, std::nullopt});
    CHECK(like("%") == B{true, true, true, true, true, true, std::nullopt});
    CHECK(like("_%_") == B{true, true, true, true, true, true, std::nullopt});
    // ESCAPE: the escaped % is a literal.
    CHECK(bools(f.run("LIKE", {col(s), str("a!%c", s.size()), str("!", s.size())})) ==
          B{false, false, false, false, true, false, std::nullopt});
    // A non-constant pattern takes the same path row by row.
    CHECK(bools(f.run("LIKE", {col(strs({"abc", "abc"})), col(strs({"a%", "b%"}))})) == B{true, false});
    // Invalid escapes fail at plan time for constants.
    CHECK_THROWS_AS(f.run("LIKE", {col(s), str("a!b", s.size()), str("!", s.size())}), ValidationError);
    CHECK_THROWS_AS(f.run("LIKE", {col(s), str("a", s.size()), str("!!", s.size())}), ValidationError);
    CHECK_THROWS_AS(f.run("LIKE", {col(strs({"a"})), col(strs({"a!"})), col(strs({"!"}))}), ExecutionError);
}

TEST_CASE("SIMILAR TO follows Calcite's translation", "[functions][like]") {
    Calls f;
    Vector s = strs({"abc", "a.c", "abcd", "xyz"});
    using B = std::vector<std::optional<bool>>;
    CHECK(bools(f.run("SIMILAR TO", {col(s), str("a.c", 4)})) == B{true, true, false, false});
    CHECK(bools(f.run("SIMILAR TO", {col(s), str("a%", 4)})) == B{true, true, true, false});
    CHECK(bools(f.run("SIMILAR TO", {col(s), str("(abc|xyz)", 4)})) == B{true, false, false, true});
    CHECK(bools(f.run("SIMILAR TO", {col(s), str("[[:alpha:]]+", 4)})) == B{true, false, true, true});
    CHECK_THROWS_AS(f.run("SIMILAR TO", {col(s), str("a]", 4)}), ValidationError);
}

TEST_CASE("Java regular expressions on RE2", "[functions][regex]") {
    Calls f;
    // replaceAll resumes one character after an empty match: Java gives "-a--c-".
    CHECK(texts(f.run("REGEXP_REPLACE", {col(strs({"abc"})), str("b*"), str("-")})) ==
          std::vector<Str>{"-a--c-"});
    // The replacement is literal (Matcher.quoteReplacement).
    CHECK(texts(f.run("REGEXP_REPLACE", {col(strs({"foobar"})), str("oo|ar"), str("$1\\")})) ==
          std::vector<Str>{"f$1\\b$1\\"});
    // Java's '.' does not match \r; \p{Alpha} is a POSIX class; \s includes \x0B.
    CHECK(bools(f.run("REGEXP", {col(strs({"a\rb", "a-b"})), str("^a.b$", 2)})) ==
          std::vector<std::optional<bool>>{false, true});
    CHECK(bools(f.run("REGEXP", {col(strs({"x1", "ab"})), str("^\\p{Alpha}+$", 2)})) ==
          std::vector<std::optional<bool>>{false, true});
    CHECK(bools(f.run("REGEXP", {col(strs({"a\x0B"})), str("a\\s")})) ==
          std::vector<std::optional<bool>>{true});
    // An empty or invalid pattern: FALSE for REGEXP, NULL for the others.
    CHECK(bools(f.run("REGEXP", {col(strs({"abc"})), str("")})) == std::vector<std::optional<bool>>{false});
    CHECK(bools(f.run("REGEXP", {col(strs({"abc"})), str("(")})) == std::vector<std::optional<bool>>{false});
    CHECK(texts(f.run("REGEXP_REPLACE", {col(strs({"abc"})), str("("), str("x")})) ==
          std::vector<Str>{std::nullopt});
    // Group index: 0 is the whole match (and the default); out of range or no match is NULL.
    Vector s = strs({"foothebar", "nothing"});
    CHECK(texts(f.run("REGEXP_EXTRACT", {col(s), str("foo(.*?)(bar)", 2), num(2, 2)})) ==
          std::vector<Str>{"bar", std::nullopt});
    CHECK(texts(f.run("REGEXP_EXTRACT", {col(s), str("foo(.*?)(bar)", 2)})) ==
          std::vector<Str>{"foothebar", std::nullopt});
    CHECK(texts(f.run("REGEXP_EXTRACT", {col(s), str("foo(.*?)(bar)", 2), num(3, 2)})) ==
          std::vector<Str>{std::nullopt, std::nullopt});
    // Named groups are translated; lookaround has no RE2 equivalent and is refused at plan time.
    CHECK(texts(f.run("REGEXP_EXTRACT", {col(strs({"k=v"})), str("(?<key>\\w)=(\\w)"), num(2)})) ==
          std::vector<Str>{"v"});
    CHECK_THROWS_AS(f.run("REGEXP", {col(strs({"abc"})), str("a(?=b)")}), NotSupportedError);
}

TEST_CASE("Padding, splitting and replacing as SqlFunctionUtils", "[functions][string]") {
    Calls f;
    CHECK(texts(f.run("LPAD", {col(strs({"hi", "hi", "hi", "hé"})), col(ints({4, 1, -1, 5})),
                               str("??", 4)})) == std::vector<Str>{"??hi", "h", std::nullopt, "???hé"});
    CHECK(texts(f.run("RPAD",
                      {col(strs({"hi", "hi", "hi"})), col(ints({5, 1, 3})), col(strs({"??", "??", ""}))})) ==
          std::vector<Str>{"hi???", "h", std::nullopt});
    Vector s = strs({"a,b,,c,", "", "abc"});
    auto split = [&](int32_t i) { return texts(f.run("SPLIT_INDEX", {col(s), str(",", 3), num(i, 3)})); };
    CHECK(split(0) == std::vector<Str>{"a", std::nullopt, "abc"});
    CHECK(split(2) == std::vector<Str>{"", std::nullopt, std::nullopt});
    CHECK(split(4) == std::vector<Str>{"", std::nullopt, std::nullopt});
    CHECK(split(-1) == std::vector<Str>{std::nullopt, std::nullopt, std::nullopt});
    CHECK(texts(f.run("REPLACE", {col(strs({"ababab", "abc"})), col(strs({"abab", ""})), str("z", 2)})) ==
          std::vector<Str>{"zab", "zazbzcz"});
    CHECK(numbers(f.run("LOCATE", {str("b", 2), col(strs({"abcb", "abcb"})), col(ints({3, -1}))})) ==
          std::vector<std::optional<int64_t>>{4, 2});
    CHECK(numbers(f.run("POSITION", {str("é", 2), col(strs({"aéé", ""}))})) ==
          std::vector<std::optional<int64_t>>{2, 0});
    CHECK(numbers(f.run("INSTR", {col(strs({"abcabc"})), str("bc"), num(-1), num(2)})) ==
          std::vector<std::optional<int64_t>>{2});
    CHECK(numbers(f.run("CHAR_LENGTH", {col(strs({"héllo", ""}))})) ==
          std::vector<std::optional<int64_t>>{5, 0});
    CHECK(texts(f.run("REVERSE", {col(strs({"héllo"}))})) == std::vector<Str>{"olléh"});
    CHECK(texts(f.run("OVERLAY", {col(strs({"xxxxxtest", "xxxxxtest"})), str("xxxx", 2), num(6, 2),
                                  col(ints({std::nullopt, 2}))})) ==
          std::vector<Str>{std::nullopt, "xxxxxxxxxst"});
}

TEST_CASE("Case mapping follows Java beyond ASCII", "[functions][string]") {
    Calls f;
    CHECK(texts(f.run("UPPER", {col(strs({"straße", "àéîõü", "abc"}))})) ==
          std::vector<Str>{"STRASSE", "ÀÉÎÕÜ", "ABC"});
    CHECK(texts(f.run("LOWER", {col(strs({"ÀÉÎ", "ABC"}))})) == std::vector<Str>{"àéî", "abc"});
    CHECK(texts(f.run("INITCAP", {col(strs({"hello wORLD 9x", "élan vital"}))})) ==
          std::vector<Str>{"Hello World 9x", "éLan Vital"});
}

TEST_CASE("Digests, Base64 and UUID", "[functions][hash]") {
    Calls f;
    CHECK(texts(f.run("MD5", {col(strs({"hello", std::nullopt}))})) ==
          std::vector<Str>{"5d41402abc4b2a76b9719d911017c592", std::nullopt});
    CHECK(texts(f.run("SHA256", {col(strs({""}))})) ==
          std::vector<Str>{"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"});
    CHECK(texts(f.run("SHA2", {col(strs({""})), num(224)})) ==
          std::vector<Str>{"d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f"});
    CHECK_THROWS_AS(f.run("SHA2", {col(strs({""})), num(100)}), ValidationError);
    CHECK(texts(f.run("TO_BASE64", {col(strs({"hello world", "a", ""}))})) ==
          std::vector<Str>{"aGVsbG8gd29ybGQ=", "YQ==", ""});
    CHECK(texts(f.run("FROM_BASE64", {col(strs({"aGVsbG8gd29ybGQ=", "YWI", "YQ=="}))})) ==
          std::vector<Str>{"hello world", "ab", "a"});
    CHECK_THROWS_AS(f.run("FROM_BASE64", {col(strs({"YQ= ="}))}), ExecutionError);
    CHECK_THROWS_AS(f.run("FROM_BASE64", {col(strs({"Y"}))}), ExecutionError);
    Vector u = f.run("UUID", {});
    REQUIRE(u.size() == 1);
    std::string id(u.stringAt(0));
    CHECK(std::regex_match(
        id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
}

TEST_CASE("Conditional functions over a common type", "[functions][conditional]") {
    Calls f;
    Vector a = ints({std::nullopt, 2, std::nullopt});
    Vector b = ints({std::nullopt, 5, 7});
    CHECK(numbers(f.run("COALESCE", {col(a), col(b), num(9, 3)})) ==
          std::vector<std::optional<int64_t>>{9, 2, 7});
    CHECK(numbers(f.run("GREATEST", {col(ints({1, 2, 3})), col(b), num(6, 3)})) ==
          std::vector<std::optional<int64_t>>{std::nullopt, 6, 7});
    CHECK(numbers(f.run("LEAST", {col(ints({1, 2, 3})), num(2, 3)})) ==
          std::vector<std::optional<int64_t>>{1, 2, 2});
    CHECK(texts(f.run("GREATEST", {col(strs({"b", "é"})), col(strs({"a", "z"}))})) ==
          std::vector<Str>{"b", "é"});
    CHECK(bools(f.run("IS DISTINCT FROM", {col(a), col(b)})) ==
          std::vector<std::optional<bool>>{false, true, true});
    CHECK(bools(f.run("IS NOT DISTINCT FROM", {col(a), col(b)})) ==
          std::vector<std::optional<bool>>{true, false, false});
    CHECK(numbers(f.run("NULLIF", {col(ints({5, 5, std::nullopt})), col(ints({5, 0, 1}))})) ==
          std::vector<std::optional<int64_t>>{std::nullopt, 5, std::nullopt});
    Vector cond(DataType::boolean());
    cond.append<uint8_t>(1);
    cond.append<uint8_t>(0);
    cond.appendNull();
    CHECK(texts(f.run("IF", {col(cond), str("yes", 3), str("no", 3)})) ==
          std::vector<Str>{"yes", "no", "no"});
    CHECK(numbers(f.run("IFNULL", {col(a), num(0, 3)})) == std::vector<std::optional<int64_t>>{0, 2, 0});
    // Arguments without a common type do not resolve.
    CHECK_FALSE(f.resolves("COALESCE", {num(1), lit(strs({"a"}))}));
}
