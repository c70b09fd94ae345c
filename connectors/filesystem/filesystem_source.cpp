#include "connectors/filesystem/filesystem_source.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>

#include "common/error.h"
#include "connectors/filesystem/partition_path.h"
#include "connectors/formats/field_parse.h"

namespace sluice::connectors {

namespace fs = std::filesystem;

namespace {
constexpr size_t kChunkBytes = 1 << 20;

bool hiddenName(const std::string& name) {
    return !name.empty() && (name[0] == '.' || name[0] == '_');
}
}  // namespace

std::vector<std::string> listInputFiles(const std::string& path, size_t partitionDepth) {
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
        bool dir = it->is_directory();
        if (hiddenName(name)) {
            if (dir) it.disable_recursion_pending();
            continue;
        }
        // Above the partition directories only directories count.
        if (static_cast<size_t>(it.depth()) < partitionDepth) continue;
        if (!dir && it->is_regular_file()) files.push_back(it->path().string());
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

void FilesystemSource::open(runtime::SourceContext& ctx) {
    maxRowsPerPoll_ = ctx.maxRowsPerPoll;
    if (opened_) return;
    opened_ = true;
    decoder_ =
        config_->format->createDecoder(config_->options, "", config_->fileSchema, config_->fileProjection);
    auto all = listInputFiles(config_->path, config_->partitionKeys.size());
    for (size_t i = 0; i < all.size(); ++i)
        if (static_cast<int>(i % static_cast<size_t>(parallelism_)) == subtask_) files_.push_back(all[i]);
    if (!restored_) return;
    if (restoreFile_ >= files_.size()) {
        nextFile_ = files_.size();
        return;
    }
    if (files_[restoreFile_] != restorePath_)
        throw ConnectorError(
            fmt::format("Cannot resume reading {} from the checkpoint: subtask {} was reading {}, but its "
                        "file {} is now {} (the files changed since the checkpoint was taken).",
                        config_->path, subtask_, restorePath_, restoreFile_, files_[restoreFile_]));
    nextFile_ = restoreFile_;
    if (restoreOffset_ == 0 && restoreLine_ == 0) return;
    openNextFile();
    if (std::fseek(file_, static_cast<long>(restoreOffset_), SEEK_SET) != 0)
        throw ConnectorError(fmt::format("Cannot seek in {}: {}", currentPath_, std::strerror(errno)));
    bufferOffset_ = restoreOffset_;
    line_ = restoreLine_;
}

void FilesystemSource::close() {
    closeFile();
}

std::string FilesystemSource::snapshotState(int64_t) {
    if (!opened_ && !restored_) return {};  // nothing read: a restore starts from the beginning
    size_t index = file_ ? nextFile_ - 1 : nextFile_;
    int64_t offset = file_ ? bufferOffset_ + static_cast<int64_t>(bufferPos_) : 0;
    int64_t line = file_ ? line_ : 0;
    if (!opened_ && restored_) {  // not opened yet: keep what was restored
        index = restoreFile_;
        offset = restoreOffset_;
        line = restoreLine_;
    }
    std::string path = !opened_ && restored_ ? restorePath_ : index < files_.size() ? files_[index] : "";
    return fmt::format("{}\t{}\t{}\t{}", index, offset, line, path);
}

void FilesystemSource::restoreState(const std::string& state) {
    if (state.empty()) return;
    std::vector<std::string> fields;
    for (size_t from = 0;;) {
        size_t tab = state.find('\t', from);
        fields.push_back(state.substr(from, tab == std::string::npos ? std::string::npos : tab - from));
        if (tab == std::string::npos || fields.size() == 3) {
            if (tab != std::string::npos) fields.push_back(state.substr(tab + 1));
            break;
        }
        from = tab + 1;
    }
    if (fields.size() != 4) throw ConnectorError(fmt::format("Bad filesystem source state '{}'.", state));
    restored_ = true;
    restoreFile_ = std::stoull(fields[0]);
    restoreOffset_ = std::stoll(fields[1]);
    restoreLine_ = std::stoll(fields[2]);
    restorePath_ = fields[3];
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
    bufferOffset_ = 0;
    eof_ = false;
    line_ = 0;
    partitionValues_.clear();
    if (!config_->partitionKeys.empty()) {
        // The partition directories are the first components below the table's path.
        std::string relative =
            fs::path(currentPath_).lexically_relative(config_->path).parent_path().string();
        std::map<std::string, std::string> spec;
        for (auto& [k, v] : parsePartitionPath(relative)) spec.emplace(k, v);
        for (size_t k = 0; k < config_->partitionKeys.size(); ++k) {
            const DataType& type =
                config_->physical.fields[static_cast<size_t>(config_->partitionColumns[k])].type;
            Vector v(type);
            auto it = spec.find(config_->partitionKeys[k]);
            if (it == spec.end() || it->second == config_->defaultPartitionName) {
                v.appendNull();
            } else {
                FieldSlot slot;
                std::string error;
                if (!parseScalarText(it->second, type, TimestampStandard::Either, slot, error))
                    throw ExecutionError(fmt::format(
                        "Can not convert {} to type {} for partition value of column "
                        "'{}' in {}: {}",
                        it->second, type.toString(), config_->partitionKeys[k], currentPath_, error));
                appendSlot(v, slot);
            }
            partitionValues_.push_back(std::move(v));
        }
    }
    return true;
}

bool FilesystemSource::fill() {
    if (eof_) return false;
    bufferOffset_ += static_cast<int64_t>(bufferPos_);
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

std::vector<Vector> FilesystemSource::assemble(std::vector<Vector> decoded, size_t rows) const {
    std::vector<Vector> columns;
    for (const auto& slot : config_->outputSlots) {
        if (!slot.partition) {
            columns.push_back(std::move(decoded[static_cast<size_t>(slot.index)]));
            continue;
        }
        const Vector& value = partitionValues_[static_cast<size_t>(slot.index)];
        Vector v(value.type());
        v.reserve(rows);
        for (size_t r = 0; r < rows; ++r) v.appendFrom(value, 0);
        columns.push_back(std::move(v));
    }
    for (size_t m = 0; m < config_->metadataKeys.size(); ++m)
        columns.emplace_back(config_->outputSchema.fields[config_->projection.size() + m].type);
    appendMetadata(columns, rows);
    return columns;
}

bool FilesystemSource::poll(runtime::Collector& out) {
    if (!opened_) {
        runtime::SourceContext defaults;
        open(defaults);
    }
    std::vector<Vector> decoded;
    for (int f : config_->fileProjection)
        decoded.emplace_back(config_->fileSchema.fields[static_cast<size_t>(f)].type);
    size_t rows = 0;
    bool more = true;
    size_t limit = runtime::kTargetBatchRows;
    if (maxRowsPerPoll_ > 0) limit = std::min(limit, static_cast<size_t>(maxRowsPerPoll_));
    // Each row's line, so that run-time errors can name file:line; a batch stays within one file.
    auto origins = std::make_shared<RowOrigins>();
    while (rows < limit) {
        if (!file_) {
            if (rows > 0) break;
            if (!openNextFile()) {
                more = false;
                break;
            }
        }
        origins->source = currentPath_;
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
        size_t added = decoder_->decode(record, decoded, origin);
        origins->positions.insert(origins->positions.end(), added, line_ + 1);
        rows += added;
        line_ += std::count(record.begin(), record.end(), '\n');
        bufferPos_ += len;
    }
    if (rows > 0) {
        RecordBatch batch;
        batch.columns = assemble(std::move(decoded), rows);
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
