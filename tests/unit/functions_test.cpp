#include <catch2/catch.hpp>

#include "common/error.h"
#include "common/value_format.h"
#include "functions/builtin_functions.h"
#include "functions/cast.h"
#include "functions/type_coercion.h"

using namespace sluice;
using namespace sluice::functions;

namespace {

struct Fixture {
    FunctionRegistry registry;
    EvalContext ctx;
    Fixture() { registerBuiltinFunctions(registry); }

    // Applies a binary operator to two one-column inputs (after the binder's implicit casts).
    Vector apply(const std::string& op, const Vector& a, const Vector& b, DataType* resultType = nullptr) {
        auto resolved = registry.find(op)->resolve({{a.type(), {}, {}}, {b.type(), {}, {}}});
        REQUIRE(resolved);
        std::vector<Vector> args;
        for (size_t i = 0; i < 2; ++i) {
            const Vector& in = i == 0 ? a : b;
            if (in.type().sameAs(resolved->argTypes[i])) {
                args.push_back(in);
            } else {
                Vector c(resolved->argTypes[i]);
                castVector(in, c, false, ctx, "");
                args.push_back(std::move(c));
            }
        }
        Vector out(resolved->returnType);
        resolved->kernel(args, a.size(), out, ctx);
        if (resultType) *resultType = resolved->returnType;
        return out;
    }
};

Vector ints(std::vector<int32_t> values) {
    Vector v(DataType::integer());
    for (auto x : values) v.append<int32_t>(x);
    return v;
}

Vector decimals(int p, int s, std::vector<int64_t> unscaled) {
    Vector v(DataType::decimal(p, s));
    for (auto x : unscaled) v.append<Int128>(x);
    return v;
}

}  // namespace

TEST_CASE("Integer arithmetic wraps like Java and fails on division by zero", "[functions]") {
    Fixture f;
    Vector r = f.apply("+", ints({2147483647, 1}), ints({1, 2}));
    CHECK(r.data<int32_t>()[0] == -2147483648);
    CHECK(r.data<int32_t>()[1] == 3);
    CHECK(f.apply("/", ints({7, -7}), ints({2, 2})).data<int32_t>()[1] == -3);
    CHECK_THROWS_AS(f.apply("/", ints({1}), ints({0})), ExecutionError);
    // A NULL divisor is no division.
    Vector nullDivisor(DataType::integer());
    nullDivisor.appendNull();
    CHECK(f.apply("/", ints({1}), nullDivisor).isNull(0));
}

TEST_CASE("DECIMAL arithmetic follows Flink's result types", "[functions][decimal]") {
    Fixture f;
    DataType t;
    // 1.10 + 2.205 = 3.305 as DECIMAL(5, 3)
    Vector sum = f.apply("+", decimals(3, 2, {110}), decimals(4, 3, {2205}), &t);
    CHECK(t.toString() == "DECIMAL(5, 3)");
    CHECK(sum.data<Int128>()[0] == 3305);
    // 1.5 * 2.25 = 3.375 as DECIMAL(6, 3): LogicalTypeMerging gives p1 + p2 + 1
    Vector product = f.apply("*", decimals(2, 1, {15}), decimals(3, 2, {225}), &t);
    CHECK(t.toString() == "DECIMAL(6, 3)");
    CHECK(product.data<Int128>()[0] == 3375);
    // 1 / 3 with DECIMAL(10, 0) operands: DECIMAL(21, 11) = 0.33333333333
    Vector q = f.apply("/", decimals(10, 0, {1}), decimals(10, 0, {3}), &t);
    CHECK(t.toString() == "DECIMAL(21, 11)");
    CHECK(q.data<Int128>()[0] == 33333333333);
    // INT + DECIMAL(5, 2): DECIMAL(13, 2)
    f.apply("+", ints({1}), decimals(5, 2, {150}), &t);
    CHECK(t.toString() == "DECIMAL(13, 2)");
    CHECK(decimalDivideType(DataType::decimal(38, 10), DataType::decimal(38, 10)).toString() ==
          "DECIMAL(38, 6)");
}

TEST_CASE("Comparisons and three-valued logic", "[functions]") {
    Fixture f;
    Vector a = ints({1, 2, 3});
    Vector b = ints({2, 2, 2});
    Vector lt = f.apply("<", a, b);
    CHECK(lt.data<uint8_t>()[0] == 1);
    CHECK(lt.data<uint8_t>()[2] == 0);

    Vector x(DataType::boolean()), y(DataType::boolean());
    // FALSE AND NULL = FALSE; TRUE AND NULL = NULL; TRUE OR NULL = TRUE; FALSE OR NULL = NULL
    x.append<uint8_t>(0);
    x.append<uint8_t>(1);
    y.appendNull();
    y.appendNull();
    Vector andR = f.apply("AND", x, y);
    CHECK((!andR.isNull(0) && andR.data<uint8_t>()[0] == 0));
    CHECK(andR.isNull(1));
    Vector orR = f.apply("OR", x, y);
    CHECK(orR.isNull(0));
    CHECK((!orR.isNull(1) && orR.data<uint8_t>()[1] == 1));
}

TEST_CASE("CAST between numbers and strings", "[functions][cast]") {
    Fixture f;
    Vector s(DataType::string());
    s.appendString(" 42 ");
    s.appendString("abc");
    Vector out(DataType::integer());
    CHECK_THROWS_WITH(castVector(s, out, false, f.ctx, "CAST(s AS INT)"),
                      Catch::Contains("Cannot cast 'abc'") && Catch::Contains("CAST(s AS INT)"));
    Vector tryOut(DataType::integer());
    castVector(s, tryOut, true, f.ctx, "");
    CHECK(tryOut.data<int32_t>()[0] == 42);
    CHECK(tryOut.isNull(1));

    Vector d(DataType::doubleType());
    d.append<double>(1.5);
    d.append<double>(3e9);
    Vector i(DataType::integer());
    castVector(d, i, false, f.ctx, "");
    CHECK(i.data<int32_t>()[0] == 1);
    CHECK(i.data<int32_t>()[1] == 2147483647);  // Java saturates

    Vector text(DataType::string());
    castVector(d, text, false, f.ctx, "");
    CHECK(text.stringAt(0) == "1.5");
    CHECK(text.stringAt(1) == "3.0E9");

    Vector dec(DataType::decimal(5, 2));
    Vector ds(DataType::string());
    ds.appendString("1.005");
    ds.appendString("12345.6");
    castVector(ds, dec, false, f.ctx, "");
    CHECK(dec.data<Int128>()[0] == 101);  // HALF_UP
    CHECK(dec.isNull(1));                 // overflow gives NULL
}

TEST_CASE("Implicit and explicit cast rules", "[functions][cast]") {
    CHECK(canCastImplicitly(DataType::integer(), DataType::bigint()));
    CHECK(!canCastImplicitly(DataType::bigint(), DataType::integer()));
    CHECK(canCastImplicitly(DataType::timestampLtz(3), DataType::timestamp(3)));
    CHECK(!canCastImplicitly(DataType::integer(), DataType::string()));
    CHECK(canCastExplicitly(DataType::integer(), DataType::string()));
    CHECK(!canCastExplicitly(DataType::date(), DataType::integer()));
    CHECK(commonType(DataType::charType(11), DataType::charType(2))->toString() == "VARCHAR(11)");
    CHECK(commonType(DataType::integer(), DataType::doubleType())->toString() == "DOUBLE");
}

TEST_CASE("Flink's casting table: boolean, temporal and numeric edges", "[functions][cast]") {
    CHECK(canCastExplicitly(DataType::integer(), DataType::boolean()));
    CHECK(!canCastExplicitly(DataType::decimal(2, 1), DataType::boolean()));  // INTEGER_NUMERIC only
    CHECK(!canCastExplicitly(DataType::integer(), DataType::timestamp(3)));
    CHECK(castNotAllowedReason(DataType::bigint(), DataType::timestampLtz(3)).find("TO_TIMESTAMP_LTZ") !=
          std::string::npos);
    CHECK(canCastImplicitly(DataType::timestamp(3), DataType::date()));
    CHECK(!canCastImplicitly(DataType::date(), DataType::timestamp(3)));
    CHECK(canCastImplicitly(DataType::doubleType(), DataType::decimal(10, 2)));
    CHECK(commonType(DataType::decimal(10, 2), DataType::floatType())->toString() == "DOUBLE");
    // Whole digits win over the scale: max(28, 36) whole digits leave 2 for the fraction.
    CHECK(commonType(DataType::decimal(38, 10), DataType::decimal(38, 2))->toString() == "DECIMAL(38, 2)");
    CHECK(commonType(DataType::decimal(38, 0), DataType::decimal(10, 5))->toString() == "DECIMAL(38, 0)");
}

TEST_CASE("DECIMAL arithmetic beyond 128-bit intermediates is exact", "[functions][decimal]") {
    Fixture f;
    DataType t;
    // 0.1 * 0.1 at DECIMAL(38, 37): the product of the unscaled values is 10^72.
    Int128 tenth = pow10i(36);
    Vector a(DataType::decimal(38, 37));
    a.append<Int128>(tenth);
    Vector p = f.apply("*", a, a, &t);
    CHECK(t.toString() == "DECIMAL(38, 35)");
    CHECK(decimalString(p.data<Int128>()[0], t.scale) == "0.01000000000000000000000000000000000");
    // DECIMAL(38, 8) + DECIMAL(32, 8) is DECIMAL(38, 7): the sum rounds HALF_UP.
    Vector x(DataType::decimal(38, 8)), y(DataType::decimal(32, 8));
    x.append<Int128>(15);  // 0.00000015
    y.append<Int128>(0);
    Vector sum = f.apply("+", x, y, &t);
    CHECK(t.toString() == "DECIMAL(38, 7)");
    CHECK(sum.data<Int128>()[0] == 2);
    // Past 38 digits: NULL.
    Vector big(DataType::decimal(38, 0));
    big.append<Int128>(pow10i(38) - 1);
    Vector one(DataType::decimal(1, 0));
    one.append<Int128>(1);
    CHECK(f.apply("+", big, one).isNull(0));
}

TEST_CASE("DOUBLE prints as Java's Double.toString", "[functions][format]") {
    CHECK(javaDoubleString(1.0E-5) == "1.0E-5");
    CHECK(javaDoubleString(100.0) == "100.0");
    CHECK(javaDoubleString(1.0E7) == "1.0E7");
    CHECK(javaDoubleString(9999999.0) == "9999999.0");
    CHECK(javaDoubleString(0.001) == "0.001");
    CHECK(javaDoubleString(-0.0) == "-0.0");
    CHECK(javaDoubleString(4.9E-324) == "4.9E-324");  // two digits at least, as JDK 19+
    CHECK(javaDoubleString(1.0E23) == "1.0E23");
    CHECK(javaFloatString(0.1f) == "0.1");
    CHECK(javaFloatString(1.17549435E-38f) == "1.1754944E-38");
}

TEST_CASE("DOUBLE to DECIMAL and ROUND use the decimal text, as BigDecimal.valueOf", "[functions][cast]") {
    Fixture f;
    Vector d(DataType::doubleType());
    d.append<double>(2.675);
    d.append<double>(-0.5);
    Vector dec(DataType::decimal(3, 2));
    castVector(d, dec, false, f.ctx, "");
    CHECK(dec.data<Int128>()[0] == 268);
    Vector back(DataType::doubleType());
    castVector(dec, back, false, f.ctx, "");
    CHECK(back.data<double>()[0] == 2.68);

    ArgInfo x{DataType::doubleType(), {}, {}};
    ArgInfo two{DataType::integer(), Value::integer(2), {}};
    auto round = f.registry.find("ROUND")->resolve({x, two});
    REQUIRE(round);
    Vector digits(DataType::integer());
    digits.append<int32_t>(2);
    digits.append<int32_t>(0);
    Vector out(round->returnType);
    round->kernel({d, digits}, 2, out, f.ctx);
    CHECK(out.data<double>()[0] == 2.68);
    CHECK(out.data<double>()[1] == -1.0);  // HALF_UP rounds away from zero
}

TEST_CASE("CASE computes a branch only for the rows that take it", "[functions][case]") {
    Fixture f;
    // CASE WHEN x = 0 THEN 0 ELSE 10 / x END over x = 0, 5
    auto bind = [&](const std::string& name, ExprPtr l, ExprPtr r) -> ExprPtr {
        auto resolved = f.registry.find(name)->resolve({{l->type(), {}, {}}, {r->type(), {}, {}}});
        REQUIRE(resolved);
        std::vector<ExprPtr> args;
        args.push_back(std::move(l));
        args.push_back(std::move(r));
        return std::make_unique<Call>(name, CallStyle::Infix, resolved->returnType, resolved->kernel,
                                      std::move(args));
    };
    DataType i32 = DataType::integer();
    auto lit = [&](int v) { return std::make_unique<Literal>(Value::integer(v), i32); };
    std::vector<ExprPtr> conds, results;
    conds.push_back(bind("=", std::make_unique<InputRef>(0, i32), lit(0)));
    results.push_back(lit(0));
    CaseWhen lazy(std::move(conds), std::move(results),
                  bind("/", lit(10), std::make_unique<InputRef>(0, i32)), i32);
    RecordBatch batch;
    batch.numRows = 2;
    batch.columns.push_back(ints({0, 5}));
    Vector r = lazy.evaluate(batch, f.ctx);
    CHECK(r.data<int32_t>()[0] == 0);
    CHECK(r.data<int32_t>()[1] == 2);

    // Cheap branches (the select path) give the same as the lazy path: WHEN x > 1 THEN x ELSE NULL.
    std::vector<ExprPtr> c2, r2;
    c2.push_back(bind(">", std::make_unique<InputRef>(0, i32), lit(1)));
    r2.push_back(std::make_unique<InputRef>(0, i32));
    CaseWhen cheap(std::move(c2), std::move(r2), nullptr, i32);
    Vector s = cheap.evaluate(batch, f.ctx);
    CHECK(s.isNull(0));
    CHECK(s.data<int32_t>()[1] == 5);
}
