#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/record_batch.h"
#include "common/vector.h"
#include "planner/table_options.h"

namespace sluice::connectors {

/// Where a record came from, for error messages: "path:line" for files, "topic-0@42" for Kafka.
struct RecordOrigin {
    std::string_view source;
    int64_t line = 0;  // 0: no line number
    std::string text() const;
};

/// Turns serialized records into rows of the projected columns. One instance per subtask (not thread-safe).
class RowDecoder {
public:
    virtual ~RowDecoder() = default;
    /// Decodes one record and appends its rows to `columns` (one vector per projected column). Returns the
    /// number of rows appended: 0 for a record skipped (blank, comment, or bad with ignore-parse-errors),
    /// several for a JSON array. Throws ExecutionError naming `origin` for a bad record.
    virtual size_t decode(std::string_view record, std::vector<Vector>& columns,
                          const RecordOrigin& origin) = 0;
    /// Length of the first complete record in `data`, including its line terminator, or npos when the
    /// record continues past `data` (unless `eof`, where the rest is one record).
    virtual size_t recordLength(std::string_view data, bool eof) const;
    /// Bad records skipped so far under ignore-parse-errors (tells them apart from records that hold no
    /// row, such as an empty JSON array).
    int64_t skippedBadRecords() const { return skippedBad_; }

protected:
    int64_t skippedBad_ = 0;
};

/// Turns rows into serialized records.
class RowEncoder {
public:
    virtual ~RowEncoder() = default;
    /// Appends the record for row `row` of `batch` (the table's physical columns) to `out`, without a line
    /// terminator (files add '\n', message-based connectors send it as is).
    virtual void encode(const RecordBatch& batch, size_t row, std::string& out) = 0;
    /// Appends the records of all rows of `batch`, back to back and without terminators, to `out`, and
    /// pushes each record's end offset in `out` to `ends`: row r spans [r ? ends[r-1] : out.size() before
    /// the call, ends[r]). Same bytes as encode() row by row; encoders may override it to go faster.
    virtual void encodeBatch(const RecordBatch& batch, std::string& out, std::vector<size_t>& ends) {
        ends.reserve(ends.size() + batch.numRows);
        for (size_t r = 0; r < batch.numRows; ++r) {
            encode(batch, r, out);
            ends.push_back(out.size());
        }
    }
};

/// A format ('format' = 'json'), keyed by its identifier. Option keys are `<prefix><identifier>.<key>`,
/// where prefix is "" for 'format' and e.g. "value." for Kafka's 'value.format'.
class FormatFactory {
public:
    virtual ~FormatFactory() = default;
    virtual std::string identifier() const = 0;
    /// The full option keys this format accepts, for the owning connector's TableOptions::validate.
    std::vector<std::string> optionKeys(const std::string& prefix = "") const;
    /// Throws ValidationError for bad option values or unsupported column types.
    virtual std::unique_ptr<RowDecoder> createDecoder(const planner::TableOptions& options,
                                                      const std::string& prefix, const Schema& physical,
                                                      const std::vector<int>& projection) const = 0;
    virtual std::unique_ptr<RowEncoder> createEncoder(const planner::TableOptions& options,
                                                      const std::string& prefix,
                                                      const Schema& physical) const = 0;

protected:
    /// Keys without prefix and identifier, e.g. "fail-on-missing-field".
    virtual std::vector<std::string> shortOptionKeys() const = 0;
};

}  // namespace sluice::connectors
