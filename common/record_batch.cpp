#include "common/record_batch.h"

namespace sluice {

const char* rowKindShortString(RowKind k) {
    switch (k) {
        case RowKind::Insert:
            return "+I";
        case RowKind::UpdateBefore:
            return "-U";
        case RowKind::UpdateAfter:
            return "+U";
        case RowKind::Delete:
            return "-D";
    }
    return "?";
}

int Schema::indexOf(const std::string& name) const {
    for (size_t i = 0; i < fields.size(); ++i)
        if (fields[i].name == name) return static_cast<int>(i);
    return -1;
}

std::vector<DataType> Schema::types() const {
    std::vector<DataType> out;
    for (const auto& f : fields) out.push_back(f.type);
    return out;
}

RecordBatch::RecordBatch(const Schema& schema) {
    for (const auto& f : schema.fields) columns.emplace_back(f.type);
}

RecordBatch RecordBatch::gather(const std::vector<uint32_t>& rows) const {
    RecordBatch out;
    out.columns.reserve(columns.size());
    for (const auto& c : columns) out.columns.push_back(c.gather(rows));
    if (!rowKinds.empty()) {
        out.rowKinds.reserve(rows.size());
        for (uint32_t r : rows) out.rowKinds.push_back(rowKinds[r]);
    }
    out.numRows = rows.size();
    return out;
}

}  // namespace sluice
