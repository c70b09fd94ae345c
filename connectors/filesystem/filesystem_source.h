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
};

/// The files a scan of `path` reads: the file itself, or every regular file below the directory whose
/// name does not start with '.' or '_' (hidden and in-progress files), sorted by path.
std::vector<std::string> listInputFiles(const std::string& path);

/// One subtask of a bounded filesystem scan: reads its share of the files (file i goes to subtask
/// i % parallelism) in chunks, decoding record by record into batches.
class FilesystemSource : public runtime::Source {
public:
    FilesystemSource(std::shared_ptr<const FilesystemScanConfig> config, int subtask, int parallelism);
    ~FilesystemSource() override;
    void open(runtime::SourceContext& ctx) override;
    bool poll(runtime::Collector& out) override;
    void close() override;

private:
    bool openNextFile();
    void closeFile();
    /// Reads more of the current file into buffer_; false at its end.
    bool fill();
    void appendMetadata(std::vector<Vector>& columns, size_t rows) const;

    std::shared_ptr<const FilesystemScanConfig> config_;
    int subtask_;
    int parallelism_;
    std::unique_ptr<RowDecoder> decoder_;
    std::vector<std::string> files_;
    size_t nextFile_ = 0;
    bool opened_ = false;
    // the current file
    std::FILE* file_ = nullptr;
    std::string currentPath_;
    int64_t currentSize_ = 0;
    int64_t currentModifiedMicros_ = 0;
    std::string buffer_;
    size_t bufferPos_ = 0;
    bool eof_ = false;
    int64_t line_ = 0;  // lines consumed before the next record
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
