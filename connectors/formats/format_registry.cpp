#include "connectors/formats/format_registry.h"

#include <fmt/format.h>

#include "common/error.h"
#include "connectors/formats/csv_format.h"
#include "connectors/formats/json_format.h"
#include "connectors/formats/raw_format.h"

namespace sluice::connectors {

const FormatRegistry& FormatRegistry::builtin() {
    static const FormatRegistry registry = [] {
        FormatRegistry r;
        r.add(std::make_unique<JsonFormat>());
        r.add(std::make_unique<CsvFormat>());
        r.add(std::make_unique<RawFormat>());
        return r;
    }();
    return registry;
}

void FormatRegistry::add(std::unique_ptr<FormatFactory> factory) {
    auto id = factory->identifier();
    SLUICE_CHECK(!factories_.count(id));
    factories_[id] = std::move(factory);
}

const FormatFactory& FormatRegistry::get(const std::string& identifier) const {
    auto it = factories_.find(identifier);
    if (it != factories_.end()) return *it->second;
    std::string list;
    for (const auto& [id, f] : factories_) list += "\n" + id;
    throw ValidationError(fmt::format(
        "Could not find any format factory for identifier '{}'.\n\nAvailable format identifiers are:\n{}",
        identifier, list));
}

std::vector<std::string> FormatRegistry::identifiers() const {
    std::vector<std::string> out;
    for (const auto& [id, f] : factories_) out.push_back(id);
    return out;
}

}  // namespace sluice::connectors
