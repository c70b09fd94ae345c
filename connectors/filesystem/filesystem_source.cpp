#include "connectors/filesystem/filesystem_source.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/error.h"

namespace sluice::connectors {

namespace fs = std::filesystem;

namespace {
constexpr size_t kChunkBytes = 1 << 20;

bool hiddenName(const std::string& name) {
    return !name.empty() && (name[0] == '.' || name[0] == '_');
}
}  // namespace

std::vector<std::string> listInputFiles(const std::string& path) {
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) throw ConnectorError(fmt::format("File {} does not exist.", path));
    std::vector<std::string> files;
    if (fs::is_regular_file(status)) {
        files.push_back(path);
        return files;
    }
    for (auto it = fs::recursive_directory_iterator(path, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (hiddenName(name)) {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file()) files.push_back(it->path().string());
    }
    if (ec) throw ConnectorError(fmt::format("Cannot list directory {}: {}", path, ec.message()));
    std::sort(files.begin(), files.end());
    return files;
}

FilesystemSource::FilesystemSource(std::shared_ptr<const FilesystemScanConfig> config, int subtask,
                                   int parallelism)
    : config_(std::move(config)), subtask_(subtask), parallelism_(std::max(parallelism, 1)) {}

FilesystemSource::~FilesystemSource() {
    closeFile();
}

void FilesystemSource::open(runtime::SourceContext&) {
    if (opened_) return;
    opened_ = true;
    decoder_ = config_->format->createDecoder(config_->options, "", config_->physical, config_->projection);
    auto all = listInputFiles(config_->path);
    for (size_t i = 0; i < all.size(); ++i)
        if (static_cast<int>(i % static_cast<size_t>(parallelism_)) == subtask_) files_.push_back(all[i]);
}

void FilesystemSource::close() {
    closeFile();
}

void FilesystemSource::closeFile() {
    if (file_) std::fclose(file_);
    file_ = nullptr;
}

bool FilesystemSource::openNextFile() {
    closeFile();
    if (nextFile_ >= files_.size()) return false;
    currentPath_ = files_[nextFile_++];
    file_ = std::fopen(currentPath_.c_str(), "rb");
    if (!file_) throw ConnectorError(fmt::format("Cannot open {}: {}", currentPath_, std::strerror(errno)));
    struct stat st {};
    if (::stat(currentPath_.c_str(), &st) == 0) {
        currentSize_ = st.st_size;
        currentModifiedMicros_ = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000 +
                                 static_cast<int64_t>(st.st_mtim.tv_nsec) / 1000000 * 1000;
    }
    buffer_.clear();
    bufferPos_ = 0;
    eof_ = false;
    line_ = 0;
    return true;
}

bool FilesystemSource::fill() {
    if (eof_) return false;
    buffer_.erase(0, bufferPos_);
    bufferPos_ = 0;
    size_t old = buffer_.size();
    buffer_.resize(old + kChunkBytes);
    size_t got = std::fread(buffer_.data() + old, 1, kChunkBytes, file_);
    buffer_.resize(old + got);
    if (got < kChunkBytes) {
        if (std::ferror(file_)) throw ConnectorError(fmt::format("Cannot read {}", currentPath_));
        eof_ = true;
    }
    return got > 0 || eof_;
}

void FilesystemSource::appendMetadata(std::vector<Vector>& columns, size_t rows) const {
    size_t base = config_->projection.size();
    for (size_t m = 0; m < config_->metadataKeys.size(); ++m) {
        Vector& v = columns[base + m];
        const std::string& key = config_->metadataKeys[m];
        for (size_t r = 0; r < rows; ++r) {
            if (key == "file.path")
                v.appendString(currentPath_);
            else if (key == "file.name")
                v.appendString(fs::path(currentPath_).filename().string());
            else if (key == "file.size")
                v.append<int64_t>(currentSize_);
            else
                v.append<int64_t>(currentModifiedMicros_);
        }
    }
}

bool FilesystemSource::poll(runtime::Collector& out) {
    if (!opened_) {
        runtime::SourceContext defaults;
        open(defaults);
    }
    std::vector<Vector> columns;
    for (const auto& f : config_->outputSchema.fields) columns.emplace_back(f.type);
    size_t rows = 0;
    bool more = true;
    // Each row's line, so that run-time errors can name file:line; a batch stays within one file.
    auto origins = std::make_shared<RowOrigins>();
    while (rows < runtime::kTargetBatchRows) {
        if (!file_) {
            if (rows > 0) break;
            if (!openNextFile()) {
                more = false;
                break;
            }
            origins->source = currentPath_;
        }
        std::string_view rest(buffer_.data() + bufferPos_, buffer_.size() - bufferPos_);
        size_t len = rest.empty() ? std::string_view::npos : decoder_->recordLength(rest, eof_);
        if (len == std::string_view::npos || len == 0) {
            if (eof_) {
                closeFile();  // nothing left of this file
                continue;
            }
            fill();
            continue;
        }
        std::string_view record = rest.substr(0, len);
        RecordOrigin origin{currentPath_, line_ + 1};
        size_t added = decoder_->decode(record, columns, origin);
        if (added) appendMetadata(columns, added);
        origins->positions.insert(origins->positions.end(), added, line_ + 1);
        rows += added;
        line_ += std::count(record.begin(), record.end(), '\n');
        bufferPos_ += len;
    }
    if (rows > 0) {
        RecordBatch batch;
        batch.columns = std::move(columns);
        batch.numRows = rows;
        batch.origins = std::move(origins);
        out.collect(std::move(batch));
    }
    return more;
}

std::unique_ptr<runtime::Source> FilesystemSourceProvider::createSource(int subtask, int parallelism) {
    return std::make_unique<FilesystemSource>(config_, subtask, parallelism);
}

std::string FilesystemSourceProvider::describe() const {
    std::string fields;
    for (const auto& f : config_->outputSchema.fields) fields += (fields.empty() ? "" : ", ") + f.name;
    return fmt::format("filesystem(path={}, format={}, fields=[{}])", config_->path,
                       config_->format->identifier(), fields);
}

}  // namespace sluice::connectors
