#include "connectors/blackhole/blackhole_factory.h"

namespace sluice::connectors {

namespace {

class BlackholeSink : public runtime::Sink {
public:
    void write(const RecordBatch&) override {}
};

class BlackholeSinkProvider : public runtime::SinkProvider {
public:
    bool acceptsUpdates() const override { return true; }
    std::unique_ptr<runtime::Sink> createSink(int, int) override { return std::make_unique<BlackholeSink>(); }
    std::string describe() const override { return "blackhole"; }
};

}  // namespace

std::unique_ptr<runtime::SinkProvider> BlackholeFactory::createSink(const planner::ConnectorTable& table,
                                                                    const planner::FactoryContext&) const {
    table.options.validate(identifier(), {}, {"connector"});
    return std::make_unique<BlackholeSinkProvider>();
}

}  // namespace sluice::connectors
