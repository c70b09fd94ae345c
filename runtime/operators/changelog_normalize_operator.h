#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/operator.h"

namespace sluice::runtime {

/// Flink's ChangelogNormalize: turns an upsert stream (rows keyed by `keyFields`, +I/+U = upsert,
/// -D/-U = delete, possibly carrying only the key) into a proper retract changelog, keeping the
/// last row per key. Semantics of Flink's DeduplicateFunctionHelper.processLastRowOnChangelog with
/// state TTL off (Flink's default):
///   upsert, unknown key             -> +I(new)
///   upsert, known key, row differs  -> -U(old) if generateUpdateBefore, then +U(new)
///   upsert, known key, same row     -> nothing (Flink suppresses it unless state TTL is on)
///   delete, known key               -> -D(old), the full stored row (a tombstone carries only the key)
///   delete, unknown key             -> nothing
/// Must run keyed: every row of one key reaches the same subtask (a hash exchange on the key).
class ChangelogNormalizeOperator : public Operator {
public:
    ChangelogNormalizeOperator(std::vector<DataType> types, std::vector<int> keyFields,
                               bool generateUpdateBefore, std::string description);
    void processBatch(RecordBatch batch, int input, Collector& out) override;
    std::string name() const override { return description_; }

    /// The whole state (every key's last row) as bytes.
    std::string snapshotState(int64_t checkpointId) const override;
    /// Replaces the state with a snapshot's; throws InternalError on bytes it did not write.
    void restoreState(const std::string& state) override;

    /// Keys currently in state.
    size_t stateSize() const { return state_.size(); }

private:
    /// Appends the row-encoding of column `c`, row `r` of `batch` to `out`.
    void encodeField(const Vector& v, size_t r, std::string& out) const;
    /// Appends the stored row `row` to the output columns.
    void appendStored(std::string_view row);

    std::vector<DataType> types_;
    std::vector<int> keyFields_;
    bool generateUpdateBefore_;
    std::string description_;
    // Encoded key -> encoded last row (null flag + fixed bytes / length-prefixed bytes per column):
    // two strings per key rather than a vector of Values per row.
    std::unordered_map<std::string, std::string> state_;

    // Per-batch scratch, reused.
    std::string keyBuf_;
    std::string rowBuf_;
    std::vector<Vector> outCols_;
    std::vector<RowKind> outKinds_;
    std::vector<int64_t> outPositions_;
};

}  // namespace sluice::runtime
