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
class JdbcSource : public runtime::Source {
public:
    JdbcSource(std::shared_ptr<const JdbcOptions> options, std::vector<int> projection, Schema output,
               int subtask, int parallelism);
    void open(runtime::SourceContext& ctx) override;
    bool poll(runtime::Collector& out) override;
    void close() override;

private:
    bool startNextQuery();
    /// Decodes the tuples in one COPY data message into batch_; false at the trailer.
    bool decodeMessage(const char* data, size_t size);
    void decodeField(size_t c, const char* p, int32_t len);

    std::shared_ptr<const JdbcOptions> options_;
    std::vector<int> projection_;
    Schema output_;
    int subtask_;
    int parallelism_;
    TimeZone zone_ = TimeZone::utc();
    std::string where_;
    std::unique_ptr<PgConnection> conn_;

    std::string selectPrefix_;                       // COPY (SELECT ... FROM t
    std::string partitionColumn_;                    // quoted, empty without partitioning
    std::vector<bool> fromTimestamptz_;              // per output column: the column is timestamptz
    std::vector<std::pair<int64_t, int64_t>> mine_;  // this subtask's ranges
    size_t nextRange_ = 0;
    bool wholeTable_ = false;  // no partitioning and subtask 0
    bool inCopy_ = false;
    bool headerSeen_ = false;
    RecordBatch batch_;
};

/// A 'jdbc' table as a bounded scan source.
class JdbcSourceProvider : public runtime::SourceProvider {
public:
    JdbcSourceProvider(std::shared_ptr<const JdbcOptions> options, std::vector<int> projection);
    const Schema& outputSchema() const override { return output_; }
    bool isBounded() const override { return true; }
    int maxParallelism() const override;
    std::unique_ptr<runtime::Source> createSource(int subtask, int parallelism) override;
    std::string describe() const override;

private:
    std::shared_ptr<const JdbcOptions> options_;
    std::vector<int> projection_;
    Schema output_;
};

}  // namespace sluice::connectors::jdbc
