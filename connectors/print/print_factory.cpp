#include "connectors/print/print_factory.h"

#include "common/error.h"
#include "connectors/print/print_sink.h"

namespace sluice::connectors {

std::vector<std::string> PrintFactory::optionKeys() const {
    return {"print-identifier", "standard-error", "sink.parallelism"};
}

std::unique_ptr<runtime::SinkProvider> PrintFactory::createSink(const planner::ConnectorTable& table,
                                                                const planner::FactoryContext&) const {
    const auto& o = table.options;
    auto keys = optionKeys();
    keys.push_back("connector");
    o.validate(identifier(), {}, keys);
    int parallelism = static_cast<int>(o.getInt("sink.parallelism").value_or(0));
    if (o.has("sink.parallelism") && parallelism < 1)
        throw ValidationError("Invalid value for option 'sink.parallelism': it must be at least 1.");
    // Flink prints static partition values into the identifier; the planner does not pass them yet
    return std::make_unique<PrintSinkProvider>(o.getOr("print-identifier", ""),
                                               o.getBool("standard-error").value_or(false), parallelism);
}

}  // namespace sluice::connectors
