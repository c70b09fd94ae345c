#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/types.h"
#include "common/vector.h"
#include "functions/function_registry.h"

namespace sluice::functions {

/// The accumulators of one aggregate call for many groups: slot g belongs to group g. Operators
/// own one state per aggregate call (per key range, per window...) and grow it as groups appear.
class AccumulatorState {
public:
    virtual ~AccumulatorState() = default;
    virtual size_t size() const = 0;
    /// Grows or shrinks to `groups` slots; new slots hold the empty accumulator.
    virtual void resize(size_t groups) = 0;
    /// Resets slot g to the empty accumulator (a fired window, a purged key).
    virtual void reset(size_t group) = 0;
    /// Appends slot g's accumulator as bytes (checkpoints), and reads one back into slot g,
    /// consuming its bytes from the front of `in`. Throws on malformed input.
    virtual void serialize(size_t group, std::string& out) const = 0;
    virtual void deserialize(size_t group, std::string_view& in) = 0;
};

/// One aggregate resolved for concrete argument types. Vectorized: every call takes a whole batch
/// column with, per row, the slot of its group. Rows whose argument is NULL are skipped as Flink's
/// aggregate functions do (COUNT(*) has no argument and counts every row).
class AggregateKernel {
public:
    virtual ~AggregateKernel() = default;

    virtual std::unique_ptr<AccumulatorState> createState() const = 0;
    /// Accumulates rows [0, rows) of `args` (one vector per argument; none for COUNT(*)) into the
    /// slots groupIds[i]; the state must already have those slots.
    virtual void update(const std::vector<Vector>& args, const uint32_t* groupIds, size_t rows,
                        AccumulatorState& state) const = 0;
    /// Whether retract() works: COUNT, SUM, AVG always; MIN/MAX when resolved with retraction (they
    /// then keep a multiset of the values, as Flink's MinWithRetractAggFunction keeps a MapView).
    virtual bool supportsRetract() const { return false; }
    /// Removes rows previously accumulated (-U / -D input).
    virtual void retract(const std::vector<Vector>& args, const uint32_t* groupIds, size_t rows,
                         AccumulatorState& state) const;
    /// Merges slot i of `from` into slot targets[i] of `into`, for every slot of `from`
    /// (two-phase aggregation, session window merges).
    virtual void merge(const AccumulatorState& from, const uint32_t* targets,
                       AccumulatorState& into) const = 0;
    /// Appends the result of slots groups[0..count) to `out` (typed as the return type).
    virtual void finalize(const AccumulatorState& state, const uint32_t* groups, size_t count,
                          Vector& out) const = 0;
};

/// An aggregate call resolved at plan time: the binder casts each argument to argTypes[i].
struct ResolvedAggregate {
    DataType returnType;
    std::vector<DataType> argTypes;
    std::shared_ptr<const AggregateKernel> kernel;
};

/// How an aggregate is called: COUNT(DISTINCT x), and whether its input may retract (an updating
/// input needs the retracting variant of MIN/MAX/...).
struct AggregateCallOptions {
    bool distinct = false;
    bool retraction = false;
    /// COUNT(*): no argument, every row counts.
    bool star = false;
};

using AggregateResolver = std::function<std::optional<ResolvedAggregate>(const std::vector<ArgInfo>& args,
                                                                         const AggregateCallOptions&)>;

/// A built-in aggregate function: its name, signatures for error messages, and resolver.
struct AggregateFunction {
    std::string name;
    std::vector<std::string> signatures;
    AggregateResolver resolve;
};

/// Wraps `inner` so that it sees each distinct argument value of a group once (COUNT(DISTINCT x),
/// SUM(DISTINCT x)): a per-group map from value to its count, which also makes it retractable.
/// `argType` is the (single) argument's type.
std::shared_ptr<const AggregateKernel> makeDistinct(std::shared_ptr<const AggregateKernel> inner,
                                                    DataType argType);

}  // namespace sluice::functions
