#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "connectors/formats/format.h"
#include "runtime/source.h"

namespace sluice::connectors {

/// What a filesystem scan needs; shared by its subtasks.
struct FilesystemScanConfig {
    std::string path;  // a file or a directory
    const FormatFactory* format = nullptr;
    planner::TableOptions options;
    Schema physical;
    std::vector<int> projection;            // indices into `physical`
    std::vector<std::string> metadataKeys;  // 'file.path', 'file.name', 'file.size', 'file.modification-time'
    Schema outputSchema;
    // PARTITIONED BY: the partition columns (indices into `physical`, in key order) come from the
    // directories, the others from the files.
    std::vector<int> partitionColumns;
    std::vector<std::string> partitionKeys;
    std::string defaultPartitionName = "__DEFAULT_PARTITION__";
    Schema fileSchema;                // physical minus the partition columns
    std::vector<int> fileProjection;  // indices into `fileSchema`: what the decoder produces
    struct OutputSlot {
        bool partition = false;
        int index = 0;  // into partitionKeys, or into fileProjection
    };
    std::vector<OutputSlot> outputSlots;  // one per projected physical column
};

/// The files a scan of `path` reads: the file itself, or every regular file below the directory whose
/// name does not start with '.' or '_' (hidden and in-progress files), sorted by path. With
/// `partitionDepth` > 0 only files below directories that deep are read (Flink's partition directories
/// "k1=v1/k2=v2"), as Flink's PartitionPathUtils.searchPartSpecAndPaths.
std::vector<std::string> listInputFiles(const std::string& path, size_t partitionDepth = 0);

/// One subtask of a bounded filesystem scan: reads its share of the files (file i goes to subtask
/// i % parallelism) in chunks, decoding record by record into batches. Its checkpointed state is the
/// position of the next record to read (file, byte offset, line), so that a restored job goes on
/// from there; the directory must not change in between. With SourceContext::maxRowsPerPoll a poll
/// emits at most that many rows, except that a record holding several rows (a JSON array) is not split.
class FilesystemSource : public runtime::Source {
public:
    FilesystemSource(std::shared_ptr<const FilesystemScanConfig> config, int subtask, int parallelism);
    ~FilesystemSource() override;
    void open(runtime::SourceContext& ctx) override;
    bool poll(runtime::Collector& out) override;
    void close() override;
    /// "<file index>\t<byte offset>\t<line>\t<path>" of the next record to read.
    std::string snapshotState(int64_t checkpointId) override;
    void restoreState(const std::string& state) override;

private:
    bool openNextFile();
    void closeFile();
    /// Reads more of the current file into buffer_; false at its end.
    bool fill();
    void appendMetadata(std::vector<Vector>& columns, size_t rows) const;
    /// The output columns of a batch of `rows` rows decoded from the current file into `decoded`.
    std::vector<Vector> assemble(std::vector<Vector> decoded, size_t rows) const;

    std::shared_ptr<const FilesystemScanConfig> config_;
    int subtask_;
    int parallelism_;
    int64_t maxRowsPerPoll_ = 0;
    std::unique_ptr<RowDecoder> decoder_;
    std::vector<std::string> files_;
    size_t nextFile_ = 0;
    bool opened_ = false;
    // the current file
    std::FILE* file_ = nullptr;
    std::string currentPath_;
    int64_t currentSize_ = 0;
    int64_t currentModifiedMicros_ = 0;
    std::vector<Vector> partitionValues_;  // one row per partition column, for the current file
    std::string buffer_;
    size_t bufferPos_ = 0;
    int64_t bufferOffset_ = 0;  // the file offset of buffer_[0]
    bool eof_ = false;
    int64_t line_ = 0;  // lines consumed before the next record
    // a restored position, applied at open()
    bool restored_ = false;
    size_t restoreFile_ = 0;
    int64_t restoreOffset_ = 0;
    int64_t restoreLine_ = 0;
    std::string restorePath_;
};

class FilesystemSourceProvider : public runtime::SourceProvider {
public:
    explicit FilesystemSourceProvider(std::shared_ptr<const FilesystemScanConfig> config)
        : config_(std::move(config)) {}
    const Schema& outputSchema() const override { return config_->outputSchema; }
    bool isBounded() const override { return true; }
    std::unique_ptr<runtime::Source> createSource(int subtask, int parallelism) override;
    std::string describe() const override;

private:
    std::shared_ptr<const FilesystemScanConfig> config_;
};

}  // namespace sluice::connectors
