#pragma once

#include <map>
#include <string>

#include "runtime/checkpoint_settings.h"

namespace sluice::planner {

/// Flink's checkpointing, recovery and restart-strategy options, read from the session's SET entries
/// (Session::configEntries()) with Flink's keys, deprecated aliases (the current key wins when both
/// are set) and defaults.
struct CheckpointConfig {
    runtime::CheckpointSettings checkpoints;
    runtime::RestartStrategy restart;

    /// Throws ValidationError for a bad value (naming the key and, for enums, the valid values) and
    /// NotSupportedError for a checkpoint location that is not on the local file system. Relative
    /// paths and the default directory (.sluice/checkpoints) resolve against `workingDir` (empty: the
    /// process's current directory).
    static CheckpointConfig parse(const std::map<std::string, std::string>& config,
                                  const std::string& workingDir = "");
    static runtime::CheckpointSettings parseCheckpointSettings(
        const std::map<std::string, std::string>& config, const std::string& workingDir = "");
    /// Without restart-strategy.type Flink picks none, or exponential-delay when checkpointing is on.
    static runtime::RestartStrategy parseRestartStrategy(const std::map<std::string, std::string>& config,
                                                         bool checkpointingEnabled);
};

}  // namespace sluice::planner
