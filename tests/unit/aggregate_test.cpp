#include <catch2/catch.hpp>

#include "common/value_format.h"
#include "functions/aggregate_registry.h"
#include "functions/builtin_functions.h"

using namespace sluice;
using namespace sluice::functions;

namespace {

struct Agg {
    ResolvedAggregate resolved;
    std::unique_ptr<AccumulatorState> state;

    Agg(const std::string& name, std::vector<ArgInfo> args, AggregateCallOptions opts = {},
        size_t groups = 2) {
        FunctionRegistry registry;
        registerBuiltinFunctions(registry);
        const AggregateFunction* fn = registry.aggregates().find(name);
        REQUIRE(fn);
        auto r = fn->resolve(args, opts);
        REQUIRE(r);
        resolved = *r;
        state = resolved.kernel->createState();
        state->resize(groups);
    }
    void update(const std::vector<Vector>& args, std::vector<uint32_t> groups) {
        resolved.kernel->update(args, groups.data(), groups.size(), *state);
    }
    void retract(const std::vector<Vector>& args, std::vector<uint32_t> groups) {
        resolved.kernel->retract(args, groups.data(), groups.size(), *state);
    }
    // Results of every group as text ("NULL" for null).
    std::vector<std::string> results(const AccumulatorState* s = nullptr) const {
        const AccumulatorState& st = s ? *s : *state;
        std::vector<uint32_t> groups;
        for (uint32_t g = 0; g < st.size(); ++g) groups.push_back(g);
        Vector out(resolved.returnType);
        resolved.kernel->finalize(st, groups.data(), groups.size(), out);
        std::vector<std::string> text;
        for (size_t i = 0; i < out.size(); ++i)
            text.push_back(out.isNull(i) ? "NULL" : valueText(out, i, TimeZone::utc()));
        return text;
    }
    // A copy of the state through serialize/deserialize.
    std::unique_ptr<AccumulatorState> roundTrip() const {
        auto copy = resolved.kernel->createState();
        copy->resize(state->size());
        for (size_t g = 0; g < state->size(); ++g) {
            std::string bytes;
            state->serialize(g, bytes);
            std::string_view in(bytes);
            copy->deserialize(g, in);
            CHECK(in.empty());
        }
        return copy;
    }
};

ArgInfo arg(DataType t) {
    return ArgInfo{std::move(t), {}, {}};
}

Vector ints(std::vector<std::optional<int32_t>> values) {
    Vector v(DataType::integer());
    for (auto x : values) x ? v.append<int32_t>(*x) : v.appendNull();
    return v;
}

Vector strings(std::vector<std::optional<std::string>> values) {
    Vector v(DataType::string());
    for (auto& x : values) x ? v.appendString(*x) : v.appendNull();
    return v;
}

Vector decimals(int p, int s, std::vector<std::optional<int64_t>> unscaled) {
    Vector v(DataType::decimal(p, s));
    for (auto x : unscaled) x ? v.append<Int128>(*x) : v.appendNull();
    return v;
}

using Texts = std::vector<std::string>;

}  // namespace

TEST_CASE("COUNT(*), COUNT(x) and COUNT(DISTINCT x)", "[aggregate]") {
    AggregateCallOptions star;
    star.star = true;
    Agg all("COUNT", {}, star);
    all.update({}, {0, 0, 1});
    CHECK(all.results() == Texts{"2", "1"});
    CHECK(all.resolved.returnType.toString() == "BIGINT NOT NULL");

    Agg count("COUNT", {arg(DataType::integer())});
    count.update({ints({1, std::nullopt, 3, std::nullopt})}, {0, 0, 1, 1});
    CHECK(count.results() == Texts{"1", "1"});
    count.retract({ints({1})}, {0});
    CHECK(count.results() == Texts{"0", "1"});

    AggregateCallOptions distinct;
    distinct.distinct = true;
    Agg d("COUNT", {arg(DataType::integer())}, distinct);
    d.update({ints({1, 1, 2, std::nullopt, 5})}, {0, 0, 0, 0, 1});
    CHECK(d.results() == Texts{"2", "1"});
    d.retract({ints({1})}, {0});
    CHECK(d.results() == Texts{"2", "1"});  // 1 still carried by another row
    d.retract({ints({1})}, {0});
    CHECK(d.results() == Texts{"1", "1"});
    auto copy = d.roundTrip();
    CHECK(d.results(copy.get()) == Texts{"1", "1"});

    // merging two distinct states counts shared values once
    Agg other("COUNT", {arg(DataType::integer())}, distinct, 1);
    other.update({ints({2, 7})}, {0, 0});
    std::vector<uint32_t> targets{0};
    d.resolved.kernel->merge(*other.state, targets.data(), *d.state);
    CHECK(d.results() == Texts{"2", "1"});
}

TEST_CASE("SUM keeps the argument type, wraps like Java and is NULL without values", "[aggregate]") {
    Agg sum("SUM", {arg(DataType::integer())});
    CHECK(sum.resolved.returnType.toString() == "INT");
    sum.update({ints({2147483647, 1, std::nullopt})}, {0, 0, 1});
    CHECK(sum.results() == Texts{"-2147483648", "NULL"});
    sum.retract({ints({1})}, {0});
    CHECK(sum.results() == Texts{"2147483647", "NULL"});
    sum.retract({ints({2147483647})}, {0});
    CHECK(sum.results() == Texts{"NULL", "NULL"});  // SumWithRetract: NULL once the count is 0

    Agg dec("SUM", {arg(DataType::decimal(10, 2))});
    CHECK(dec.resolved.returnType.toString() == "DECIMAL(38, 2)");
    dec.update({decimals(10, 2, {150, 275, -5})}, {0, 0, 1});
    CHECK(dec.results() == Texts{"4.25", "-0.05"});
    auto copy = dec.roundTrip();
    Agg more("SUM", {arg(DataType::decimal(10, 2))});
    more.update({decimals(10, 2, {100})}, {1});
    std::vector<uint32_t> targets{0, 1};
    dec.resolved.kernel->merge(*more.state, targets.data(), *copy);
    CHECK(dec.results(copy.get()) == Texts{"4.25", "0.95"});
}

TEST_CASE("AVG: AVG(INT) is INT with Java division, AVG(DECIMAL) is DECIMAL(38, max(6, s))", "[aggregate]") {
    Agg avg("AVG", {arg(DataType::integer())});
    CHECK(avg.resolved.returnType.toString() == "INT");
    avg.update({ints({1, 2, -7, std::nullopt})}, {0, 0, 1, 1});
    CHECK(avg.results() == Texts{"1", "-7"});
    avg.retract({ints({1})}, {0});
    CHECK(avg.results() == Texts{"2", "-7"});

    Agg dec("AVG", {arg(DataType::decimal(10, 2))});
    CHECK(dec.resolved.returnType.toString() == "DECIMAL(38, 6)");
    dec.update({decimals(10, 2, {100, 200, 100, -100, -100})}, {0, 0, 0, 1, 1});
    CHECK(dec.results() == Texts{"1.333333", "-1.000000"});
    auto copy = dec.roundTrip();
    CHECK(dec.results(copy.get()) == Texts{"1.333333", "-1.000000"});

    Agg dbl("AVG", {arg(DataType::doubleType())});
    Vector d(DataType::doubleType());
    d.append<double>(1.0);
    d.append<double>(2.0);
    dbl.update({d}, {0, 0});
    CHECK(dbl.results() == Texts{"1.5", "NULL"});
}

TEST_CASE("MIN and MAX, with a multiset when retracting", "[aggregate]") {
    Agg mn("MIN", {arg(DataType::string())});
    mn.update({strings({"b", "a", std::nullopt, "c"})}, {0, 0, 1, 0});
    CHECK(mn.results() == Texts{"a", "NULL"});
    Agg mx("MAX", {arg(DataType::integer())});
    mx.update({ints({3, 9, -1})}, {0, 0, 1});
    CHECK(mx.results() == Texts{"9", "-1"});
    auto copy = mx.roundTrip();
    CHECK(mx.results(copy.get()) == Texts{"9", "-1"});

    AggregateCallOptions retracting;
    retracting.retraction = true;
    Agg rmax("MAX", {arg(DataType::integer())}, retracting);
    REQUIRE(rmax.resolved.kernel->supportsRetract());
    rmax.update({ints({3, 9, 9, -1})}, {0, 0, 0, 1});
    rmax.retract({ints({9})}, {0});
    CHECK(rmax.results() == Texts{"9", "-1"});
    rmax.retract({ints({9, -1})}, {0, 1});
    CHECK(rmax.results() == Texts{"3", "NULL"});
    auto rcopy = rmax.roundTrip();
    CHECK(rmax.results(rcopy.get()) == Texts{"3", "NULL"});
    CHECK_FALSE(mx.resolved.kernel->supportsRetract());
}

TEST_CASE("FIRST_VALUE and LAST_VALUE skip NULLs and merge in order", "[aggregate]") {
    Agg first("FIRST_VALUE", {arg(DataType::integer())});
    first.update({ints({std::nullopt, 4, 5})}, {0, 0, 0});
    Agg last("LAST_VALUE", {arg(DataType::integer())});
    last.update({ints({4, 5, std::nullopt})}, {0, 0, 0});
    CHECK(first.results() == Texts{"4", "NULL"});
    CHECK(last.results() == Texts{"5", "NULL"});

    Agg later("LAST_VALUE", {arg(DataType::integer())});
    later.update({ints({8, 9})}, {0, 1});
    std::vector<uint32_t> targets{0, 1};
    last.resolved.kernel->merge(*later.state, targets.data(), *last.state);
    CHECK(last.results() == Texts{"8", "9"});
    auto copy = first.roundTrip();
    CHECK(first.results(copy.get()) == Texts{"4", "NULL"});
}

TEST_CASE("LISTAGG joins non-NULL values with ',' or a literal separator", "[aggregate]") {
    Agg list("LISTAGG", {arg(DataType::string())});
    list.update({strings({"a", std::nullopt, "b", std::nullopt})}, {0, 0, 0, 1});
    CHECK(list.results() == Texts{"a,b", "NULL"});

    Agg sep("LISTAGG", {arg(DataType::string()), ArgInfo{DataType::string(), Value::string("; "), {}}});
    sep.update({strings({"x", "y"}), strings({"; ", "; "})}, {0, 0});
    Agg more("LISTAGG", {arg(DataType::string()), ArgInfo{DataType::string(), Value::string("; "), {}}});
    more.update({strings({"z"}), strings({"; "})}, {0});
    auto copy = sep.roundTrip();
    std::vector<uint32_t> targets{0, 1};
    sep.resolved.kernel->merge(*more.state, targets.data(), *copy);
    CHECK(sep.results(copy.get()) == Texts{"x; y; z", "NULL"});
}

TEST_CASE("Aggregates are listed by SHOW FUNCTIONS and reject wrong arguments", "[aggregate]") {
    FunctionRegistry registry;
    registerBuiltinFunctions(registry);
    auto names = registry.functionNames();
    CHECK(std::find(names.begin(), names.end(), "COUNT") != names.end());
    CHECK(std::find(names.begin(), names.end(), "LISTAGG") != names.end());
    CHECK_FALSE(registry.isPlanned("SUM"));
    CHECK_FALSE(registry.aggregates().find("SUM")->resolve({arg(DataType::string())}, {}));
}
