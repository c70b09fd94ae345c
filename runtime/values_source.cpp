#include "runtime/values_source.h"

#include <algorithm>

#include <fmt/format.h>

namespace sluice::runtime {
namespace {

class ValuesSource : public Source {
public:
    ValuesSource(std::shared_ptr<const std::vector<RecordBatch>> batches, bool emits)
        : batches_(std::move(batches)), next_(emits ? 0 : batches_->size()) {}

    void open(SourceContext& ctx) override {
        maxRows_ = static_cast<size_t>(std::max<int64_t>(0, ctx.maxRowsPerPoll));
    }

    bool poll(Collector& out) override {
        // One batch (or maxRowsPerPoll rows of it) per poll, so that stop requests and barriers are
        // seen between them.
        if (next_ >= batches_->size()) return false;
        const RecordBatch& batch = (*batches_)[next_];
        size_t take = batch.numRows - row_;
        if (maxRows_ > 0 && take > maxRows_) take = maxRows_;
        if (row_ == 0 && take == batch.numRows) {
            out.collect(batch);
        } else {
            std::vector<uint32_t> rows(take);
            for (size_t i = 0; i < take; ++i) rows[i] = static_cast<uint32_t>(row_ + i);
            out.collect(batch.gather(rows));
        }
        row_ += take;
        if (row_ >= batch.numRows) {
            ++next_;
            row_ = 0;
        }
        // "Exhausted" only on the next poll: a checkpoint can still come after the last row.
        return true;
    }

    // The position: "<batch>:<row>" (the rows are the same in every run of the same statement).
    std::string snapshotState(int64_t) override { return fmt::format("{}:{}", next_, row_); }

    void restoreState(const std::string& state) override {
        size_t colon = state.find(':');
        if (colon == std::string::npos) return;
        next_ = std::min<size_t>(std::stoull(state.substr(0, colon)), batches_->size());
        row_ = std::stoull(state.substr(colon + 1));
    }

private:
    // Shared and copied per poll: the provider may create sources for several jobs.
    std::shared_ptr<const std::vector<RecordBatch>> batches_;
    size_t next_;
    size_t row_ = 0;
    size_t maxRows_ = 0;
};

}  // namespace

ValuesSourceProvider::ValuesSourceProvider(Schema schema, std::vector<RecordBatch> batches,
                                           std::string description)
    : schema_(std::move(schema)),
      batches_(std::make_shared<const std::vector<RecordBatch>>(std::move(batches))),
      description_(std::move(description)) {
    if (description_.empty()) {
        size_t rows = 0;
        for (const auto& b : *batches_) rows += b.numRows;
        description_ = fmt::format("values(rows={})", rows);
    }
}

std::unique_ptr<Source> ValuesSourceProvider::createSource(int subtask, int parallelism) {
    // Should the planner ever run it wider, only subtask 0 emits, so rows are not duplicated.
    return std::make_unique<ValuesSource>(batches_, subtask == 0);
}

}  // namespace sluice::runtime
