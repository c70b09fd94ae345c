#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/types.h"
#include "common/vector.h"

namespace sluice {

/// Flink's RowKind: a changelog entry.
enum class RowKind : uint8_t { Insert, UpdateBefore, UpdateAfter, Delete };

/// "+I", "-U", "+U", "-D".
const char* rowKindShortString(RowKind k);

struct Field {
    std::string name;
    DataType type;
};

struct Schema {
    std::vector<Field> fields;

    size_t size() const { return fields.size(); }
    /// Index of the field with this exact name, or -1.
    int indexOf(const std::string& name) const;
    std::vector<DataType> types() const;
};

/// Where each row of a batch came from, for run-time error messages: a file and a line per row,
/// or a Kafka partition and an offset per row. A batch never spans two sources.
struct RowOrigins {
    enum class Unit { Line, Offset };
    std::string source;  // "/data/rides.csv" or "topic 'rides', partition 0"
    Unit unit = Unit::Line;
    std::vector<int64_t> positions;  // one per row

    /// "/data/rides.csv:12" or "topic 'rides', partition 0, offset 42".
    std::string describe(size_t row) const;
    /// The span of the whole batch: "/data/rides.csv:3-40".
    std::string describeAll() const;
};

/// Columns of equal length plus each row's kind (empty = every row is an insert).
struct RecordBatch {
    std::vector<Vector> columns;
    std::vector<RowKind> rowKinds;
    size_t numRows = 0;
    /// Set by sources that know positions (files, Kafka); kept through filters and projections.
    std::shared_ptr<const RowOrigins> origins;

    RecordBatch() = default;
    explicit RecordBatch(const Schema& schema);
    RowKind kind(size_t i) const { return rowKinds.empty() ? RowKind::Insert : rowKinds[i]; }
    bool allInserts() const { return rowKinds.empty(); }
    /// The rows of `rows`, in that order.
    RecordBatch gather(const std::vector<uint32_t>& rows) const;
};

}  // namespace sluice
