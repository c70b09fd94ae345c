#include "connectors/builtin_connectors.h"

#include "connectors/blackhole/blackhole_factory.h"
#include "connectors/datagen/datagen_factory.h"
#include "connectors/filesystem/filesystem_factory.h"
#include "connectors/jdbc/jdbc_factory.h"
#include "connectors/kafka/kafka_factory.h"
#include "connectors/print/print_factory.h"

namespace sluice::connectors {

void registerBuiltinConnectors(planner::ConnectorRegistry& registry) {
    registry.add(std::make_unique<DatagenFactory>());
    registry.add(std::make_unique<PrintFactory>());
    registry.add(std::make_unique<BlackholeFactory>());
    registry.add(std::make_unique<FilesystemFactory>());
    registry.add(std::make_unique<kafka::KafkaFactory>());
    registry.add(std::make_unique<kafka::UpsertKafkaFactory>());
    registry.add(std::make_unique<jdbc::JdbcFactory>());
}

}  // namespace sluice::connectors
