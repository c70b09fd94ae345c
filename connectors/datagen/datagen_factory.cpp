#include "connectors/datagen/datagen_factory.h"

#include "common/error.h"
#include "connectors/connector_util.h"
#include "connectors/datagen/datagen_source.h"

namespace sluice::connectors {

std::vector<std::string> DatagenFactory::optionKeys() const {
    return {"rows-per-second",  "number-of-rows", "scan.parallelism",  "fields.#.kind",
            "fields.#.min",     "fields.#.max",   "fields.#.max-past", "fields.#.length",
            "fields.#.var-len", "fields.#.start", "fields.#.end",      "fields.#.null-rate"};
}

std::unique_ptr<runtime::SourceProvider> DatagenFactory::createSource(const planner::ConnectorTable& table,
                                                                      const planner::ScanRequest& scan,
                                                                      const planner::FactoryContext&) const {
    rejectMetadata(table, identifier());
    const auto& o = table.options;
    std::vector<std::string> allowed = {"connector", "rows-per-second", "number-of-rows", "scan.parallelism"};
    DatagenConfig config;
    for (const auto& f : table.physical.fields)
        config.fields.push_back(FieldSpec::parse(o, f.name, f.type, true, allowed));
    // unknown field names and options that do not apply to a column's type are unsupported keys
    o.validate(identifier(), {}, allowed);
    config.rowsPerSecond = o.getInt("rows-per-second").value_or(10000);
    if (config.rowsPerSecond < 1)
        throw ValidationError("Invalid value for option 'rows-per-second': it must be at least 1.");
    config.numberOfRows = o.getInt("number-of-rows");
    if (config.numberOfRows && *config.numberOfRows < 0)
        throw ValidationError("Invalid value for option 'number-of-rows': it must not be negative.");
    if (auto p = o.getInt("scan.parallelism")) {
        if (*p < 1)
            throw ValidationError("Invalid value for option 'scan.parallelism': it must be at least 1.");
        config.parallelism = static_cast<int>(*p);
    }
    config.projection = scan.physicalFields;
    config.outputSchema = scanSchema(table, scan);
    return std::make_unique<DatagenSourceProvider>(std::move(config));
}

}  // namespace sluice::connectors
