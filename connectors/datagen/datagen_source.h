#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "connectors/datagen/field_generator.h"
#include "runtime/source.h"

namespace sluice::connectors {

/// What a datagen scan needs: every physical column's spec (sequences bound the table even when not
/// projected), the projection, and the rate.
struct DatagenConfig {
    std::vector<FieldSpec> fields;  // all physical columns
    std::vector<int> projection;    // indices into `fields`
    Schema outputSchema;
    int64_t rowsPerSecond = 10000;
    std::optional<int64_t> numberOfRows;
    int parallelism = 0;  // 'scan.parallelism', 0 when unset
};

/// One subtask of a datagen scan. rows-per-second is the total over all subtasks (each takes its
/// share, as Flink's DataGeneratorSource); rows are paced per batch by sleeping, never spinning.
class DatagenSource : public runtime::Source {
public:
    DatagenSource(const DatagenConfig& config, int subtask, int parallelism);
    void open(runtime::SourceContext& ctx) override;
    bool poll(runtime::Collector& out) override;

    /// Rows this subtask will emit in total; -1 when unbounded.
    int64_t rowLimit() const { return limit_; }
    /// The rows emitted so far (Flink checkpoints the generator's position too): after a restore,
    /// sequences continue where they stood and a bounded table does not emit its rows twice.
    std::string snapshotState(int64_t checkpointId) override;
    void restoreState(const std::string& state) override;

private:
    DatagenConfig config_;  // a copy, so the source does not depend on the provider outliving it
    int subtask_;
    int parallelism_;
    int64_t limit_ = -1;
    int64_t emitted_ = 0;
    int64_t maxRowsPerPoll_ = 0;      // SourceContext::maxRowsPerPoll
    int64_t emittedBeforeStart_ = 0;  // restored rows: pacing counts from the restart
    double rate_;                     // rows per second for this subtask
    std::vector<FieldGenerator> generators_;
    std::optional<std::chrono::steady_clock::time_point> start_;
};

class DatagenSourceProvider : public runtime::SourceProvider {
public:
    explicit DatagenSourceProvider(DatagenConfig config) : config_(std::move(config)) {}
    const Schema& outputSchema() const override { return config_.outputSchema; }
    bool isBounded() const override;
    int parallelism() const override { return config_.parallelism; }
    std::unique_ptr<runtime::Source> createSource(int subtask, int parallelism) override;
    std::string describe() const override;

private:
    DatagenConfig config_;
};

}  // namespace sluice::connectors
