#pragma once

#include <memory>
#include <string>
#include <vector>

#include "functions/expression.h"
#include "runtime/operator.h"

namespace sluice::runtime {

/// Filter then projection, a batch at a time (Flink's Calc). Row kinds pass through.
class CalcOperator : public Operator {
public:
    CalcOperator(std::vector<functions::ExprPtr> projections, functions::ExprPtr filter,
                 std::string description, std::string origin);
    void open(OperatorContext& ctx) override;
    void processBatch(RecordBatch batch, int input, Collector& out) override;
    std::string name() const override { return description_; }

private:
    void evaluate(RecordBatch batch, Collector& out);

    std::vector<functions::ExprPtr> projections_;
    functions::ExprPtr filter_;
    std::string description_;
    functions::EvalContext ctx_;
    std::vector<uint32_t> selection_;
};

}  // namespace sluice::runtime
