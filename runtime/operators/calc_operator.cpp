#include "runtime/operators/calc_operator.h"

#include "common/error.h"

namespace sluice::runtime {

CalcOperator::CalcOperator(std::vector<functions::ExprPtr> projections, functions::ExprPtr filter,
                           std::string description, std::string origin)
    : projections_(std::move(projections)), filter_(std::move(filter)), description_(std::move(description)) {
    ctx_.origin = std::move(origin);
}

void CalcOperator::open(OperatorContext& ctx) {
    ctx_.zone = ctx.zone;
    ctx_.queryStartMicros = ctx.queryStartMicros;
}

void CalcOperator::processBatch(RecordBatch batch, int, Collector& out) {
    std::shared_ptr<const RowOrigins> origins = batch.origins;  // outlives the batch, for the message
    try {
        evaluate(std::move(batch), out);
        ctx_.rows = nullptr;
    } catch (ExecutionError& e) {
        ctx_.rows = nullptr;
        // Kernels that know the failing row name it; otherwise name the batch's span of rows.
        std::string message = e.what();
        if (!origins || message.find(origins->source) != std::string::npos) throw;
        throw ExecutionError(message + " (rows from " + origins->describeAll() + ")");
    }
}

void CalcOperator::evaluate(RecordBatch batch, Collector& out) {
    ctx_.rows = batch.origins.get();
    if (filter_) {
        Vector keep = filter_->evaluate(batch, ctx_);
        const uint8_t* v = keep.data<uint8_t>();
        const uint8_t* nulls = keep.nulls();
        selection_.clear();
        for (size_t i = 0; i < batch.numRows; ++i)
            if (v[i] && !(nulls && nulls[i])) selection_.push_back(static_cast<uint32_t>(i));
        if (selection_.empty()) return;
        if (selection_.size() != batch.numRows) batch = batch.gather(selection_);
        ctx_.rows = batch.origins.get();
    }
    RecordBatch result;
    result.numRows = batch.numRows;
    result.columns.reserve(projections_.size());
    for (const auto& p : projections_) result.columns.push_back(p->evaluate(batch, ctx_));
    result.rowKinds = std::move(batch.rowKinds);
    result.origins = std::move(batch.origins);
    out.collect(std::move(result));
}

}  // namespace sluice::runtime
