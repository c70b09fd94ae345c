#pragma once

#include <string>

#include "common/record_batch.h"
#include "common/value.h"

namespace sluice::connectors {

/// Flink's print sink shows a row as Row.toString() of its external (Java) objects:
/// "+I[1, Hello, true, null, 2024-01-31T10:00, 2024-01-31T09:00:00Z, [1, 2], {a=1}, +I[x, 2]]".
/// Booleans lower-case, NULL as null, TIMESTAMP as LocalDateTime, TIMESTAMP_LTZ as Instant (UTC),
/// BYTES as Arrays.toString, DECIMAL as BigDecimal.toString (RowUtils.deepToStringRow).
void appendRowText(std::string& out, const RecordBatch& batch, size_t row);

/// One field's text as above.
void appendFieldText(std::string& out, const Vector& v, size_t row);
void appendValueJavaText(std::string& out, const Value& v, const DataType& type);

}  // namespace sluice::connectors
