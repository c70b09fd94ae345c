#include "connectors/filesystem/filesystem_sink.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "common/error.h"
#include "connectors/connector_util.h"

namespace sluice::connectors {

namespace fs = std::filesystem;

namespace {

constexpr size_t kFlushBytes = 64 * 1024;

int64_t nowMillis() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

void syncDirectory(const std::string& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

FilesystemSink::FilesystemSink(std::shared_ptr<const FilesystemSinkConfig> config, int subtask)
    : config_(std::move(config)), subtask_(subtask) {}

FilesystemSink::~FilesystemSink() {
    if (file_) std::fclose(file_);
}

void FilesystemSink::open(runtime::SinkContext& ctx) {
    subtask_ = ctx.subtask;
    encoder_ = config_->format->createEncoder(config_->options, "", config_->physical);
    std::error_code ec;
    fs::create_directories(config_->path, ec);
    if (ec) throw ConnectorError(fmt::format("Cannot create directory {}: {}", config_->path, ec.message()));
}

void FilesystemSink::openPartFile() {
    std::string name = fmt::format("part-{}-{}-{}", config_->uuid, subtask_, partCounter_++);
    current_.finalPath = (fs::path(config_->path) / name).string();
    current_.inProgressPath =
        (fs::path(config_->path) / fmt::format(".{}.inprogress.{}", name, randomUuid())).string();
    file_ = std::fopen(current_.inProgressPath.c_str(), "wb");
    if (!file_)
        throw ConnectorError(
            fmt::format("Cannot create {}: {}", current_.inProgressPath, std::strerror(errno)));
    currentBytes_ = 0;
    currentOpenedMillis_ = nowMillis();
}

void FilesystemSink::flushBuffer() {
    if (buffer_.empty()) return;
    if (!file_) openPartFile();
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
        throw ConnectorError(
            fmt::format("Cannot write {}: {}", current_.inProgressPath, std::strerror(errno)));
    currentBytes_ += static_cast<int64_t>(buffer_.size());
    buffer_.clear();
}

void FilesystemSink::rollPartFile() {
    flushBuffer();
    if (!file_) return;
    bool ok = std::fflush(file_) == 0 && ::fsync(fileno(file_)) == 0;
    ok = std::fclose(file_) == 0 && ok;
    file_ = nullptr;
    if (!ok)
        throw ConnectorError(
            fmt::format("Cannot close {}: {}", current_.inProgressPath, std::strerror(errno)));
    closed_.push_back(current_);
}

void FilesystemSink::write(const RecordBatch& batch) {
    if (!encoder_) {
        runtime::SinkContext defaults;
        defaults.subtask = subtask_;
        open(defaults);
    }
    for (size_t r = 0; r < batch.numRows; ++r) {
        if (batch.kind(r) != RowKind::Insert)
            throw ExecutionError(
                fmt::format("The filesystem sink at {} is append-only but received a {} row.", config_->path,
                            rowKindShortString(batch.kind(r))));
        encoder_->encode(batch, r, buffer_);
        buffer_ += '\n';
        if (currentBytes_ + static_cast<int64_t>(buffer_.size()) >= config_->fileSizeBytes) {
            rollPartFile();
        } else if (buffer_.size() >= kFlushBytes) {
            flushBuffer();
        }
    }
    flushBuffer();
    if (file_ && nowMillis() - currentOpenedMillis_ >= config_->rolloverIntervalMillis) rollPartFile();
}

void FilesystemSink::prepareCheckpoint(int64_t checkpointId) {
    rollPartFile();
    auto& files = pending_[checkpointId];
    files.insert(files.end(), closed_.begin(), closed_.end());
    closed_.clear();
}

void FilesystemSink::commit(std::vector<PartFile>& files) {
    for (const auto& f : files) {
        std::error_code ec;
        fs::rename(f.inProgressPath, f.finalPath, ec);
        if (ec)
            throw ConnectorError(
                fmt::format("Cannot rename {} to {}: {}", f.inProgressPath, f.finalPath, ec.message()));
    }
    if (!files.empty()) syncDirectory(config_->path);
    files.clear();
}

void FilesystemSink::notifyCheckpointComplete(int64_t checkpointId) {
    for (auto it = pending_.begin(); it != pending_.end() && it->first <= checkpointId;) {
        commit(it->second);
        it = pending_.erase(it);
    }
}

std::string FilesystemSink::snapshotState(int64_t checkpointId) {
    // The part counter too: a job restarted in the same process keeps the provider's uuid, and its new
    // files must neither overwrite the committed ones nor sort before them.
    std::string state = fmt::format("#next={}\n", partCounter_);
    auto it = pending_.find(checkpointId);
    if (it == pending_.end()) return state;
    for (const auto& f : it->second) state += f.inProgressPath + '\t' + f.finalPath + '\n';
    return state;
}

void FilesystemSink::restoreState(const std::string& state, int64_t) {
    // The restored checkpoint is complete: its files are final, whether or not the rename happened.
    std::vector<PartFile> files;
    size_t start = 0;
    while (start < state.size()) {
        size_t end = state.find('\n', start);
        if (end == std::string::npos) end = state.size();
        std::string line = state.substr(start, end - start);
        start = end + 1;
        if (line.starts_with("#next=")) {
            partCounter_ = std::max<int64_t>(partCounter_, std::stoll(line.substr(6)));
            continue;
        }
        size_t tab = line.find('\t');
        if (tab == std::string::npos) continue;
        PartFile f{line.substr(0, tab), line.substr(tab + 1)};
        if (fs::exists(f.inProgressPath)) files.push_back(std::move(f));
    }
    commit(files);
}

void FilesystemSink::finish() {
    rollPartFile();
    for (auto& [id, files] : pending_) commit(files);
    pending_.clear();
    commit(closed_);
}

void FilesystemSink::close() {
    // after a failure the in-progress file stays hidden, as Flink leaves it
    if (file_) std::fclose(file_);
    file_ = nullptr;
}

std::unique_ptr<runtime::Sink> FilesystemSinkProvider::createSink(int subtask, int) {
    return std::make_unique<FilesystemSink>(config_, subtask);
}

std::string FilesystemSinkProvider::describe() const {
    return fmt::format("filesystem(path={}, format={})", config_->path, config_->format->identifier());
}

}  // namespace sluice::connectors
