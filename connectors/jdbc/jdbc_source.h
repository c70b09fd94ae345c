#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "connectors/jdbc/jdbc_options.h"
#include "connectors/jdbc/pg_connection.h"
#include "runtime/source.h"

namespace sluice::connectors::jdbc {

/// The ranges [lower, upper] of 'scan.partition.*' as Flink's JdbcNumericBetweenParametersProvider
/// splits them: `num` ranges (fewer when the span is smaller) whose sizes differ by at most one, the
/// larger ones first. Empty without partitioning.
std::vector<std::pair<int64_t, int64_t>> jdbcPartitionRanges(int64_t lower, int64_t upper, int64_t num);

/// One subtask of a bounded 'jdbc' scan of a PostgreSQL table. Without 'scan.partition.*' subtask 0
/// reads the whole table; with it, subtask i reads the ranges i, i + parallelism, ... each as one
/// `COPY (SELECT cols FROM table WHERE col BETWEEN lo AND hi) TO STDOUT (FORMAT binary)` (rows whose
/// partition column is NULL are read by no one, as in Flink). Each column is cast to the PostgreSQL
/// type of its Sluice type in the SELECT, so one binary decoder per Sluice type suffices; TIMESTAMP
/// from timestamptz and TIMESTAMP_LTZ from timestamp go through the session zone.
///
/// Checkpoints hold the splits (whole table or ranges) this subtask finished and, for the split being
/// read, how many of its rows were emitted. A restored source skips the finished splits and reads the
/// current one again from that row on (OFFSET n, so PostgreSQL skips them). Offsets need the same row
/// order in both runs, so a checkpointed scan (`ordered`) sorts each split: by the table's primary key
/// (or a unique index over NOT NULL columns), else by every column read, which is a total order on what
/// is emitted (rows equal in all of them are interchangeable). As Flink's JdbcSource, this assumes the
/// table does not change between the runs.
class JdbcSource : public runtime::Source {
public:
    JdbcSource(std::shared_ptr<const JdbcOptions> options, std::vector<int> projection, Schema output,
               int subtask, int parallelism, bool ordered);
    void open(runtime::SourceContext& ctx) override;
    bool poll(runtime::Collector& out) override;
    void close() override;

    /// "jdbc-scan 1" then "order <ORDER BY list>", a "done <split>" line per finished split and
    /// "at <split> <rows emitted>" for the one in progress; <split> is "table" or "<lo>..<hi>".
    std::string snapshotState(int64_t checkpointId) override;
    void restoreState(const std::string& state) override;

private:
    struct Split {
        std::string key;  // "table" or "lo..hi": how checkpoints name it
        bool wholeTable = false;
        int64_t lo = 0, hi = 0;
        int64_t skip = 0;  // rows emitted before the checkpoint this run restored
    };

    /// The ORDER BY list of an ordered scan: a unique key over NOT NULL columns, else every column
    /// read (by position); empty when nothing is read (rows without columns are all alike).
    std::string orderKey(const std::string& qualifiedTable);
    bool startNextQuery();
    /// Decodes tuples from one COPY data message into batch_, at most `maxRows`; returns the bytes
    /// used (less than `size` when it stopped at `maxRows`).
    size_t decodeMessage(const char* data, size_t size, int64_t maxRows);
    void decodeField(size_t c, const char* p, int32_t len);

    std::shared_ptr<const JdbcOptions> options_;
    std::vector<int> projection_;
    Schema output_;
    int subtask_;
    int parallelism_;
    bool ordered_;
    int64_t maxRowsPerPoll_ = 0;
    TimeZone zone_ = TimeZone::utc();
    std::string where_;
    std::unique_ptr<PgConnection> conn_;

    std::string selectPrefix_;           // COPY (SELECT ... FROM t
    std::string partitionColumn_;        // quoted, empty without partitioning
    std::string orderBy_;                // ordered scans: the ORDER BY list (may be empty)
    std::vector<bool> fromTimestamptz_;  // per output column: the column is timestamptz
    std::vector<Split> splits_;          // this subtask's, in reading order
    size_t nextSplit_ = 0;
    std::vector<std::string> done_;  // keys of the finished splits (restored ones included)
    int64_t currentRows_ = 0;        // rows of splits_[nextSplit_ - 1] emitted, skipped ones included
    std::string restoredOrder_;      // the order the restored checkpoint's offsets refer to
    bool inCopy_ = false;
    bool headerSeen_ = false;
    std::string leftover_;  // the rest of a COPY message when a poll stopped at maxRowsPerPoll
    RecordBatch batch_;
};

/// A 'jdbc' table as a bounded scan source.
class JdbcSourceProvider : public runtime::SourceProvider {
public:
    /// `ordered`: the job may take checkpoints, so each split is read in a stable order.
    JdbcSourceProvider(std::shared_ptr<const JdbcOptions> options, std::vector<int> projection,
                       bool ordered = false);
    const Schema& outputSchema() const override { return output_; }
    bool isBounded() const override { return true; }
    int maxParallelism() const override;
    std::unique_ptr<runtime::Source> createSource(int subtask, int parallelism) override;
    std::string describe() const override;

private:
    std::shared_ptr<const JdbcOptions> options_;
    std::vector<int> projection_;
    Schema output_;
    bool ordered_;
};

}  // namespace sluice::connectors::jdbc
