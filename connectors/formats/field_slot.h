#pragma once

#include <string>
#include <vector>

#include "common/value.h"
#include "common/vector.h"

namespace sluice::connectors {

/// One decoded field of the row a decoder is building. Decoders fill slots first and append them to
/// the column vectors only once the whole record decoded, so a bad record never leaves a partial row
/// behind; scalars stay unboxed.
struct FieldSlot {
    bool null = true;
    int64_t i = 0;   // BOOLEAN, integers, DATE, TIME, TIMESTAMP*, intervals
    double d = 0;    // FLOAT, DOUBLE
    Int128 dec = 0;  // DECIMAL
    std::string s;   // strings and binaries
    Value boxed;     // ARRAY, MAP, MULTISET, ROW

    void reset() { null = true; }
};

/// Appends `slot` to `v` following the layout of v's type.
void appendSlot(Vector& v, const FieldSlot& slot);

/// Appends every slot to its column: slots[k] goes to columns[k].
inline void commitRow(std::vector<Vector>& columns, const std::vector<FieldSlot>& slots) {
    for (size_t k = 0; k < slots.size(); ++k) appendSlot(columns[k], slots[k]);
}

}  // namespace sluice::connectors
