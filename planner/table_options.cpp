#include "planner/table_options.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "common/error.h"

namespace sluice::planner {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// Splits "10 s" / "10s" into number and unit.
bool splitNumberUnit(const std::string& text, double& number, std::string& unit) {
    size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    if (i == start) return false;
    number = std::strtod(text.substr(start, i - start).c_str(), nullptr);
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    unit = lower(text.substr(i));
    while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back()))) unit.pop_back();
    return true;
}

}  // namespace

bool TableOptions::has(const std::string& key) const {
    return get(key).has_value();
}

std::optional<std::string> TableOptions::get(const std::string& key) const {
    for (const auto& [k, v] : entries_)
        if (k == key) return v;
    return std::nullopt;
}

std::string TableOptions::getOr(const std::string& key, const std::string& fallback) const {
    auto v = get(key);
    return v ? *v : fallback;
}

std::string TableOptions::require(const std::string& key) const {
    auto v = get(key);
    if (!v)
        throw ValidationError(fmt::format(
            "One or more required options are missing.\n\nMissing required options are:\n\n{}", key));
    return *v;
}

std::optional<int64_t> TableOptions::getInt(const std::string& key) const {
    auto v = get(key);
    if (!v) return std::nullopt;
    char* end = nullptr;
    long long n = std::strtoll(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0')
        throw ValidationError(fmt::format("Invalid value for option '{}': '{}' is not an integer", key, *v));
    return n;
}

std::optional<double> TableOptions::getDouble(const std::string& key) const {
    auto v = get(key);
    if (!v) return std::nullopt;
    char* end = nullptr;
    double d = std::strtod(v->c_str(), &end);
    if (v->empty() || *end != '\0')
        throw ValidationError(fmt::format("Invalid value for option '{}': '{}' is not a number", key, *v));
    return d;
}

std::optional<bool> TableOptions::getBool(const std::string& key) const {
    auto v = get(key);
    if (!v) return std::nullopt;
    std::string l = lower(*v);
    if (l == "true") return true;
    if (l == "false") return false;
    throw ValidationError(
        fmt::format("Invalid value for option '{}': '{}' is not a boolean (true or false)", key, *v));
}

int64_t TableOptions::parseDurationMillis(const std::string& key, const std::string& text) {
    double n;
    std::string unit;
    if (splitNumberUnit(text, n, unit)) {
        static const std::vector<std::pair<std::vector<std::string>, double>> kUnits = {
            {{"", "ms", "milli", "millis", "millisecond", "milliseconds"}, 1},
            {{"s", "sec", "secs", "second", "seconds"}, 1000},
            {{"min", "m", "minute", "minutes", "mins"}, 60000},
            {{"h", "hour", "hours"}, 3600000},
            {{"d", "day", "days"}, 86400000},
            {{"us", "micro", "micros", "microsecond", "microseconds"}, 0.001},
            {{"ns", "nano", "nanos", "nanosecond", "nanoseconds"}, 0.000001},
        };
        for (const auto& [names, factor] : kUnits)
            if (std::find(names.begin(), names.end(), unit) != names.end())
                return static_cast<int64_t>(n * factor);
    }
    throw ValidationError(fmt::format(
        "Invalid value for option '{}': '{}' is not a duration (examples: '500ms', '10 s', '1 min', '2 h')",
        key, text));
}

int64_t TableOptions::parseMemoryBytes(const std::string& key, const std::string& text) {
    double n;
    std::string unit;
    if (splitNumberUnit(text, n, unit)) {
        static const std::vector<std::pair<std::vector<std::string>, double>> kUnits = {
            {{"", "b", "bytes"}, 1},
            {{"k", "kb", "kibibytes"}, 1024.0},
            {{"m", "mb", "mebibytes"}, 1024.0 * 1024},
            {{"g", "gb", "gibibytes"}, 1024.0 * 1024 * 1024},
            {{"t", "tb", "tebibytes"}, 1024.0 * 1024 * 1024 * 1024},
        };
        for (const auto& [names, factor] : kUnits)
            if (std::find(names.begin(), names.end(), unit) != names.end())
                return static_cast<int64_t>(n * factor);
    }
    throw ValidationError(fmt::format(
        "Invalid value for option '{}': '{}' is not a memory size (examples: '64kb', '128mb', '1 gb')", key,
        text));
}

std::optional<int64_t> TableOptions::getDurationMillis(const std::string& key) const {
    auto v = get(key);
    if (!v) return std::nullopt;
    return parseDurationMillis(key, *v);
}

std::optional<int64_t> TableOptions::getMemoryBytes(const std::string& key) const {
    auto v = get(key);
    if (!v) return std::nullopt;
    return parseMemoryBytes(key, *v);
}

std::optional<std::string> TableOptions::getEnum(const std::string& key,
                                                 const std::vector<std::string>& allowed) const {
    auto v = get(key);
    if (!v) return std::nullopt;
    for (const auto& a : allowed)
        if (lower(a) == lower(*v)) return a;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    throw ValidationError(
        fmt::format("Invalid value for option '{}': '{}'. Possible values are: {}", key, *v, list));
}

std::vector<std::string> TableOptions::keysWithPrefix(const std::string& prefix) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : entries_)
        if (k.rfind(prefix, 0) == 0) out.push_back(k);
    return out;
}

void TableOptions::validate(const std::string& identifier, const std::vector<std::string>& required,
                            const std::vector<std::string>& optional,
                            const std::vector<std::string>& prefixes) const {
    std::vector<std::string> missing;
    for (const auto& r : required)
        if (!has(r)) missing.push_back(r);
    if (!missing.empty()) {
        std::string list;
        for (const auto& m : missing) list += "\n" + m;
        throw ValidationError(fmt::format(
            "One or more required options are missing for '{}'.\n\nMissing required options are:\n{}",
            identifier, list));
    }
    std::vector<std::string> unknown;
    for (const auto& [k, v] : entries_) {
        bool known = std::find(required.begin(), required.end(), k) != required.end() ||
                     std::find(optional.begin(), optional.end(), k) != optional.end();
        for (const auto& p : prefixes)
            if (k.rfind(p, 0) == 0 && k.size() > p.size()) known = true;
        if (!known) unknown.push_back(k);
    }
    if (!unknown.empty()) {
        std::vector<std::string> supported = required;
        supported.insert(supported.end(), optional.begin(), optional.end());
        for (const auto& p : prefixes) supported.push_back(p + "*");
        std::sort(supported.begin(), supported.end());
        std::string u, s;
        for (const auto& k : unknown) u += "\n" + k;
        for (const auto& k : supported) s += "\n" + k;
        throw ValidationError(fmt::format(
            "Unsupported options found for '{}'.\n\nUnsupported options:\n{}\n\nSupported options:\n{}",
            identifier, u, s));
    }
}

}  // namespace sluice::planner
