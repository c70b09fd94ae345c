#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice::connectors {

/// Flink's DefaultPartTimeExtractor ('partition.time-extractor.kind' = 'default'): the time of a
/// partition, from its values. The text is the first value, or 'timestamp-pattern' with each $key
/// replaced by its value; it is parsed leniently as "y-M-d[ H:m:s[.f]]" (or a date), or with
/// 'timestamp-formatter' (java.time.DateTimeFormatter letters y u M d H m s S and quoted text) as a
/// date-time, else as a date at midnight.
class PartitionTimeExtractor {
public:
    /// Throws ValidationError for a formatter it cannot handle.
    PartitionTimeExtractor(std::optional<std::string> pattern, std::optional<std::string> formatter);
    /// Wall-clock microseconds since the epoch (a LocalDateTime). Throws ExecutionError when the text
    /// does not parse.
    int64_t extract(const std::vector<std::string>& keys, const std::vector<std::string>& values) const;
    /// The text extract() parses.
    std::string timestampText(const std::vector<std::string>& keys,
                              const std::vector<std::string>& values) const;

private:
    struct Item {
        char letter = 0;  // 0: literal
        int count = 0;
        std::string literal;
    };
    std::optional<int64_t> parseFormatted(const std::string& text) const;

    std::optional<std::string> pattern_;
    std::optional<std::string> formatter_;
    std::vector<Item> items_;
};

}  // namespace sluice::connectors
