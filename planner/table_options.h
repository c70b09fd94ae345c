#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace sluice::planner {

/// A table's WITH options, with Flink's value syntaxes and Flink-style validation: a factory reads
/// the keys it knows, then validate() reports unknown keys (naming them and listing the supported
/// ones) and missing required keys.
class TableOptions {
public:
    TableOptions() = default;
    explicit TableOptions(std::vector<std::pair<std::string, std::string>> entries)
        : entries_(std::move(entries)) {}

    const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }
    bool has(const std::string& key) const;
    std::optional<std::string> get(const std::string& key) const;
    std::string getOr(const std::string& key, const std::string& fallback) const;
    /// Throws ValidationError when the key is absent.
    std::string require(const std::string& key) const;
    std::optional<int64_t> getInt(const std::string& key) const;
    std::optional<double> getDouble(const std::string& key) const;
    std::optional<bool> getBool(const std::string& key) const;
    /// Flink durations: "500ms", "10 s", "1 min", "2h", "1 d"; a bare number is milliseconds.
    std::optional<int64_t> getDurationMillis(const std::string& key) const;
    /// Flink memory sizes: "128mb", "1 gb", "64kb", bare bytes.
    std::optional<int64_t> getMemoryBytes(const std::string& key) const;
    /// One of `allowed` (case-insensitive); returns it as written in `allowed`.
    std::optional<std::string> getEnum(const std::string& key, const std::vector<std::string>& allowed) const;
    /// Keys starting with `prefix`.
    std::vector<std::string> keysWithPrefix(const std::string& prefix) const;

    /// Flink's FactoryUtil validation for `identifier` (a connector or format name): every required key
    /// present; every key in `required`, `optional` or starting with one of `prefixes`.
    void validate(const std::string& identifier, const std::vector<std::string>& required,
                  const std::vector<std::string>& optional,
                  const std::vector<std::string>& prefixes = {}) const;

    static int64_t parseDurationMillis(const std::string& key, const std::string& text);
    static int64_t parseMemoryBytes(const std::string& key, const std::string& text);

private:
    std::vector<std::pair<std::string, std::string>> entries_;
};

}  // namespace sluice::planner
