#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "common/time_util.h"
#include "common/types.h"
#include "common/vector.h"
#include "planner/table_options.h"

namespace sluice::connectors {

/// How datagen fills one column, read from its 'fields.<name>.*' options as Flink's
/// RandomGeneratorVisitor / SequenceGeneratorVisitor read them.
struct FieldSpec {
    enum class Kind { Random, Sequence, Now };
    std::string name;  // option path: "id", or "tags.element" for nested
    DataType type;
    Kind kind = Kind::Random;
    int64_t minInt = 0, maxInt = 0;
    double minDouble = 0, maxDouble = 0;
    int64_t maxPastMillis = 0;
    int length = 0;
    bool varLen = false;
    double nullRate = 0;
    int64_t start = 0, end = 0;       // sequence, inclusive
    std::vector<FieldSpec> children;  // ARRAY element, MAP key and value, ROW fields

    /// Reads the spec of column `name` of `type`, appending every option key it accepts to `allowedKeys`
    /// (keys not accepted by any field make the table's validation fail, as in Flink).
    static FieldSpec parse(const planner::TableOptions& options, const std::string& name,
                           const DataType& type, bool topLevel, std::vector<std::string>& allowedKeys);

    /// How many values of a sequence subtask `subtask` of `parallelism` emits (Flink's split: subtask i
    /// takes start+i, start+i+p, ...).
    int64_t sequenceCount(int subtask, int parallelism) const;
};

/// Generates the values of one column for one subtask.
class FieldGenerator {
public:
    FieldGenerator(const FieldSpec& spec, int subtask, int parallelism, TimeZone zone);
    /// Appends `n` values to `out`.
    void generate(Vector& out, size_t n);
    /// Continues after `rows` values already generated (a restored checkpoint).
    void skip(int64_t rows) { nextIndex_ += rows; }

private:
    Value randomValue(const FieldSpec& spec);
    bool nextIsNull(const FieldSpec& spec);
    std::string hexString(int length);
    std::string randomBytes(int length);
    int generatedLength(const FieldSpec& spec);
    int64_t nowMicros() const { return batchNowMicros_; }

    FieldSpec spec_;
    int subtask_;
    int parallelism_;
    TimeZone zone_;
    int64_t nextIndex_ = 0;  // sequence: values emitted so far
    std::mt19937_64 rng_;
    int64_t batchNowMicros_ = 0;  // the wall clock, read once per generate() call rather than per value
};

}  // namespace sluice::connectors
