#include "connectors/connector_util.h"

#include <fmt/format.h>

#include <random>

#include "common/error.h"

namespace sluice::connectors {

Schema scanSchema(const planner::ConnectorTable& table, const planner::ScanRequest& scan) {
    Schema out;
    for (int p : scan.physicalFields) out.fields.push_back(table.physical.fields.at(static_cast<size_t>(p)));
    for (int m : scan.metadataFields) {
        const auto& info = table.metadata.at(static_cast<size_t>(m));
        out.fields.push_back(Field{info.name, info.type});
    }
    return out;
}

void rejectMetadata(const planner::ConnectorTable& table, const std::string& connector) {
    if (table.metadata.empty()) return;
    const auto& m = table.metadata.front();
    throw ValidationError(
        fmt::format("Invalid metadata key '{}' in column '{}' of table '{}'. The connector '{}' does not "
                    "support metadata "
                    "columns.",
                    m.key, m.name, table.name, connector));
}

void rejectPartitions(const planner::ConnectorTable& table, const std::string& connector) {
    if (table.partitionKeys.empty()) return;
    throw NotSupportedError(
        fmt::format("PARTITIONED BY tables are not supported yet for the '{}' connector (table "
                    "'{}', partition keys [{}]).",
                    connector, table.name, joinNames(table.partitionKeys)));
}

std::string randomUuid() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    uint64_t hi = rng(), lo = rng();
    hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // IETF variant
    return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xFFFF, hi & 0xFFFF,
                       lo >> 48, lo & 0xFFFFFFFFFFFFULL);
}

std::string joinNames(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace sluice::connectors
