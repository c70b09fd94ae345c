#pragma once

#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/filesystem/partition_committer.h"
#include "connectors/formats/format.h"
#include "runtime/sink.h"

namespace sluice::connectors {

struct FilesystemSinkConfig {
    std::string path;  // the output directory
    const FormatFactory* format = nullptr;
    planner::TableOptions options;
    Schema physical;
    /// PARTITIONED BY: indices into `physical`, in key order; the files hold the other columns.
    std::vector<int> partitionColumns;
    std::vector<std::string> partitionKeys;
    Schema fileSchema;  // physical minus the partition columns
    std::string defaultPartitionName = "__DEFAULT_PARTITION__";
    int64_t fileSizeBytes = 128LL << 20;
    int64_t rolloverIntervalMillis = 30 * 60 * 1000;
    int64_t inactivityIntervalMillis = 30 * 60 * 1000;
    int64_t checkIntervalMillis = 60 * 1000;
    int parallelism = 0;
    /// One per sink, shared by its subtasks, as Flink's "part-" + UUID prefix.
    std::string uuid;
    /// Set for a partitioned table with 'sink.partition-commit.policy.kind' (Flink commits nothing
    /// without a policy).
    std::shared_ptr<const PartitionCommitConfig> commit;
};

/// One subtask of a filesystem sink. Rows go to a hidden in-progress file
/// "[<partition>/].part-<uuid>-<subtask>-<counter>.inprogress.<uuid2>" (one open file per partition); a
/// file closed by rolling (size, rollover or inactivity interval) or by prepareCheckpoint(n) is renamed
/// to "part-<uuid>-<subtask>-<counter>" once checkpoint n completes, or at finish(). Readers (which
/// skip '.' and '_' files) never see partial files. Partitions are then committed by the sink's
/// shared PartitionCommitter.
class FilesystemSink : public runtime::Sink {
public:
    FilesystemSink(std::shared_ptr<const FilesystemSinkConfig> config, int subtask,
                   std::shared_ptr<PartitionCommitter> committer);
    ~FilesystemSink() override;
    void open(runtime::SinkContext& ctx) override;
    void write(const RecordBatch& batch) override;
    void onWatermark(int64_t timestamp) override { watermark_ = timestamp; }
    void prepareCheckpoint(int64_t checkpointId) override;
    void notifyCheckpointComplete(int64_t checkpointId) override;
    /// "#next=<part counter>", lines "F\t<in-progress path>\t<final path>" for the part files closed by
    /// checkpoints up to n (so that a restore can finish their rename when the process died before its
    /// completion), and "P\t<partition>\t<creation ms>" for the partitions still to commit.
    std::string snapshotState(int64_t checkpointId) override;
    void restoreState(const std::string& state, int64_t checkpointId) override;
    void finish() override;
    void close() override;

private:
    struct PartFile {
        std::string inProgressPath;
        std::string finalPath;
        std::string partition;
    };
    /// A partition's open part file.
    struct Bucket {
        std::FILE* file = nullptr;
        PartFile current;
        int64_t bytes = 0;
        int64_t openedMillis = 0;
        int64_t lastWriteMillis = 0;
        std::string buffer;
    };
    void openPartFile(const std::string& partition, Bucket& bucket);
    void flushBuffer(const std::string& partition, Bucket& bucket);
    /// Closes the bucket's part file (durably) and queues it for the next commit.
    void rollPartFile(const std::string& partition, Bucket& bucket);
    void rollAll();
    void writeRows(const RecordBatch& batch, const std::vector<uint32_t>* rows, const std::string& partition);
    void commit(std::vector<PartFile>& files);
    void closeAllFiles();

    std::shared_ptr<const FilesystemSinkConfig> config_;
    int subtask_;
    std::shared_ptr<PartitionCommitter> committer_;
    std::unique_ptr<RowEncoder> encoder_;
    int64_t partCounter_ = 0;
    std::map<std::string, Bucket> buckets_;  // by partition path ("" when not partitioned)
    int64_t lastCheckMillis_ = 0;
    std::vector<PartFile> closed_;                      // rolled since the last checkpoint
    std::map<int64_t, std::vector<PartFile>> pending_;  // closed by checkpoint n, awaiting its completion
    // Partitions written since the last checkpoint (-> their creation time, epoch ms), and those of each
    // checkpoint not yet complete.
    std::map<std::string, int64_t> created_;
    std::map<int64_t, std::map<std::string, int64_t>> pendingPartitions_;
    std::map<std::string, int64_t> restoredPartitions_;
    std::optional<int64_t> watermark_;
    std::map<int64_t, std::optional<int64_t>> watermarkAt_;  // at checkpoint n's barrier
};

class FilesystemSinkProvider : public runtime::SinkProvider {
public:
    explicit FilesystemSinkProvider(std::shared_ptr<const FilesystemSinkConfig> config)
        : config_(std::move(config)) {}
    int parallelism() const override { return config_->parallelism; }
    std::unique_ptr<runtime::Sink> createSink(int subtask, int parallelism) override;
    std::string describe() const override;

private:
    std::shared_ptr<const FilesystemSinkConfig> config_;
    std::shared_ptr<PartitionCommitter> committer_;  // of the subtasks created last
};

}  // namespace sluice::connectors
