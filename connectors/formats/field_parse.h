#pragma once

#include <string>
#include <string_view>

#include "common/types.h"
#include "connectors/formats/field_slot.h"

namespace sluice::connectors {

/// How TIMESTAMP text must look: JSON's 'SQL' ("2024-01-31 10:00:00") or 'ISO-8601' ("2024-01-31T10:00:00");
/// CSV accepts either.
enum class TimestampStandard { Sql, Iso8601, Either };

/// Parses the text of one scalar field into `slot` the way Flink's JSON and CSV converters do (numbers
/// trimmed and parsed as Java does, BOOLEAN true only for "true", BYTES base64, TIMESTAMP_LTZ with a 'Z').
/// Returns false and sets `error` to the reason when the text does not fit the type. A DECIMAL that
/// overflows its precision gives NULL, as in Flink.
bool parseScalarText(std::string_view text, const DataType& type, TimestampStandard standard, FieldSlot& slot,
                     std::string& error);

}  // namespace sluice::connectors
