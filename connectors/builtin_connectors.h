#pragma once

#include "planner/connector_factory.h"

namespace sluice::connectors {

/// Registers every built-in connector (datagen, print, blackhole, filesystem): the one explicit list.
void registerBuiltinConnectors(planner::ConnectorRegistry& registry);

}  // namespace sluice::connectors
