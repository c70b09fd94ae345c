#include "connectors/filesystem/partition_committer.h"

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>

#include "common/error.h"
#include "connectors/filesystem/partition_path.h"

namespace sluice::connectors {

namespace fs = std::filesystem;

namespace {
constexpr int64_t kEnded = std::numeric_limits<int64_t>::max();

int64_t wallMillis() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
}  // namespace

PartitionCommitter::PartitionCommitter(std::shared_ptr<const PartitionCommitConfig> config,
                                       std::string basePath, int parallelism)
    : config_(std::move(config)),
      basePath_(std::move(basePath)),
      reported_(static_cast<size_t>(std::max(parallelism, 1)), 0),
      watermarks_(static_cast<size_t>(std::max(parallelism, 1))) {}

void PartitionCommitter::addPending(const std::map<std::string, int64_t>& partitions) {
    // The earliest creation time wins (Flink: putIfAbsent).
    for (const auto& [p, created] : partitions) {
        auto [it, inserted] = pending_.emplace(p, created);
        if (!inserted && created < it->second) it->second = created;
    }
}

void PartitionCommitter::restore(const std::map<std::string, int64_t>& partitions) {
    std::lock_guard lock(mutex_);
    addPending(partitions);
}

void PartitionCommitter::report(int subtask, int64_t checkpointId,
                                const std::map<std::string, int64_t>& partitions,
                                std::optional<int64_t> watermark) {
    std::lock_guard lock(mutex_);
    addPending(partitions);
    auto s = static_cast<size_t>(subtask);
    if (s >= reported_.size()) return;
    reported_[s] = std::max(reported_[s], checkpointId);
    if (watermark) watermarks_[s] = watermark;
    maybeCommit();
}

void PartitionCommitter::finish(int subtask, const std::map<std::string, int64_t>& partitions) {
    std::lock_guard lock(mutex_);
    addPending(partitions);
    auto s = static_cast<size_t>(subtask);
    if (s < reported_.size()) reported_[s] = kEnded;
    maybeCommit();
}

std::map<std::string, int64_t> PartitionCommitter::pending() const {
    std::lock_guard lock(mutex_);
    return pending_;
}

bool PartitionCommitter::committable(const std::string& partition, int64_t createdMillis, int64_t nowMillis,
                                     std::optional<int64_t> watermark) const {
    const auto& c = *config_;
    if (c.trigger == PartitionCommitConfig::Trigger::ProcessTime)
        return c.delayMillis == 0 ||
               nowMillis > createdMillis + c.delayMillis;  // Flink's ProcTimeCommitPredicate
    if (!watermark) return false;
    std::vector<std::string> values;
    auto spec = parsePartitionPath(partition);
    for (auto& [k, v] : spec) values.push_back(v);
    int64_t local = c.extractor->extract(c.partitionKeys, values);
    // Flink compares in epoch millis, the partition time taken in the watermark's zone.
    int64_t partitionMillis = c.watermarkZone.toUtc(local) / 1000;
    return *watermark > partitionMillis + c.delayMillis;
}

void PartitionCommitter::maybeCommit() {
    int64_t ready = kEnded;
    std::optional<int64_t> watermark;
    bool allEnded = true;
    for (size_t s = 0; s < reported_.size(); ++s) {
        ready = std::min(ready, reported_[s]);
        if (reported_[s] == kEnded) continue;
        allEnded = false;
        // The data below the smallest watermark is final in every subtask.
        if (!watermarks_[s])
            watermark = std::numeric_limits<int64_t>::min();
        else if (!watermark || *watermarks_[s] < *watermark)
            watermark = watermarks_[s];
    }
    if (ready == 0 || (ready <= lastDecided_ && !allEnded)) return;
    lastDecided_ = ready;
    int64_t now = wallMillis();
    for (auto it = pending_.begin(); it != pending_.end();) {
        if (allEnded || committable(it->first, it->second, now, watermark)) {
            commit(it->first);
            it = pending_.erase(it);
        } else {
            ++it;
        }
    }
}

void PartitionCommitter::commit(const std::string& partition) {
    if (!config_->successFile) return;
    // Flink's SuccessFileCommitPolicy: an empty file, overwritten when the partition is committed again.
    fs::path file = fs::path(basePath_) / partition / config_->successFileName;
    std::FILE* f = std::fopen(file.c_str(), "wb");
    if (!f) throw ConnectorError(fmt::format("Cannot create {}: {}", file.string(), std::strerror(errno)));
    std::fclose(f);
}

}  // namespace sluice::connectors
