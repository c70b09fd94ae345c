#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sluice::runtime {

/// A completed checkpoint (or savepoint): what a job needs to resume.
struct CompletedCheckpoint {
    int64_t id = 0;
    /// The job's identity (pipeline.name, or a hash of its statements): the folder under the base dir.
    std::string jobKey;
    /// A hash of the job's statements and schemas; a checkpoint of another job shape is refused.
    std::string fingerprint;
    int64_t timestampMillis = 0;
    bool savepoint = false;
    /// State by slot key, e.g. "Source: rides -> Sink: out#0/source" -> bytes. Keys are the runtime's.
    std::map<std::string, std::string> states;
    /// Where it was read from or written to (the checkpoint's directory).
    std::string path;
};

/// Checkpoint files on the local file system:
///   <base>/<jobKey>/chk-<id>/_metadata          checkpoints (the newest num-retained are kept)
///   <savepointDir>/savepoint-<id>-<millis>/_metadata   savepoints (never removed)
/// _metadata is a versioned binary file with a checksum over its content; it is written to a temporary
/// file, fsynced, renamed into place, and the directory fsynced, so a crash leaves either the old state
/// or the complete new file.
class CheckpointStorage {
public:
    /// `baseDir`: a local path (a "file://" prefix is accepted and stripped; relative paths are made
    /// absolute). `jobKey` becomes one path component: characters other than [A-Za-z0-9._-] turn into
    /// '_', since pipeline.name may hold '/', spaces or "..".
    CheckpointStorage(std::string baseDir, std::string jobKey, int numRetained);

    /// <base>/<jobKey>
    const std::string& jobDir() const { return jobDir_; }

    /// Writes `c` as chk-<c.id> (replacing a leftover directory of that id) and removes checkpoints
    /// beyond num-retained (by numeric id, oldest first; never the one just written). Returns the
    /// checkpoint's directory. Throws ExecutionError when it cannot write. Ids must grow past those
    /// already on disk, or latest() keeps returning an older run's higher id.
    std::string write(const CompletedCheckpoint& c);
    /// Writes `c` as a savepoint under `savepointDir` (or <base>/<jobKey>/savepoints when empty).
    std::string writeSavepoint(const CompletedCheckpoint& c, const std::string& savepointDir);
    /// The newest readable checkpoint under jobDir(). A corrupt or truncated one is skipped with a
    /// warning appended to `warnings` (naming the file and the problem) and the previous one is tried.
    std::optional<CompletedCheckpoint> latest(std::vector<std::string>& warnings) const;
    /// Removes every checkpoint of the job (DELETE_ON_CANCELLATION after a normal end); savepoints,
    /// even those under <base>/<jobKey>/savepoints, stay.
    void removeAll();

    /// Reads a checkpoint or savepoint from its directory or its _metadata file. Throws ExecutionError
    /// naming the path when it is missing, corrupt, truncated or of an unknown version.
    static CompletedCheckpoint load(const std::string& path);

private:
    std::string baseDir_;
    std::string jobKey_;
    std::string jobDir_;
    int numRetained_;
};

}  // namespace sluice::runtime
