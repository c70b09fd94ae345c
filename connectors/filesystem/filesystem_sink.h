#pragma once

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "connectors/formats/format.h"
#include "runtime/sink.h"

namespace sluice::connectors {

struct FilesystemSinkConfig {
    std::string path;  // the output directory
    const FormatFactory* format = nullptr;
    planner::TableOptions options;
    Schema physical;
    int64_t fileSizeBytes = 128LL << 20;
    int64_t rolloverIntervalMillis = 30 * 60 * 1000;
    int parallelism = 0;
    /// One per sink, shared by its subtasks, as Flink's "part-" + UUID prefix.
    std::string uuid;
};

/// One subtask of a filesystem sink. Rows go to a hidden in-progress file
/// ".part-<uuid>-<subtask>-<counter>.inprogress.<uuid2>"; a file closed by rolling (size, rollover
/// interval) or by prepareCheckpoint(n) is renamed to "part-<uuid>-<subtask>-<counter>" once
/// checkpoint n completes, or at finish(). Readers (which skip '.' files) never see partial files.
class FilesystemSink : public runtime::Sink {
public:
    FilesystemSink(std::shared_ptr<const FilesystemSinkConfig> config, int subtask);
    ~FilesystemSink() override;
    void open(runtime::SinkContext& ctx) override;
    void write(const RecordBatch& batch) override;
    void prepareCheckpoint(int64_t checkpointId) override;
    void notifyCheckpointComplete(int64_t checkpointId) override;
    /// The part files checkpoint n closed ("in-progress path\tfinal path" lines), so that a restore
    /// can finish their rename when the process died between the checkpoint and its completion.
    std::string snapshotState(int64_t checkpointId) override;
    void restoreState(const std::string& state, int64_t checkpointId) override;
    void finish() override;
    void close() override;

private:
    struct PartFile {
        std::string inProgressPath;
        std::string finalPath;
    };
    void openPartFile();
    void flushBuffer();
    /// Closes the current part file (durably) and queues it for the next commit.
    void rollPartFile();
    void commit(std::vector<PartFile>& files);

    std::shared_ptr<const FilesystemSinkConfig> config_;
    int subtask_;
    std::unique_ptr<RowEncoder> encoder_;
    int64_t partCounter_ = 0;
    std::FILE* file_ = nullptr;
    PartFile current_;
    int64_t currentBytes_ = 0;
    int64_t currentOpenedMillis_ = 0;
    std::string buffer_;
    std::vector<PartFile> closed_;                      // rolled since the last checkpoint
    std::map<int64_t, std::vector<PartFile>> pending_;  // closed by checkpoint n, awaiting its completion
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
};

}  // namespace sluice::connectors
