#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/time_util.h"
#include "connectors/filesystem/partition_time_extractor.h"

namespace sluice::connectors {

/// Flink's partition commit options ('sink.partition-commit.*', 'partition.time-extractor.*').
struct PartitionCommitConfig {
    enum class Trigger { ProcessTime, PartitionTime };
    Trigger trigger = Trigger::ProcessTime;
    int64_t delayMillis = 0;
    TimeZone watermarkZone = TimeZone::utc();
    bool successFile = false;  // 'policy.kind' has 'success-file'
    std::string successFileName = "_SUCCESS";
    std::vector<std::string> partitionKeys;
    std::shared_ptr<const PartitionTimeExtractor> extractor;
};

/// Decides when partitions are committed and commits them (writes their success file), for all
/// subtasks of one filesystem sink, as Flink's PartitionCommitter (a single task after the writers).
/// Subtasks report, once a checkpoint completed and their files up to it are final, the partitions
/// those files went to; once every subtask reported checkpoint n (or ended), the pending partitions
/// whose trigger holds are committed. When every subtask ended, every pending partition is committed.
/// Thread-safe: subtasks call it from their own threads.
class PartitionCommitter {
public:
    PartitionCommitter(std::shared_ptr<const PartitionCommitConfig> config, std::string basePath,
                       int parallelism);

    /// Partitions with final files from a restored checkpoint (relative path -> creation time, epoch ms).
    void restore(const std::map<std::string, int64_t>& partitions);
    /// Subtask `subtask` made its files up to checkpoint `checkpointId` final; they went to `partitions`;
    /// its watermark at that checkpoint's barrier was `watermark`.
    void report(int subtask, int64_t checkpointId, const std::map<std::string, int64_t>& partitions,
                std::optional<int64_t> watermark);
    /// Subtask `subtask` ended: its files are final.
    void finish(int subtask, const std::map<std::string, int64_t>& partitions);
    /// The partitions waiting for their commit, for checkpoints.
    std::map<std::string, int64_t> pending() const;

    /// Whether a partition created at `createdMillis` is committable at `nowMillis` / `watermark`.
    bool committable(const std::string& partition, int64_t createdMillis, int64_t nowMillis,
                     std::optional<int64_t> watermark) const;

private:
    void addPending(const std::map<std::string, int64_t>& partitions);
    void maybeCommit();
    void commit(const std::string& partition);

    std::shared_ptr<const PartitionCommitConfig> config_;
    std::string basePath_;
    mutable std::mutex mutex_;
    std::map<std::string, int64_t> pending_;
    std::vector<int64_t> reported_;                   // per subtask; INT64_MAX once it ended
    std::vector<std::optional<int64_t>> watermarks_;  // per subtask, at its last reported checkpoint
    int64_t lastDecided_ = 0;
};

}  // namespace sluice::connectors
