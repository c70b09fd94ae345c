#include "planner/connector_factory.h"

#include <fmt/format.h>

#include "common/error.h"

namespace sluice::planner {

std::unique_ptr<runtime::SourceProvider> ConnectorFactory::createSource(const ConnectorTable& table,
                                                                        const ScanRequest&,
                                                                        const FactoryContext&) const {
    throw ValidationError(
        fmt::format("Connector '{}' can only be used as a sink. It cannot be used as a source "
                    "(table '{}').",
                    identifier(), table.name));
}

std::unique_ptr<runtime::SinkProvider> ConnectorFactory::createSink(const ConnectorTable& table,
                                                                    const FactoryContext&) const {
    throw ValidationError(
        fmt::format("Connector '{}' can only be used as a source. It cannot be used as a sink "
                    "(table '{}').",
                    identifier(), table.name));
}

void ConnectorRegistry::add(std::unique_ptr<ConnectorFactory> factory) {
    auto id = factory->identifier();
    SLUICE_CHECK(!factories_.count(id));
    factories_[id] = std::move(factory);
}

const ConnectorFactory& ConnectorRegistry::get(const std::string& identifier) const {
    auto it = factories_.find(identifier);
    if (it != factories_.end()) return *it->second;
    std::string list;
    for (const auto& [id, f] : factories_) list += "\n" + id;
    throw ValidationError(
        fmt::format("Could not find any factory for identifier '{}' that implements a table connector.\n\n"
                    "Available factory identifiers are:\n{}",
                    identifier, list));
}

std::vector<std::string> ConnectorRegistry::identifiers() const {
    std::vector<std::string> out;
    for (const auto& [id, f] : factories_) out.push_back(id);
    return out;
}

}  // namespace sluice::planner
