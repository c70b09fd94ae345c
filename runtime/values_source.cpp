#include "runtime/values_source.h"

#include <fmt/format.h>

namespace sluice::runtime {
namespace {

class ValuesSource : public Source {
public:
    ValuesSource(std::shared_ptr<const std::vector<RecordBatch>> batches, bool emits)
        : batches_(std::move(batches)), next_(emits ? 0 : batches_->size()) {}

    bool poll(Collector& out) override {
        // One batch per poll, so that a stop request is seen between batches.
        if (next_ >= batches_->size()) return false;
        out.collect((*batches_)[next_++]);
        return next_ < batches_->size();
    }

private:
    // Shared and copied per poll: the provider may create sources for several jobs.
    std::shared_ptr<const std::vector<RecordBatch>> batches_;
    size_t next_;
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
