#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/time_util.h"
#include "common/types.h"
#include "common/vector.h"

namespace sluice::connectors {

/// Hive-style partition directories ("dt=2024-01-31/hr=10"), as Flink's PartitionPathUtils writes
/// and reads them.

/// The default 'partition.default-name': the directory of NULL and '' partition values.
inline constexpr const char* kDefaultPartitionName = "__DEFAULT_PARTITION__";

/// Flink's PartitionPathUtils.escapePathName: control characters and "#%'*/:=?\\\x7F{[]^ as %XX
/// (upper-case hex); everything else (non-ASCII included) as is.
std::string escapePathName(std::string_view name);
/// The inverse: %XX sequences back to their character; a '%' not followed by two hex digits stays.
std::string unescapePathName(std::string_view name);

/// "k1=v1/k2=v2" (escaped, no trailing slash) for keys and their (unescaped) values.
std::string partitionPath(const std::vector<std::string>& keys, const std::vector<std::string>& values);

/// The (unescaped) key/value pairs of the "k=v" components of a relative partition path.
std::vector<std::pair<std::string, std::string>> parsePartitionPath(std::string_view path);

/// The text of row `row` of `v` in a partition path: what Flink's partition computer prints (the value's
/// toString): numbers and strings as CAST(x AS STRING), BOOLEAN as true/false, TIMESTAMP as
/// java.time.LocalDateTime prints it ("2024-01-31T10:00", seconds only when not zero), DATE as
/// "2024-01-31". NULL and '' give `defaultName`.
std::string partitionValueText(const Vector& v, size_t row, const std::string& defaultName);

/// Whether partitionValueText and the reader handle a partition column of this type.
bool supportedPartitionType(const DataType& type);

}  // namespace sluice::connectors
