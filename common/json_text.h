#pragma once

#include <string>
#include <string_view>

namespace sluice {

/// Appends `s` as a JSON string literal, escaped as Jackson (and so Flink) escapes: '"', '\\' and
/// control characters; other bytes, UTF-8 included, are copied as they are.
void appendJsonString(std::string& out, std::string_view s);

}  // namespace sluice
