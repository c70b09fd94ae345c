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
    /// Random id of the job's run that took it, kept across restores (a fresh start draws a new one). Sinks
    /// that commit at the barrier write it into their progress records, because checkpoint ids start at 1
    /// again after a finished job removed its checkpoints: "checkpoint 3" alone could be an older run's.
    std::string lineage;
    /// True for a stage-one checkpoint read by pendings(): durable, but its barrier-committing sinks may not
    /// all have committed its epoch (see CheckpointStorage).
    bool pending = false;
    /// State by slot key, e.g. "Source: rides -> Sink: out#0/source" -> bytes. Keys are the runtime's.
    std::map<std::string, std::string> states;
    /// Where it was read from or written to (the checkpoint's directory).
    std::string path;
};

/// Checkpoint files on the local file system:
///   <base>/<jobKey>/chk-<id>/_metadata          checkpoints (the newest num-retained are kept)
///   <base>/<jobKey>/chk-<id>/_metadata.pending  stage one of a two-stage checkpoint (below)
///   <savepointDir>/savepoint-<id>-<millis>/_metadata   savepoints (never removed)
/// _metadata is a versioned binary file with a checksum over its content; it is written to a temporary
/// file, fsynced, renamed into place, and the directory fsynced, so a crash leaves either the old state
/// or the complete new file.
///
/// Two-stage checkpoints (jobs with sinks that commit at the barrier, e.g. Kafka exactly-once): the
/// metadata is first written as _metadata.pending (same format), the sinks commit, and promote() renames
/// it to _metadata. The state is written once and the promotion is one atomic rename, so a crash leaves
/// either the pending file or the complete one; recovery asks the sinks what they committed and then
/// promotes or discards the pending checkpoint (Job, "recovery"). latest() never returns a pending one.
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
    /// Stage one: writes `c` as chk-<c.id>/_metadata.pending, durably. Removes nothing: the previous
    /// complete checkpoint is what recovery falls back to if this one is discarded.
    std::string writePending(const CompletedCheckpoint& c);
    /// Stage two: chk-<id>'s pending metadata becomes complete (one rename, then a directory fsync), then
    /// retention as in write(). Returns the directory; throws ExecutionError if there is no pending file.
    std::string promote(int64_t id);
    /// Removes chk-<id> if it is pending (not every sink committed its epoch).
    void discardPending(int64_t id);
    /// The readable pending checkpoints newer than the newest complete one, newest first (unreadable ones
    /// are skipped with a warning, as in latest()).
    std::vector<CompletedCheckpoint> pendings(std::vector<std::string>& warnings) const;
    /// Writes `c` as a savepoint under `savepointDir` (or <base>/<jobKey>/savepoints when empty).
    std::string writeSavepoint(const CompletedCheckpoint& c, const std::string& savepointDir);
    /// The newest readable checkpoint under jobDir(). A corrupt or truncated one is skipped with a
    /// warning appended to `warnings` (naming the file and the problem) and the previous one is tried.
    std::optional<CompletedCheckpoint> latest(std::vector<std::string>& warnings) const;
    /// The lineage a previous run of a job with barrier-committing sinks left in <jobDir>/_lineage ("" if
    /// none). It outlives a crash that came before the run's first checkpoint, so that recovery can still
    /// recognize that run's "final" progress records; removeAll() removes it with the checkpoints.
    std::string readLineage() const;
    /// Writes <jobDir>/_lineage durably (temp file, fsync, rename). Throws ExecutionError.
    void writeLineage(const std::string& lineage);
    /// Removes every checkpoint of the job (DELETE_ON_CANCELLATION after a normal end); savepoints,
    /// even those under <base>/<jobKey>/savepoints, stay.
    void removeAll();

    /// Reads a checkpoint or savepoint from its directory or its _metadata file. Throws ExecutionError
    /// naming the path when it is missing, corrupt, truncated or of an unknown version.
    static CompletedCheckpoint load(const std::string& path);

private:
    /// Removes checkpoints beyond num-retained complete ones (never `keep`), and pending or unfinished
    /// directories older than `keep`.
    void retain(int64_t keep);

    std::string baseDir_;
    std::string jobKey_;
    std::string jobDir_;
    int numRetained_;
};

}  // namespace sluice::runtime
