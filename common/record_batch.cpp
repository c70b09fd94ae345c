#include "common/record_batch.h"

#include <algorithm>

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

std::string RowOrigins::describe(size_t row) const {
    if (row >= positions.size()) return source;
    if (unit == Unit::Line) return source + ":" + std::to_string(positions[row]);
    return source + ", offset " + std::to_string(positions[row]);
}

std::string RowOrigins::describeAll() const {
    if (positions.empty()) return source;
    auto [lo, hi] = std::minmax_element(positions.begin(), positions.end());
    std::string span = *lo == *hi ? std::to_string(*lo) : std::to_string(*lo) + "-" + std::to_string(*hi);
    return unit == Unit::Line ? source + ":" + span : source + ", offsets " + span;
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
    if (origins) {
        auto o = std::make_shared<RowOrigins>();
        o->source = origins->source;
        o->unit = origins->unit;
        o->positions.reserve(rows.size());
        for (uint32_t r : rows)
            o->positions.push_back(r < origins->positions.size() ? origins->positions[r] : 0);
        out.origins = std::move(o);
    }
    return out;
}

}  // namespace sluice
