#pragma once

namespace sluice {

/// Crash tests: with SLUICE_FAILPOINT=<name>[@<n>] in the environment, the n-th time (default: the
/// first) the process passes failpoint(<name>) it kills itself with SIGKILL, as a power cut would,
/// between two steps that must be safe to die between (e.g. "jdbc.after-prepare": after PREPARE
/// TRANSACTION, before COMMIT PREPARED). Without the variable it costs one load of a static.
void failpoint(const char* name);

}  // namespace sluice
