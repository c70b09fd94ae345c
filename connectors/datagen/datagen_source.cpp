#include "connectors/datagen/datagen_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <thread>

#include "common/error.h"

namespace sluice::connectors {

DatagenSource::DatagenSource(const DatagenConfig& config, int subtask, int parallelism)
    : config_(config), subtask_(subtask), parallelism_(std::max(parallelism, 1)) {
    rate_ = static_cast<double>(config_.rowsPerSecond) / parallelism_;
    if (config_.numberOfRows) {
        int64_t n = *config_.numberOfRows;
        limit_ = n / parallelism_ + (n % parallelism_ > subtask_ ? 1 : 0);
    }
    // the first exhausted sequence ends the table, projected or not (Flink's RowDataGenerator.hasNext)
    for (const auto& f : config_.fields) {
        if (f.kind != FieldSpec::Kind::Sequence) continue;
        int64_t n = f.sequenceCount(subtask_, parallelism_);
        limit_ = limit_ < 0 ? n : std::min(limit_, n);
    }
}

void DatagenSource::open(runtime::SourceContext& ctx) {
    maxRowsPerPoll_ = ctx.maxRowsPerPoll;
    generators_.clear();
    for (int p : config_.projection)
        generators_.emplace_back(config_.fields.at(static_cast<size_t>(p)), subtask_, parallelism_, ctx.zone);
    for (auto& g : generators_) g.skip(emitted_);
}

std::string DatagenSource::snapshotState(int64_t) {
    return std::to_string(emitted_);
}

void DatagenSource::restoreState(const std::string& state) {
    if (state.empty()) return;
    try {
        emitted_ = std::stoll(state);
    } catch (const std::exception&) {
        throw ExecutionError(fmt::format("Cannot restore the datagen source from state '{}'.", state));
    }
    emittedBeforeStart_ = emitted_;
}

bool DatagenSource::poll(runtime::Collector& out) {
    using Clock = std::chrono::steady_clock;
    if (limit_ >= 0 && emitted_ >= limit_) return false;
    if (generators_.size() != config_.projection.size()) {  // open() was skipped: use defaults
        runtime::SourceContext defaults;
        open(defaults);
    }
    auto now = Clock::now();
    if (!start_) start_ = now;
    double elapsed = std::chrono::duration<double>(now - *start_).count();
    // the first row is due at once, the next ones every 1/rate seconds
    double allowed = std::floor(elapsed * rate_) + 1;
    double sinceStart = static_cast<double>(emitted_ - emittedBeforeStart_);
    double due = allowed - sinceStart;
    if (due < 1) {
        double waitSeconds = (sinceStart / rate_) - elapsed;
        auto wait = std::chrono::duration<double>(std::clamp(waitSeconds, 0.001, 0.1));
        std::this_thread::sleep_for(wait);
        return true;
    }
    size_t n = static_cast<size_t>(std::min<double>(due, static_cast<double>(runtime::kTargetBatchRows)));
    if (limit_ >= 0) n = std::min<size_t>(n, static_cast<size_t>(limit_ - emitted_));
    if (maxRowsPerPoll_ > 0) n = std::min<size_t>(n, static_cast<size_t>(maxRowsPerPoll_));
    RecordBatch batch(config_.outputSchema);
    for (size_t c = 0; c < generators_.size(); ++c) generators_[c].generate(batch.columns[c], n);
    batch.numRows = n;
    emitted_ += static_cast<int64_t>(n);
    out.collect(std::move(batch));
    return limit_ < 0 || emitted_ < limit_;
}

bool DatagenSourceProvider::isBounded() const {
    if (config_.numberOfRows) return true;
    for (const auto& f : config_.fields)
        if (f.kind == FieldSpec::Kind::Sequence) return true;
    return false;
}

std::unique_ptr<runtime::Source> DatagenSourceProvider::createSource(int subtask, int parallelism) {
    return std::make_unique<DatagenSource>(config_, subtask, parallelism);
}

std::string DatagenSourceProvider::describe() const {
    std::string fields;
    for (const auto& f : config_.outputSchema.fields) fields += (fields.empty() ? "" : ", ") + f.name;
    std::string d = fmt::format("datagen(rows-per-second={}", config_.rowsPerSecond);
    if (config_.numberOfRows) d += fmt::format(", number-of-rows={}", *config_.numberOfRows);
    return d + ", fields=[" + fields + "])";
}

}  // namespace sluice::connectors
