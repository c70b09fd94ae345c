// COUNT, SUM, AVG, MIN, MAX, FIRST_VALUE, LAST_VALUE and LISTAGG with Flink's result types
// (LogicalTypeMerging.findSumAggType / findAvgAggType) and NULL behaviour: NULL arguments are
// skipped, and every result but COUNT's is NULL for a group without a non-NULL value.
#include <fmt/format.h>

#include <map>
#include <type_traits>

#include "common/error.h"
#include "functions/aggregate/accumulator_io.h"
#include "functions/aggregate_registry.h"
#include "functions/scalar/kernel_util.h"
#include "functions/type_coercion.h"

namespace sluice::functions {

namespace {

/// Slots of a plain accumulator type Acc, which provides write(out) and read(in).
template <class Acc>
class Slots : public AccumulatorState {
public:
    size_t size() const override { return slots.size(); }
    void resize(size_t groups) override { slots.resize(groups); }
    void reset(size_t group) override { slots[group] = Acc{}; }
    void serialize(size_t group, std::string& out) const override { slots[group].write(out); }
    void deserialize(size_t group, std::string_view& in) override { slots[group].read(in); }
    std::vector<Acc> slots;
};

template <class Acc>
std::vector<Acc>& slotsOf(AccumulatorState& s) {
    return static_cast<Slots<Acc>&>(s).slots;
}
template <class Acc>
const std::vector<Acc>& slotsOf(const AccumulatorState& s) {
    return static_cast<const Slots<Acc>&>(s).slots;
}

/// Common skeleton: createState and merge-by-slot for an accumulator type with merge(other).
template <class Acc>
class SlotKernel : public AggregateKernel {
public:
    std::unique_ptr<AccumulatorState> createState() const override { return std::make_unique<Slots<Acc>>(); }
    void merge(const AccumulatorState& from, const uint32_t* targets, AccumulatorState& into) const override {
        const auto& src = slotsOf<Acc>(from);
        auto& dst = slotsOf<Acc>(into);
        for (size_t g = 0; g < src.size(); ++g) mergeInto(src[g], dst[targets[g]]);
    }

protected:
    virtual void mergeInto(const Acc& from, Acc& into) const = 0;
};

// Wrapping arithmetic of Java's int/long, plain for floating point.
template <class T>
T addWrap(T a, T b) {
    if constexpr (std::is_integral_v<T>)
        return static_cast<T>(static_cast<std::make_unsigned_t<T>>(a) +
                              static_cast<std::make_unsigned_t<T>>(b));
    else
        return a + b;
}
template <class T>
T subWrap(T a, T b) {
    if constexpr (std::is_integral_v<T>)
        return static_cast<T>(static_cast<std::make_unsigned_t<T>>(a) -
                              static_cast<std::make_unsigned_t<T>>(b));
    else
        return a - b;
}

// ---------------------------------------------------------------- COUNT

struct CountAcc {
    int64_t count = 0;
    void write(std::string& out) const { aggio::put(out, count); }
    void read(std::string_view& in) { count = aggio::get<int64_t>(in); }
};

class CountKernel : public SlotKernel<CountAcc> {
public:
    explicit CountKernel(bool star) : star_(star) {}
    void update(const std::vector<Vector>& args, const uint32_t* g, size_t rows,
                AccumulatorState& s) const override {
        add(args, g, rows, s, 1);
    }
    bool supportsRetract() const override { return true; }
    void retract(const std::vector<Vector>& args, const uint32_t* g, size_t rows,
                 AccumulatorState& s) const override {
        add(args, g, rows, s, -1);
    }
    void finalize(const AccumulatorState& s, const uint32_t* groups, size_t n, Vector& out) const override {
        const auto& slots = slotsOf<CountAcc>(s);
        for (size_t i = 0; i < n; ++i) out.append<int64_t>(slots[groups[i]].count);
    }

protected:
    void mergeInto(const CountAcc& from, CountAcc& into) const override { into.count += from.count; }

private:
    void add(const std::vector<Vector>& args, const uint32_t* g, size_t rows, AccumulatorState& s,
             int64_t d) const {
        auto& slots = slotsOf<CountAcc>(s);
        const uint8_t* nulls = star_ || args.empty() ? nullptr : args[0].nulls();
        for (size_t i = 0; i < rows; ++i)
            if (!nulls || !nulls[i]) slots[g[i]].count += d;
    }
    bool star_;
};

// ---------------------------------------------------------------- SUM and AVG

// Sum in S of values of T, with the count of values (NULL when zero, and retraction).
template <class S>
struct SumAcc {
    S sum{};
    int64_t count = 0;
    bool overflow = false;  // DECIMAL beyond 38 digits: NULL, as Flink's DecimalData
    void write(std::string& out) const {
        aggio::put(out, sum);
        aggio::put(out, count);
        aggio::put(out, overflow);
    }
    void read(std::string_view& in) {
        sum = aggio::get<S>(in);
        count = aggio::get<int64_t>(in);
        overflow = aggio::get<bool>(in);
    }
};

enum class SumKind { Sum, Avg };

// T: the argument's physical type; S: the sum's. SUM returns T (DECIMAL(38, s)); AVG divides.
template <class T, class S>
class SumKernel : public SlotKernel<SumAcc<S>> {
public:
    using Acc = SumAcc<S>;
    SumKernel(SumKind kind, DataType arg, DataType result)
        : kind_(kind), arg_(std::move(arg)), result_(result) {}

    void update(const std::vector<Vector>& args, const uint32_t* g, size_t rows,
                AccumulatorState& s) const override {
        add(args[0], g, rows, s, false);
    }
    bool supportsRetract() const override { return true; }
    void retract(const std::vector<Vector>& args, const uint32_t* g, size_t rows,
                 AccumulatorState& s) const override {
        add(args[0], g, rows, s, true);
    }
    void finalize(const AccumulatorState& s, const uint32_t* groups, size_t n, Vector& out) const override {
        const auto& slots = slotsOf<Acc>(s);
        for (size_t i = 0; i < n; ++i) {
            const Acc& a = slots[groups[i]];
            if (a.count == 0 || a.overflow) {
                out.appendNull();
                continue;
            }
            if (kind_ == SumKind::Sum) {
                if constexpr (std::is_same_v<S, Int128>) {
                    out.append<Int128>(a.sum);
                } else {
                    out.append<T>(static_cast<T>(a.sum));
                }
                continue;
            }
            if constexpr (std::is_same_v<S, Int128>) {
                // sum / count at the result scale, HALF_UP, without leaving 128 bits.
                int k = result_.scale - arg_.scale;
                Int128 q = a.sum / a.count, r = a.sum % a.count;
                Int128 frac = r * pow10i(k);
                Int128 fq = frac / a.count, fr = frac % a.count;
                Int128 absFr = fr < 0 ? -fr : fr;
                if (absFr * 2 >= a.count) fq += a.sum < 0 ? -1 : 1;
                Int128 v;
                if (__builtin_mul_overflow(q, pow10i(k), &v) || __builtin_add_overflow(v, fq, &v) ||
                    v >= pow10i(38) || v <= -pow10i(38))
                    out.appendNull();
                else
                    out.append<Int128>(v);
            } else if constexpr (std::is_integral_v<S>) {
                out.append<T>(static_cast<T>(a.sum / a.count));  // Java long division truncates
            } else {
                out.append<T>(static_cast<T>(a.sum / static_cast<double>(a.count)));
            }
        }
    }

protected:
    void mergeInto(const Acc& from, Acc& into) const override {
        into.count += from.count;
        into.overflow |= from.overflow;
        combine(into, from.sum, false);
    }

private:
    void combine(Acc& a, S v, bool negate) const {
        if constexpr (std::is_same_v<S, Int128>) {
            Int128 r;
            bool o = negate ? __builtin_sub_overflow(a.sum, v, &r) : __builtin_add_overflow(a.sum, v, &r);
            if (o || r >= pow10i(38) || r <= -pow10i(38)) a.overflow = true;
            a.sum = r;
        } else {
            a.sum = negate ? subWrap<S>(a.sum, v) : addWrap<S>(a.sum, v);
        }
    }
    void add(const Vector& in, const uint32_t* g, size_t rows, AccumulatorState& s, bool negate) const {
        auto& slots = slotsOf<Acc>(s);
        const T* x = in.data<T>();
        const uint8_t* nulls = in.nulls();
        for (size_t i = 0; i < rows; ++i) {
            if (nulls && nulls[i]) continue;
            Acc& a = slots[g[i]];
            combine(a, static_cast<S>(x[i]), negate);
            a.count += negate ? -1 : 1;
        }
    }

    SumKind kind_;
    DataType arg_;
    DataType result_;
};

// ---------------------------------------------------------------- MIN, MAX, FIRST_VALUE, LAST_VALUE

enum class PickKind { Min, Max, First, Last };

template <class T>
struct PickAcc {
    T value{};
    bool has = false;
    void write(std::string& out) const {
        aggio::put(out, has);
        if (has) aggio::put(out, value);
    }
    void read(std::string_view& in) {
        has = aggio::get<bool>(in);
        value = has ? aggio::get<T>(in) : T{};
    }
};

template <class T>
class PickKernel : public SlotKernel<PickAcc<T>> {
public:
    using Acc = PickAcc<T>;
    explicit PickKernel(PickKind kind) : kind_(kind) {}

    void update(const std::vector<Vector>& args, const uint32_t* g, size_t rows,
                AccumulatorState& s) const override {
        auto& slots = slotsOf<Acc>(s);
        const Vector& in = args[0];
        for (size_t i = 0; i < rows; ++i) {
            if (in.isNull(i)) continue;
            Acc& a = slots[g[i]];
            if (kind_ == PickKind::First && a.has) continue;
            if constexpr (std::is_same_v<T, std::string>) {
                std::string_view v = in.stringAt(i);
                if (!a.has || kind_ == PickKind::Last || (kind_ == PickKind::Min ? v < a.value : v > a.value))
                    a.value.assign(v);
            } else {
                T v = in.data<T>()[i];
                if (!a.has || kind_ == PickKind::Last || (kind_ == PickKind::Min ? v < a.value : v > a.value))
                    a.value = v;
            }
            a.has = true;
        }
    }
    void finalize(const AccumulatorState& s, const uint32_t* groups, size_t n, Vector& out) const override {
        const auto& slots = slotsOf<Acc>(s);
        for (size_t i = 0; i < n; ++i) {
            const Acc& a = slots[groups[i]];
            if (a.has)
                aggio::append(out, a.value);
            else
                out.appendNull();
        }
    }

protected:
    // `from` holds rows that came after `into`'s (FIRST keeps into's, LAST takes from's).
    void mergeInto(const Acc& from, Acc& into) const override {
        if (!from.has) return;
        bool take = !into.has || kind_ == PickKind::Last ||
                    (kind_ == PickKind::Min && from.value < into.value) ||
                    (kind_ == PickKind::Max && from.value > into.value);
        if (take) into = from;
    }

private:
    PickKind kind_;
};

// MIN/MAX over an updating input: the multiset of values with their counts (Flink's
// MinWithRetractAggFunction keeps the same in a MapView).
template <class T>
struct MultisetAcc {
    std::map<T, int64_t> values;
    void write(std::string& out) const {
        aggio::put<uint32_t>(out, static_cast<uint32_t>(values.size()));
        for (const auto& [v, c] : values) {
            aggio::put(out, v);
            aggio::put(out, c);
        }
    }
    void read(std::string_view& in) {
        values.clear();
        uint32_t n = aggio::get<uint32_t>(in);
        for (uint32_t i = 0; i < n; ++i) {
            T v = aggio::get<T>(in);
            values[v] = aggio::get<int64_t>(in);
        }
    }
};

template <class T>
class RetractMinMaxKernel : public SlotKernel<MultisetAcc<T>> {
public:
    using Acc = MultisetAcc<T>;
    explicit RetractMinMaxKernel(bool min) : min_(min) {}
    void update(const std::vector<Vector>& args, const uint32_t* g, size_t rows,
                AccumulatorState& s) const override {
        auto& slots = slotsOf<Acc>(s);
        for (size_t i = 0; i < rows; ++i)
            if (!args[0].isNull(i)) ++slots[g[i]].values[aggio::at<T>(args[0], i)];
    }
    bool supportsRetract() const override { return true; }
    void retract(const std::vector<Vector>& args, const uint32_t* g, size_t rows,
                 AccumulatorState& s) const override {
        auto& slots = slotsOf<Acc>(s);
        for (size_t i = 0; i < rows; ++i) {
            if (args[0].isNull(i)) continue;
            auto& m = slots[g[i]].values;
            auto it = m.find(aggio::at<T>(args[0], i));
            if (it != m.end() && --it->second == 0) m.erase(it);
        }
    }
    void finalize(const AccumulatorState& s, const uint32_t* groups, size_t n, Vector& out) const override {
        const auto& slots = slotsOf<Acc>(s);
        for (size_t i = 0; i < n; ++i) {
            const auto& m = slots[groups[i]].values;
            if (m.empty())
                out.appendNull();
            else
                aggio::append(out, min_ ? m.begin()->first : m.rbegin()->first);
        }
    }

protected:
    void mergeInto(const Acc& from, Acc& into) const override {
        for (const auto& [v, c] : from.values) into.values[v] += c;
    }

private:
    bool min_;
};

// ---------------------------------------------------------------- LISTAGG

struct ListAggAcc {
    std::string text;
    bool has = false;
    void write(std::string& out) const {
        aggio::put(out, has);
        aggio::put(out, text);
    }
    void read(std::string_view& in) {
        has = aggio::get<bool>(in);
        text = aggio::get<std::string>(in);
    }
};

class ListAggKernel : public SlotKernel<ListAggAcc> {
public:
    explicit ListAggKernel(std::string separator) : sep_(std::move(separator)) {}
    void update(const std::vector<Vector>& args, const uint32_t* g, size_t rows,
                AccumulatorState& s) const override {
        auto& slots = slotsOf<ListAggAcc>(s);
        for (size_t i = 0; i < rows; ++i) {
            if (args[0].isNull(i)) continue;
            ListAggAcc& a = slots[g[i]];
            if (a.has) a.text += sep_;
            a.text += args[0].stringAt(i);
            a.has = true;
        }
    }
    void finalize(const AccumulatorState& s, const uint32_t* groups, size_t n, Vector& out) const override {
        const auto& slots = slotsOf<ListAggAcc>(s);
        for (size_t i = 0; i < n; ++i) {
            if (slots[groups[i]].has)
                out.appendString(slots[groups[i]].text);
            else
                out.appendNull();
        }
    }

protected:
    void mergeInto(const ListAggAcc& from, ListAggAcc& into) const override {
        if (!from.has) return;
        if (into.has) into.text += sep_;
        into.text += from.text;
        into.has = true;
    }

private:
    std::string sep_;
};

// ---------------------------------------------------------------- resolvers

// Calls f(T{}) with T the physical type of a comparable scalar type (std::string for text).
template <class F>
bool dispatchComparable(const DataType& t, F&& f) {
    if (t.isString() || t.isBinary()) {
        f(std::string{});
        return true;
    }
    if (t.isNested() || t.id == TypeId::Null) return false;
    dispatchFixed(t.id, f);
    return true;
}

std::optional<DataType> singleArg(const std::vector<ArgInfo>& args) {
    if (args.size() != 1) return std::nullopt;
    return args[0].type;
}

ResolvedAggregate finish(DataType result, std::vector<DataType> argTypes,
                         std::shared_ptr<const AggregateKernel> k, const AggregateCallOptions& opts) {
    if (opts.distinct && !argTypes.empty()) k = makeDistinct(std::move(k), argTypes[0]);
    return ResolvedAggregate{std::move(result), std::move(argTypes), std::move(k)};
}

std::optional<ResolvedAggregate> resolveCount(const std::vector<ArgInfo>& args,
                                              const AggregateCallOptions& opts) {
    DataType result = DataType::bigint().withNullable(false);
    if (opts.star || args.empty()) return ResolvedAggregate{result, {}, std::make_shared<CountKernel>(true)};
    if (args.size() != 1) return std::nullopt;  // COUNT(DISTINCT a, b) is not supported yet
    DataType t = args[0].type.id == TypeId::Null ? DataType::integer() : args[0].type;
    return finish(result, {t}, std::make_shared<CountKernel>(false), opts);
}

std::optional<ResolvedAggregate> resolveSumAvg(const std::vector<ArgInfo>& args,
                                               const AggregateCallOptions& opts, SumKind kind) {
    auto t = singleArg(args);
    if (!t || !t->isNumeric()) return std::nullopt;
    DataType arg = *t;
    DataType result = arg;  // SUM(INT) = INT, AVG(INT) = INT (LogicalTypeMerging)
    if (arg.id == TypeId::Decimal)
        result = kind == SumKind::Sum
                     ? DataType::decimal(38, arg.scale)
                     : decimalDivideType(DataType::decimal(38, arg.scale), DataType::decimal(20, 0));
    result = result.withNullable(true);
    std::shared_ptr<const AggregateKernel> k;
    dispatchFixed(arg.id, [&](auto tag) {
        using T = decltype(tag);
        if constexpr (std::is_same_v<T, Int128>)
            k = std::make_shared<SumKernel<T, Int128>>(kind, arg, result);
        else if constexpr (std::is_floating_point_v<T>)
            // FLOAT sums in FLOAT for SUM, in DOUBLE for AVG (Flink's FloatAvgAggFunction).
            k = kind == SumKind::Sum ? std::shared_ptr<const AggregateKernel>(
                                           std::make_shared<SumKernel<T, T>>(kind, arg, result))
                                     : std::make_shared<SumKernel<T, double>>(kind, arg, result);
        else if constexpr (!std::is_same_v<T, uint8_t>)
            // Integer SUM wraps in its own type; AVG sums in BIGINT.
            k = kind == SumKind::Sum ? std::shared_ptr<const AggregateKernel>(
                                           std::make_shared<SumKernel<T, T>>(kind, arg, result))
                                     : std::make_shared<SumKernel<T, int64_t>>(kind, arg, result);
    });
    if (!k) return std::nullopt;
    return finish(result, {arg}, k, opts);
}

std::optional<ResolvedAggregate> resolvePick(const std::vector<ArgInfo>& args,
                                             const AggregateCallOptions& opts, PickKind kind) {
    auto t = singleArg(args);
    if (!t) return std::nullopt;
    std::shared_ptr<const AggregateKernel> k;
    bool retractMinMax = opts.retraction && (kind == PickKind::Min || kind == PickKind::Max);
    if (opts.retraction && !retractMinMax)
        throw NotSupportedError(fmt::format("not supported yet: {} over an updating input",
                                            kind == PickKind::First ? "FIRST_VALUE" : "LAST_VALUE"));
    bool ok = dispatchComparable(*t, [&](auto tag) {
        using T = decltype(tag);
        if (retractMinMax)
            k = std::make_shared<RetractMinMaxKernel<T>>(kind == PickKind::Min);
        else
            k = std::make_shared<PickKernel<T>>(kind);
    });
    if (!ok) return std::nullopt;
    return finish(t->withNullable(true), {*t}, k, opts);
}

std::optional<ResolvedAggregate> resolveListAgg(const std::vector<ArgInfo>& args,
                                                const AggregateCallOptions& opts) {
    if (args.empty() || args.size() > 2) return std::nullopt;
    if (!args[0].type.isString() && args[0].type.id != TypeId::Null) return std::nullopt;
    std::string sep = ",";
    if (args.size() == 2) {
        // Flink requires the separator to be a literal.
        if (!args[1].type.isString() || !args[1].constant)
            throw ValidationError(
                "Supported form(s): LISTAGG(<CHARACTER_STRING>, <CHARACTER_STRING literal>)");
        if (args[1].constant->isNull()) return std::nullopt;
        sep = args[1].constant->asString();
    }
    if (opts.retraction) throw NotSupportedError("not supported yet: LISTAGG over an updating input");
    std::vector<DataType> types{DataType::string().withNullable(args[0].type.nullable)};
    if (args.size() == 2) types.push_back(args[1].type);
    return finish(DataType::string().withNullable(true), types, std::make_shared<ListAggKernel>(sep), opts);
}

AggregateFunction aggregate(const std::string& name, std::vector<std::string> signatures,
                            AggregateResolver r) {
    return AggregateFunction{name, std::move(signatures), std::move(r)};
}

}  // namespace

void registerBuiltinAggregates(AggregateRegistry& registry) {
    registry.add(aggregate("COUNT", {"COUNT(*)", "COUNT([DISTINCT] <ANY>)"}, resolveCount));
    registry.add(aggregate("SUM", {"SUM([DISTINCT] <NUMERIC>)"},
                           [](const auto& a, const auto& o) { return resolveSumAvg(a, o, SumKind::Sum); }));
    registry.add(aggregate("AVG", {"AVG([DISTINCT] <NUMERIC>)"},
                           [](const auto& a, const auto& o) { return resolveSumAvg(a, o, SumKind::Avg); }));
    registry.add(aggregate("MIN", {"MIN(<COMPARABLE>)"},
                           [](const auto& a, const auto& o) { return resolvePick(a, o, PickKind::Min); }));
    registry.add(aggregate("MAX", {"MAX(<COMPARABLE>)"},
                           [](const auto& a, const auto& o) { return resolvePick(a, o, PickKind::Max); }));
    registry.add(aggregate("FIRST_VALUE", {"FIRST_VALUE(<ANY>)"},
                           [](const auto& a, const auto& o) { return resolvePick(a, o, PickKind::First); }));
    registry.add(aggregate("LAST_VALUE", {"LAST_VALUE(<ANY>)"},
                           [](const auto& a, const auto& o) { return resolvePick(a, o, PickKind::Last); }));
    registry.add(
        aggregate("LISTAGG", {"LISTAGG(<STRING>)", "LISTAGG(<STRING>, <STRING literal>)"}, resolveListAgg));
}

}  // namespace sluice::functions
