#pragma once

#include <cstdint>
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

/// Columns of equal length plus each row's kind (empty = every row is an insert).
struct RecordBatch {
    std::vector<Vector> columns;
    std::vector<RowKind> rowKinds;
    size_t numRows = 0;

    RecordBatch() = default;
    explicit RecordBatch(const Schema& schema);
    RowKind kind(size_t i) const { return rowKinds.empty() ? RowKind::Insert : rowKinds[i]; }
    bool allInserts() const { return rowKinds.empty(); }
    /// The rows of `rows`, in that order.
    RecordBatch gather(const std::vector<uint32_t>& rows) const;
};

}  // namespace sluice
