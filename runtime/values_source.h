#pragma once

#include <memory>
#include <string>
#include <vector>

#include "runtime/source.h"

namespace sluice::runtime {

/// A bounded source of fixed batches (SQL VALUES). One subtask emits them all, in order.
class ValuesSourceProvider : public SourceProvider {
public:
    /// `description` is the EXPLAIN line; by default "values(rows=N)".
    ValuesSourceProvider(Schema schema, std::vector<RecordBatch> batches, std::string description = "");

    const Schema& outputSchema() const override { return schema_; }
    bool isBounded() const override { return true; }
    int maxParallelism() const override { return 1; }
    std::unique_ptr<Source> createSource(int subtask, int parallelism) override;
    std::string describe() const override { return description_; }

private:
    Schema schema_;
    std::shared_ptr<const std::vector<RecordBatch>> batches_;
    std::string description_;
};

}  // namespace sluice::runtime
