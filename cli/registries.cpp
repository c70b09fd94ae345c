#include "cli/registries.h"

#include "connectors/builtin_connectors.h"
#include "functions/builtin_functions.h"

namespace sluice::cli {

Registries::Registries() {
    connectors::registerBuiltinConnectors(connectors_);
    functions::registerBuiltinFunctions(functions_);
}

}  // namespace sluice::cli
