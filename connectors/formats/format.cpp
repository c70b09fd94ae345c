#include "connectors/formats/format.h"

#include <fmt/format.h>

namespace sluice::connectors {

std::string RecordOrigin::text() const {
    if (line > 0) return fmt::format("{}:{}", source, line);
    return std::string(source);
}

size_t RowDecoder::recordLength(std::string_view data, bool eof) const {
    size_t nl = data.find('\n');
    if (nl != std::string_view::npos) return nl + 1;
    return eof ? data.size() : std::string_view::npos;
}

std::vector<std::string> FormatFactory::optionKeys(const std::string& prefix) const {
    std::vector<std::string> keys;
    for (const auto& k : shortOptionKeys()) keys.push_back(prefix + identifier() + "." + k);
    return keys;
}

}  // namespace sluice::connectors
