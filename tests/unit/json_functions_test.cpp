#include <catch2/catch.hpp>

#include "common/error.h"
#include "functions/builtin_functions.h"
#include "functions/scalar/json_path.h"

using namespace sluice;
using namespace sluice::functions;

namespace {

// One argument of a call: its plan-time description and its (one-row) vector.
struct Arg {
    ArgInfo info;
    Vector vec;
};

Arg str(std::optional<std::string> s, bool constant = true) {
    Arg a{{DataType::string(), {}, {}}, Vector(DataType::string())};
    if (s) {
        a.vec.appendString(*s);
        if (constant) a.info.constant = Value::string(*s);
    } else {
        a.vec.appendNull();
        if (constant) a.info.constant = Value::null();
    }
    return a;
}

Arg sym(const std::string& name) {
    DataType t = DataType::charType(static_cast<int>(name.size())).withNullable(false);
    Arg a{{t, Value::string(name), name}, Vector(t)};
    a.vec.appendString(name);
    return a;
}

Arg typed(Value v, DataType t) {
    Arg a{{t, v, {}}, Vector(t)};
    a.vec.appendValue(v);
    return a;
}

Arg nullOf(DataType t) {
    return typed(Value::null(), t);
}

// What the binder passes for RETURNING t.
Arg returning(DataType t) {
    Arg a{{t.withNullable(true), Value::null(), "RETURNING"}, Vector(t.withNullable(true))};
    a.vec.appendNull();
    return a;
}

struct Fixture {
    FunctionRegistry registry;
    EvalContext ctx;
    Fixture() { registerBuiltinFunctions(registry); }

    Value call(const std::string& name, std::vector<Arg> args, DataType* type = nullptr) {
        std::vector<ArgInfo> infos;
        std::vector<Vector> vecs;
        for (auto& a : args) {
            infos.push_back(a.info);
            vecs.push_back(a.vec);
        }
        const FunctionDefinition* def = registry.find(name);
        REQUIRE(def);
        auto resolved = def->resolve(infos);
        REQUIRE(resolved);
        Vector out(resolved->returnType);
        resolved->kernel(vecs, 1, out, ctx);
        REQUIRE(out.size() == 1);
        if (type) *type = resolved->returnType;
        return out.getValue(0);
    }

    // JSON_VALUE(j, p [RETURNING t] emptyB [DEFAULT d] ON EMPTY errorB [DEFAULT d] ON ERROR)
    Value jsonValue(const std::string& j, const std::string& p, std::optional<DataType> ret = std::nullopt,
                    const std::string& onEmpty = "NULL", Arg emptyDefault = nullOf(DataType::string()),
                    const std::string& onError = "NULL", Arg errorDefault = nullOf(DataType::string())) {
        std::vector<Arg> args = {str(j), str(p), sym(onEmpty), emptyDefault, sym(onError), errorDefault};
        if (ret) args.push_back(returning(*ret));
        return call("JSON_VALUE", std::move(args));
    }

    Value jsonQuery(const std::string& j, const std::string& p, const std::string& wrapper = "WITHOUT_ARRAY",
                    const std::string& onEmpty = "NULL", const std::string& onError = "NULL",
                    std::optional<DataType> ret = std::nullopt) {
        std::vector<Arg> args = {str(j), str(p), sym(wrapper), sym(onEmpty), sym(onError)};
        if (ret) args.push_back(returning(*ret));
        return call("JSON_QUERY", std::move(args));
    }

    Value jsonExists(const std::string& j, const std::string& p, const std::string& onError = "FALSE") {
        return call("JSON_EXISTS", {str(j), str(p), sym(onError)});
    }
};

std::string evalText(const std::string& json, const std::string& path) {
    json::Document doc;
    bool parsed = doc.parse(json);
    json::Path p = json::compilePath(path);
    json::PathResult r;
    json::evaluate(p, doc, parsed, r);
    if (r.kind == json::PathResult::Kind::Empty) return "<empty>";
    if (r.kind == json::PathResult::Kind::Error) return "<error>";
    std::string out;
    json::appendJson(out, doc, r.node);
    return out;
}

}  // namespace

TEST_CASE("JSON paths compile as Flink's lax/strict Jayway paths", "[json]") {
    json::Path p = json::compilePath("lax $.a.b");
    CHECK(p.lax);
    CHECK(p.definite);
    CHECK(p.text == "$['a']['b']");
    CHECK_FALSE(json::compilePath("$.a").lax);  // no prefix: strict
    CHECK_FALSE(json::compilePath("STRICT $.a").lax);
    CHECK(json::compilePath("LAX $.a").lax);
    CHECK(json::compilePath("$.a[0]").text == "$['a'][0]");
    CHECK(json::compilePath("$['k']").text == "$['k']");
    CHECK(json::compilePath("$.['contains blank']").text == "$['contains blank']");
    CHECK(json::compilePath("a.b").text == "$['a']['b']");  // Jayway prefixes "$."
    CHECK(json::compilePath("lax").text == "$['lax']");     // "lax" without a path is a property
    CHECK_FALSE(json::compilePath("$.a[*].c").definite);
    CHECK_FALSE(json::compilePath("$..c").definite);
    CHECK_FALSE(json::compilePath("$.").error.empty());
    CHECK_FALSE(json::compilePath("$[").error.empty());
    CHECK_FALSE(json::compilePath("").error.empty());
    CHECK_FALSE(json::compilePath("$[?(@.a)]").error.empty());
}

TEST_CASE("JSON path evaluation", "[json]") {
    std::string doc = R"({"a": {"b": [10, 20, {"c": "x"}]}, "k y": true, "n": null})";
    CHECK(evalText(doc, "$.a.b[0]") == "10");
    CHECK(evalText(doc, "$.a.b[-1]") == R"({"c":"x"})");
    CHECK(evalText(doc, "$.a.b[2].c") == R"("x")");
    CHECK(evalText(doc, "$['k y']") == "true");
    CHECK(evalText(doc, R"($["k y"])") == "true");
    CHECK(evalText(doc, "$.n") == "null");
    CHECK(evalText(doc, "$") == R"({"a":{"b":[10,20,{"c":"x"}]},"k y":true,"n":null})");
    // missing: an error in strict mode, empty in lax mode
    CHECK(evalText(doc, "$.missing") == "<error>");
    CHECK(evalText(doc, "lax $.missing") == "<empty>");
    CHECK(evalText(doc, "$.missing.deeper") == "<error>");
    CHECK(evalText(doc, "lax $.missing.deeper") == "<empty>");
    CHECK(evalText(doc, "$.a.b[7]") == "<error>");
    CHECK(evalText(doc, "$.a.b.c") == "<error>");  // property of an array
    CHECK(evalText(doc, "lax $.a.b.c") == "<empty>");
    // indefinite paths give the array of their matches
    CHECK(evalText(doc, "$.a.b[*]") == R"([10,20,{"c":"x"}])");
    CHECK(evalText(doc, "$.a.b[0,1]") == "[10,20]");
    CHECK(evalText(doc, "$.a.b[1:]") == R"([20,{"c":"x"}])");
    CHECK(evalText(doc, "$..c") == R"(["x"])");
    CHECK(evalText(doc, "$.a.b[*].c") == R"(["x"])");
    // invalid input: strict error, lax empty
    CHECK(evalText("{", "$") == "<error>");
    CHECK(evalText("{", "lax $") == "<empty>");
}

TEST_CASE("JSON text: numbers as Java's BigDecimal, sorted keys, Jackson escapes", "[json]") {
    CHECK(json::canonicalNumber("13.37") == "13.37");
    CHECK(json::canonicalNumber("123456789.987654321") == "123456789.987654321");
    CHECK(json::canonicalNumber("1e2") == "1E+2");
    CHECK(json::canonicalNumber("1.5E3") == "1.5E+3");
    CHECK(json::canonicalNumber("0.00001") == "0.00001");
    CHECK(json::canonicalNumber("1E-7") == "1E-7");
    CHECK(json::canonicalNumber("-0") == "0");
    CHECK(json::canonicalNumber("1.0") == "1.0");
    CHECK(json::canonicalNumber("-12") == "-12");
    CHECK(json::bigDecimalString(123, 2) == "1.23");
    CHECK(json::bigDecimalString(1, 7) == "1E-7");
    CHECK(json::bigDecimalString(-5, 0) == "-5");

    json::Document doc;
    REQUIRE(doc.parse(R"({"b": 1, "a": [true, null, "q\"\n\u0001"], "b": 2})"));
    std::string out;
    json::appendJson(out, doc, doc.root());
    CHECK(out == R"({"a":[true,null,"q\"\n\u0001"],"b":2})");  // duplicate key: the last wins

    CHECK_FALSE(doc.parse(""));
    CHECK_FALSE(doc.parse("{\"a\":}"));
    CHECK_FALSE(doc.parse("[1,2"));
    CHECK_FALSE(doc.parse("01"));
    CHECK_FALSE(doc.parse("tru"));
    CHECK_FALSE(doc.parse("1 2"));
    CHECK_FALSE(doc.parse("{} x"));
    CHECK_FALSE(doc.parse("[1] [2]"));
    CHECK(doc.parse(" 12 "));
    CHECK(doc.parse(" \"abc\" "));
    CHECK(doc.parse("null"));
    CHECK(json::utf16Less("a", "b"));
    CHECK(json::utf16Less("\xef\xbc\xa1", "\xf0\x9f\x98\x80") ==
          false);  // U+FF21 sorts after a surrogate pair
}

TEST_CASE("JSON_VALUE: ON EMPTY / ON ERROR and RETURNING", "[json]") {
    Fixture f;
    // sql_functions.yml examples
    CHECK(f.jsonValue(R"({"a": true})", "$.a") == Value::string("true"));
    CHECK(f.jsonValue(R"({"a": true})", "$.a", DataType::boolean()) == Value::boolean(true));
    CHECK(f.jsonValue(R"({"a": true})", "lax $.b", std::nullopt, "DEFAULT",
                      typed(Value::boolean(false), DataType::boolean())) == Value::string("false"));
    CHECK(f.jsonValue(R"({"a": true})", "strict $.b", std::nullopt, "NULL", nullOf(DataType::string()),
                      "DEFAULT",
                      typed(Value::boolean(false), DataType::boolean())) == Value::string("false"));
    CHECK(f.jsonValue(R"({"a.b": [0.998,0.996]})", R"($.["a.b"][0])", DataType::doubleType()) ==
          Value::real(0.998));
    CHECK(f.jsonValue(R"({"contains blank": "right"})", "strict $.['contains blank']", std::nullopt, "NULL",
                      nullOf(DataType::string()), "DEFAULT", str("wrong")) == Value::string("right"));

    // defaults: NULL for both
    CHECK(f.jsonValue("{}", "lax $.x").isNull());
    CHECK(f.jsonValue("{}", "strict $.x").isNull());
    CHECK(f.jsonValue("not json", "$.x").isNull());
    // ERROR ON EMPTY / ERROR ON ERROR
    CHECK_THROWS_WITH(f.jsonValue("{}", "lax $.x", std::nullopt, "ERROR"),
                      "Empty result of JSON_VALUE function is not allowed");
    CHECK_THROWS_WITH(
        f.jsonValue("{}", "strict $.x", std::nullopt, "NULL", nullOf(DataType::string()), "ERROR"),
        "No results for path: $['x']");
    // a strict missing path is an error, not empty
    CHECK(f.jsonValue("{}", "strict $.x", std::nullopt, "ERROR").isNull());
    // DEFAULT with RETURNING INT
    CHECK(f.jsonValue("{}", "lax $.x", DataType::integer(), "DEFAULT",
                      typed(Value::integer(42), DataType::integer())) == Value::integer(42));
    CHECK(f.jsonValue("{}", "strict $.x", DataType::integer(), "NULL", nullOf(DataType::integer()), "DEFAULT",
                      typed(Value::integer(42), DataType::integer())) == Value::integer(42));
    // non-scalar: empty in lax, error in strict
    CHECK(f.jsonValue(R"({"a":[1]})", "lax $.a", std::nullopt, "DEFAULT", str("E"), "DEFAULT", str("R")) ==
          Value::string("E"));
    CHECK(f.jsonValue(R"({"a":[1]})", "strict $.a", std::nullopt, "DEFAULT", str("E"), "DEFAULT", str("R")) ==
          Value::string("R"));
    // JSON null triggers ON EMPTY
    CHECK(f.jsonValue(R"({"a":null})", "$.a", std::nullopt, "DEFAULT", str("E"), "DEFAULT", str("R")) ==
          Value::string("E"));
    // RETURNING conversions (JsonFunctionsITCase)
    std::string j = R"({"type":"account","age":42,"balance":13.37,"longBalance":123456789.987654321,
                       "bigCount":9999999999,"v":"42"})";
    CHECK(f.jsonValue(j, "$.longBalance") == Value::string("123456789.987654321"));
    CHECK(f.jsonValue(j, "$.age", DataType::tinyint()) == Value::integer(42));
    CHECK(f.jsonValue(j, "$.bigCount", DataType::bigint()) == Value::integer(9999999999LL));
    CHECK(f.jsonValue(j, "$.bigCount", DataType::integer()).isNull());  // overflow: ON ERROR
    CHECK(f.jsonValue(j, "$.balance", DataType::integer()) == Value::integer(13));
    CHECK(f.jsonValue(j, "$.balance", DataType::decimal(10, 2)) == Value::decimal(1337));
    CHECK(f.jsonValue(j, "$.longBalance", DataType::decimal(5, 2)).isNull());
    CHECK(f.jsonValue(j, "$.v", DataType::integer()) == Value::integer(42));
    CHECK(f.jsonValue(j, "$.type", DataType::integer(), "NULL", nullOf(DataType::integer()), "DEFAULT",
                      typed(Value::integer(42), DataType::integer())) == Value::integer(42));
    CHECK_THROWS_WITH(f.jsonValue(j, "$.type", DataType::integer(), "NULL", nullOf(DataType::integer()),
                                  "ERROR", nullOf(DataType::integer())),
                      Catch::Contains("Cannot cast"));
    // NULL input
    CHECK(f.call("JSON_VALUE", {str(std::nullopt), str("lax $")}).isNull());
    // an unsupported RETURNING type is a plan-time error
    CHECK_THROWS_AS(f.jsonValue("{}", "$", DataType::date()), ValidationError);
}

TEST_CASE("JSON_QUERY: wrappers, ON EMPTY / ON ERROR, RETURNING ARRAY", "[json]") {
    Fixture f;
    // sql_functions.yml examples (Flink prints them compact)
    CHECK(f.jsonQuery(R"({ "a": { "b": 1 } })", "$.a") == Value::string(R"({"b":1})"));
    CHECK(f.jsonQuery("[1, 2]", "$") == Value::string("[1,2]"));
    CHECK(f.jsonQuery(R"({"a":[{"c":"c1"},{"c":"c2"}]})", "lax $.a[*].c") == Value::string(R"(["c1","c2"])"));
    CHECK(f.jsonQuery("{}", "$", "CONDITIONAL_ARRAY") == Value::string("[{}]"));
    CHECK(f.jsonQuery("[1, 2]", "$", "CONDITIONAL_ARRAY") == Value::string("[1,2]"));
    CHECK(f.jsonQuery("[1, 2]", "$", "UNCONDITIONAL_ARRAY") == Value::string("[[1,2]]"));
    CHECK(f.jsonQuery("1", "$").isNull());
    CHECK(f.jsonQuery("1", "$", "CONDITIONAL_ARRAY") == Value::string("[1]"));
    CHECK(f.jsonQuery("{}", "lax $.invalid", "WITHOUT_ARRAY", "EMPTY_OBJECT") == Value::string("{}"));
    CHECK(f.jsonQuery("{}", "strict $.invalid", "WITHOUT_ARRAY", "NULL", "EMPTY_ARRAY") ==
          Value::string("[]"));
    // ERROR behaviours
    CHECK_THROWS_WITH(f.jsonQuery("{}", "lax $.x", "WITHOUT_ARRAY", "ERROR"),
                      "Empty result of JSON_QUERY function is not allowed");
    CHECK_THROWS_WITH(f.jsonQuery("{}", "strict $.x", "WITHOUT_ARRAY", "NULL", "ERROR"),
                      Catch::Contains("No results for path"));
    CHECK_THROWS_WITH(
        f.jsonQuery(R"({"a":"[1,2]"})", "$.a", "WITHOUT_ARRAY", "NULL", "ERROR"),
        "Strict jsonpath mode requires array or object value, and the actual value is: ''[1,2]''");
    CHECK(f.jsonQuery(R"({"a":"[1,2]"})", "$.a", "CONDITIONAL_ARRAY") == Value::string(R"(["[1,2]"])"));
    // lax scalar: empty
    CHECK(f.jsonQuery(R"({"a":1})", "lax $.a", "WITHOUT_ARRAY", "EMPTY_ARRAY") == Value::string("[]"));
    // RETURNING ARRAY<STRING> / ARRAY<INT>
    DataType arrStr = DataType::array(DataType::string());
    Value items = f.jsonQuery(R"({"items": [{"itemId":1234, "count":10}, null, [1, 2]]})", "$.items",
                              "WITHOUT_ARRAY", "NULL", "NULL", arrStr);
    REQUIRE(items.asList().size() == 3);
    CHECK(items.asList()[0] == Value::string(R"({"count":10,"itemId":1234})"));
    CHECK(items.asList()[1].isNull());
    CHECK(items.asList()[2] == Value::string("[1,2]"));
    DataType arrInt = DataType::array(DataType::integer());
    Value ints = f.jsonQuery(R"({"ints":[1,2,3]})", "$.ints", "WITHOUT_ARRAY", "NULL", "NULL", arrInt);
    CHECK(ints.asList() == Value::List{Value::integer(1), Value::integer(2), Value::integer(3)});
    CHECK(f.jsonQuery(R"({"s":["a"]})", "$.s", "WITHOUT_ARRAY", "NULL", "NULL", arrInt).isNull());
    CHECK(f.jsonQuery(R"({"s":["a"]})", "$.s", "WITHOUT_ARRAY", "NULL", "EMPTY_ARRAY", arrInt)
              .asList()
              .empty());
    CHECK_THROWS_WITH(f.jsonQuery(R"({"s":["a"]})", "$.s", "WITHOUT_ARRAY", "NULL", "ERROR", arrInt),
                      Catch::Contains("Array element type mismatch in JSON_QUERY"));
    CHECK_THROWS_AS(f.jsonQuery("{}", "$", "WITHOUT_ARRAY", "EMPTY_OBJECT", "NULL", arrInt), ValidationError);
    CHECK_THROWS_AS(f.jsonQuery("{}", "$", "WITHOUT_ARRAY", "NULL", "NULL", DataType::integer()),
                    ValidationError);
}

TEST_CASE("JSON_EXISTS and IS JSON", "[json]") {
    Fixture f;
    // sql_functions.yml examples
    CHECK(f.jsonExists(R"({"a": true})", "$.a") == Value::boolean(true));
    CHECK(f.jsonExists(R"({"a": true})", "$.b") == Value::boolean(false));
    CHECK(f.jsonExists(R"({"a": [{ "b": 1 }]})", "$.a[0].b") == Value::boolean(true));
    CHECK(f.jsonExists(R"({"a": true})", "strict $.b", "TRUE") == Value::boolean(true));
    CHECK(f.jsonExists(R"({"a": true})", "strict $.b", "FALSE") == Value::boolean(false));
    CHECK(f.jsonExists(R"({"a": true})", "strict $.b", "UNKNOWN").isNull());
    CHECK_THROWS_WITH(f.jsonExists(R"({"a": true})", "strict $.b", "ERROR"), "No results for path: $['b']");
    CHECK(f.jsonExists(R"({"a": true})", "lax $.b", "ERROR") == Value::boolean(false));
    CHECK(f.jsonExists(R"({"t":[1]})", "$.t[*]") == Value::boolean(true));
    CHECK(f.jsonExists(R"({"t":[1]})", "$.items[*]") == Value::boolean(false));
    CHECK(f.jsonExists("oops", "lax $") == Value::boolean(false));

    auto isJson = [&](std::optional<std::string> s, const std::string& kind) {
        return f.call("IS_JSON", {str(std::move(s), false), sym(kind)});
    };
    CHECK(isJson("1", "VALUE") == Value::boolean(true));
    CHECK(isJson("[]", "VALUE") == Value::boolean(true));
    CHECK(isJson("{}", "VALUE") == Value::boolean(true));
    CHECK(isJson("\"abc\"", "VALUE") == Value::boolean(true));
    CHECK(isJson("abc", "VALUE") == Value::boolean(false));
    CHECK(isJson("1", "SCALAR") == Value::boolean(true));
    CHECK(isJson("1", "ARRAY") == Value::boolean(false));
    CHECK(isJson("1", "OBJECT") == Value::boolean(false));
    CHECK(isJson("{}", "SCALAR") == Value::boolean(false));
    CHECK(isJson("{}", "ARRAY") == Value::boolean(false));
    CHECK(isJson("{}", "OBJECT") == Value::boolean(true));
    CHECK(isJson(std::nullopt, "VALUE").isNull());
}

TEST_CASE("JSON_OBJECT, JSON_ARRAY and JSON_STRING serialize as Flink", "[json]") {
    Fixture f;
    CHECK(f.call("JSON_OBJECT", {sym("NULL_ON_NULL")}) == Value::string("{}"));
    CHECK(f.call("JSON_OBJECT", {sym("NULL_ON_NULL"), str("K2"), str("V2"), str("K1"), str("V1")}) ==
          Value::string(R"({"K1":"V1","K2":"V2"})"));
    CHECK(f.call("JSON_OBJECT", {sym("NULL_ON_NULL"), str("K1"), nullOf(DataType::string())}) ==
          Value::string(R"({"K1":null})"));
    CHECK(f.call("JSON_OBJECT", {sym("ABSENT_ON_NULL"), str("K1"), nullOf(DataType::string())}) ==
          Value::string("{}"));
    CHECK(f.call("JSON_OBJECT", {sym("NULL_ON_NULL"), str("a"), str("x\"y\n")}) ==
          Value::string(R"({"a":"x\"y\n"})"));
    CHECK(f.call("JSON_ARRAY", {sym("ABSENT_ON_NULL")}) == Value::string("[]"));
    CHECK(f.call("JSON_ARRAY", {sym("ABSENT_ON_NULL"), typed(Value::integer(1), DataType::integer()),
                                str("2")}) == Value::string(R"([1,"2"])"));
    CHECK(f.call("JSON_ARRAY", {sym("NULL_ON_NULL"), nullOf(DataType::string())}) == Value::string("[null]"));
    CHECK(f.call("JSON_ARRAY", {sym("ABSENT_ON_NULL"), nullOf(DataType::string())}) == Value::string("[]"));

    auto jsonString = [&](Value v, DataType t) {
        return f.call("JSON_STRING", {typed(std::move(v), std::move(t))});
    };
    CHECK(jsonString(Value::null(), DataType::integer()).isNull());
    CHECK(jsonString(Value::integer(1), DataType::integer()) == Value::string("1"));
    CHECK(jsonString(Value::boolean(true), DataType::boolean()) == Value::string("true"));
    CHECK(jsonString(Value::string("Hello, World!"), DataType::string()) ==
          Value::string("\"Hello, World!\""));
    CHECK(jsonString(Value::list({Value::integer(1), Value::integer(2)}),
                     DataType::array(DataType::integer())) == Value::string("[1,2]"));
    CHECK(jsonString(Value::real(1.23), DataType::doubleType()) == Value::string("1.23"));
    CHECK(jsonString(Value::real(1e10), DataType::doubleType()) == Value::string("1.0E+10"));
    CHECK(jsonString(Value::decimal(123), DataType::decimal(3, 2)) == Value::string("1.23"));
    // 1990-06-02T13:37:42.001 (JsonFunctionsITCase)
    int64_t micros = 644333862001000LL;
    CHECK(jsonString(Value::integer(micros), DataType::timestamp(3)) ==
          Value::string("\"1990-06-02T13:37:42.001\""));
    CHECK(jsonString(Value::integer(micros), DataType::timestampLtz(3)) ==
          Value::string("\"1990-06-02T13:37:42.001Z\""));
    CHECK(jsonString(Value::string("Test"), DataType::bytes()) == Value::string("\"VGVzdA==\""));
    DataType row = DataType::row({"f1", "f0"}, {DataType::string(), DataType::integer()});
    CHECK(jsonString(Value::list({Value::string("R1"), Value::integer(7)}), row) ==
          Value::string(R"({"f0":7,"f1":"R1"})"));
    DataType map = DataType::map(DataType::string(), DataType::integer());
    CHECK(jsonString(
              Value::list({Value::string("M2"), Value::integer(2), Value::string("M1"), Value::integer(1)}),
              map) == Value::string(R"({"M1":1,"M2":2})"));
}
