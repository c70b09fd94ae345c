#include "connectors/filesystem/filesystem_sink.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <set>

#include "common/error.h"
#include "common/failpoint.h"
#include "connectors/connector_util.h"
#include "connectors/filesystem/partition_path.h"

namespace sluice::connectors {

namespace fs = std::filesystem;

namespace {

constexpr size_t kFlushBytes = 64 * 1024;

int64_t nowMillis() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// Partition creation times are kept in checkpoints, so they are wall-clock.
int64_t wallMillis() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void syncDirectory(const std::string& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

void merge(std::map<std::string, int64_t>& into, const std::map<std::string, int64_t>& from) {
    for (const auto& [p, t] : from) {
        auto [it, inserted] = into.emplace(p, t);
        if (!inserted && t < it->second) it->second = t;
    }
}

}  // namespace

FilesystemSink::FilesystemSink(std::shared_ptr<const FilesystemSinkConfig> config, int subtask,
                               std::shared_ptr<PartitionCommitter> committer)
    : config_(std::move(config)), subtask_(subtask), committer_(std::move(committer)) {}

FilesystemSink::~FilesystemSink() {
    closeAllFiles();
}

void FilesystemSink::open(runtime::SinkContext& ctx) {
    subtask_ = ctx.subtask;
    encoder_ = config_->format->createEncoder(config_->options, "", config_->fileSchema);
    std::error_code ec;
    fs::create_directories(config_->path, ec);
    if (ec) throw ConnectorError(fmt::format("Cannot create directory {}: {}", config_->path, ec.message()));
    lastCheckMillis_ = nowMillis();
    if (committer_ && !restoredPartitions_.empty()) committer_->restore(restoredPartitions_);
    restoredPartitions_.clear();
}

void FilesystemSink::openPartFile(const std::string& partition, Bucket& bucket) {
    fs::path dir = partition.empty() ? fs::path(config_->path) : fs::path(config_->path) / partition;
    if (!partition.empty()) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec)
            throw ConnectorError(fmt::format("Cannot create directory {}: {}", dir.string(), ec.message()));
    }
    std::string name = fmt::format("part-{}-{}-{}", config_->uuid, subtask_, partCounter_++);
    bucket.current.finalPath = (dir / name).string();
    bucket.current.inProgressPath = (dir / fmt::format(".{}.inprogress.{}", name, randomUuid())).string();
    bucket.current.partition = partition;
    bucket.file = std::fopen(bucket.current.inProgressPath.c_str(), "wb");
    if (!bucket.file)
        throw ConnectorError(
            fmt::format("Cannot create {}: {}", bucket.current.inProgressPath, std::strerror(errno)));
    bucket.bytes = 0;
    bucket.openedMillis = nowMillis();
    if (!partition.empty()) created_.emplace(partition, wallMillis());
}

void FilesystemSink::flushBuffer(const std::string& partition, Bucket& bucket) {
    if (bucket.buffer.empty()) return;
    if (!bucket.file) openPartFile(partition, bucket);
    if (std::fwrite(bucket.buffer.data(), 1, bucket.buffer.size(), bucket.file) != bucket.buffer.size())
        throw ConnectorError(
            fmt::format("Cannot write {}: {}", bucket.current.inProgressPath, std::strerror(errno)));
    bucket.bytes += static_cast<int64_t>(bucket.buffer.size());
    bucket.buffer.clear();
}

void FilesystemSink::rollPartFile(const std::string& partition, Bucket& bucket) {
    flushBuffer(partition, bucket);
    if (!bucket.file) return;
    bool ok = std::fflush(bucket.file) == 0 && ::fsync(fileno(bucket.file)) == 0;
    ok = std::fclose(bucket.file) == 0 && ok;
    bucket.file = nullptr;
    if (!ok)
        throw ConnectorError(
            fmt::format("Cannot close {}: {}", bucket.current.inProgressPath, std::strerror(errno)));
    closed_.push_back(bucket.current);
}

void FilesystemSink::rollAll() {
    for (auto& [partition, bucket] : buckets_) rollPartFile(partition, bucket);
    // Closed buckets are dropped: a partition that gets no more rows holds no file open.
    buckets_.clear();
}

void FilesystemSink::writeRows(const RecordBatch& batch, const std::vector<uint32_t>* rows,
                               const std::string& partition) {
    Bucket& bucket = buckets_[partition];
    size_t n = rows ? rows->size() : batch.numRows;
    for (size_t i = 0; i < n; ++i) {
        size_t r = rows ? (*rows)[i] : i;
        encoder_->encode(batch, r, bucket.buffer);
        bucket.buffer += '\n';
        if (bucket.bytes + static_cast<int64_t>(bucket.buffer.size()) >= config_->fileSizeBytes) {
            rollPartFile(partition, bucket);
        } else if (bucket.buffer.size() >= kFlushBytes) {
            flushBuffer(partition, bucket);
        }
    }
    flushBuffer(partition, bucket);
    bucket.lastWriteMillis = nowMillis();
}

void FilesystemSink::write(const RecordBatch& batch) {
    if (!encoder_) {
        runtime::SinkContext defaults;
        defaults.subtask = subtask_;
        open(defaults);
    }
    for (size_t r = 0; r < batch.numRows; ++r)
        if (batch.kind(r) != RowKind::Insert)
            throw ExecutionError(
                fmt::format("The filesystem sink at {} is append-only but received a {} row.", config_->path,
                            rowKindShortString(batch.kind(r))));
    if (config_->partitionColumns.empty()) {
        writeRows(batch, nullptr, "");
    } else {
        // The files hold the other columns only (Flink's projectColumnsToWrite).
        RecordBatch data;
        data.numRows = batch.numRows;
        for (size_t c = 0; c < batch.columns.size(); ++c)
            if (std::find(config_->partitionColumns.begin(), config_->partitionColumns.end(),
                          static_cast<int>(c)) == config_->partitionColumns.end())
                data.columns.push_back(batch.columns[c]);
        std::map<std::string, std::vector<uint32_t>> rowsOf;
        std::vector<std::string> values(config_->partitionColumns.size());
        for (size_t r = 0; r < batch.numRows; ++r) {
            for (size_t k = 0; k < values.size(); ++k)
                values[k] =
                    partitionValueText(batch.columns[static_cast<size_t>(config_->partitionColumns[k])], r,
                                       config_->defaultPartitionName);
            rowsOf[partitionPath(config_->partitionKeys, values)].push_back(static_cast<uint32_t>(r));
        }
        for (const auto& [partition, rows] : rowsOf) writeRows(data, &rows, partition);
    }
    // Time-based rolling, checked every 'sink.rolling-policy.check-interval' (Flink's TableRollingPolicy).
    int64_t now = nowMillis();
    if (now - lastCheckMillis_ >= config_->checkIntervalMillis) {
        lastCheckMillis_ = now;
        for (auto it = buckets_.begin(); it != buckets_.end();) {
            Bucket& b = it->second;
            if (b.file && (now - b.openedMillis >= config_->rolloverIntervalMillis ||
                           now - b.lastWriteMillis >= config_->inactivityIntervalMillis)) {
                rollPartFile(it->first, b);
                it = buckets_.erase(it);
            } else {
                ++it;
            }
        }
    }
}

void FilesystemSink::prepareCheckpoint(int64_t checkpointId) {
    rollAll();
    auto& files = pending_[checkpointId];
    files.insert(files.end(), closed_.begin(), closed_.end());
    closed_.clear();
    merge(pendingPartitions_[checkpointId], created_);
    created_.clear();
    watermarkAt_[checkpointId] = watermark_;
}

void FilesystemSink::commit(std::vector<PartFile>& files) {
    std::set<std::string> dirs;
    for (const auto& f : files) {
        std::error_code ec;
        fs::rename(f.inProgressPath, f.finalPath, ec);
        if (ec)
            throw ConnectorError(
                fmt::format("Cannot rename {} to {}: {}", f.inProgressPath, f.finalPath, ec.message()));
        dirs.insert(fs::path(f.finalPath).parent_path().string());
    }
    for (const auto& d : dirs) syncDirectory(d);
    files.clear();
}

void FilesystemSink::notifyCheckpointComplete(int64_t checkpointId) {
    std::map<std::string, int64_t> partitions;
    for (auto it = pending_.begin(); it != pending_.end() && it->first <= checkpointId;) {
        commit(it->second);
        it = pending_.erase(it);
    }
    for (auto it = pendingPartitions_.begin(); it != pendingPartitions_.end() && it->first <= checkpointId;) {
        merge(partitions, it->second);
        it = pendingPartitions_.erase(it);
    }
    std::optional<int64_t> watermark;
    auto w = watermarkAt_.upper_bound(checkpointId);
    if (w != watermarkAt_.begin()) {
        watermark = std::prev(w)->second;
        watermarkAt_.erase(watermarkAt_.begin(), w);
    }
    // crash tests: the checkpoint's files are final, its partitions not committed yet
    if (committer_) failpoint("filesystem.before-partition-commit");
    if (committer_) committer_->report(subtask_, checkpointId, partitions, watermark);
}

std::string FilesystemSink::snapshotState(int64_t checkpointId) {
    // The part counter too: a job restarted in the same process keeps the provider's uuid, and its new
    // files must neither overwrite the committed ones nor sort before them.
    std::string state = fmt::format("#next={}\n", partCounter_);
    for (const auto& [id, files] : pending_) {
        if (id > checkpointId) continue;
        for (const auto& f : files) state += "F\t" + f.inProgressPath + '\t' + f.finalPath + '\n';
    }
    if (committer_) {
        // Partitions not committed yet: those of checkpoints up to this one, and those the committer
        // holds (each subtask keeps a copy; a restore merges them).
        std::map<std::string, int64_t> partitions = committer_->pending();
        for (const auto& [id, ps] : pendingPartitions_)
            if (id <= checkpointId) merge(partitions, ps);
        for (const auto& [p, t] : partitions) state += fmt::format("P\t{}\t{}\n", p, t);
    }
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
        std::vector<std::string> fields;
        for (size_t from = 0;;) {
            size_t tab = line.find('\t', from);
            fields.push_back(line.substr(from, tab == std::string::npos ? std::string::npos : tab - from));
            if (tab == std::string::npos) break;
            from = tab + 1;
        }
        if (fields.size() == 2) fields.insert(fields.begin(), "F");  // the state before partitions
        if (fields.size() != 3) continue;
        if (fields[0] == "F") {
            PartFile f{fields[1], fields[2], {}};
            if (fs::exists(f.inProgressPath)) files.push_back(std::move(f));
        } else if (fields[0] == "P") {
            int64_t created = std::stoll(fields[2]);
            auto [it, inserted] = restoredPartitions_.emplace(fields[1], created);
            if (!inserted && created < it->second) it->second = created;
        }
    }
    commit(files);
}

void FilesystemSink::finish() {
    rollAll();
    for (auto& [id, files] : pending_) commit(files);
    pending_.clear();
    commit(closed_);
    if (committer_) {
        std::map<std::string, int64_t> partitions = created_;
        for (const auto& [id, ps] : pendingPartitions_) merge(partitions, ps);
        committer_->finish(subtask_, partitions);
    }
    created_.clear();
    pendingPartitions_.clear();
}

void FilesystemSink::closeAllFiles() {
    for (auto& [partition, bucket] : buckets_)
        if (bucket.file) {
            std::fclose(bucket.file);
            bucket.file = nullptr;
        }
}

void FilesystemSink::close() {
    // after a failure the in-progress files stay hidden, as Flink leaves them
    closeAllFiles();
}

std::unique_ptr<runtime::Sink> FilesystemSinkProvider::createSink(int subtask, int parallelism) {
    // Subtasks are created 0..n-1 each time the job (re)starts: a new committer per start.
    if (config_->commit && (subtask == 0 || !committer_))
        committer_ = std::make_shared<PartitionCommitter>(config_->commit, config_->path, parallelism);
    return std::make_unique<FilesystemSink>(config_, subtask, committer_);
}

std::string FilesystemSinkProvider::describe() const {
    std::string partitioned = config_->partitionKeys.empty()
                                  ? ""
                                  : fmt::format(", partitioned by=[{}]", joinNames(config_->partitionKeys));
    return fmt::format("filesystem(path={}, format={}{})", config_->path, config_->format->identifier(),
                       partitioned);
}

}  // namespace sluice::connectors
