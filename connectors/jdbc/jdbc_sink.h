#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "connectors/jdbc/jdbc_options.h"
#include "connectors/jdbc/pg_binary_encoder.h"
#include "connectors/jdbc/pg_connection.h"
#include "runtime/sink.h"

namespace sluice::connectors::jdbc {

/// One parallel instance of a 'jdbc' table sink writing to PostgreSQL.
///
/// Append mode (no PRIMARY KEY): rows are encoded in binary COPY format and streamed to the server as
/// they come, inside one COPY per flush; the flush ends the COPY, which commits it. The encoded rows
/// of the open COPY are kept until then so that a broken connection can replay them on a new one
/// (bounded: a flush also happens every 4 MB of encoded rows).
///
/// Upsert mode (PRIMARY KEY): rows are buffered and reduced per key (the last change wins); a flush
/// sends, in one transaction, the deletes as `DELETE ... WHERE (key) IN (SELECT * FROM unnest($1..))`
/// and the rest as `INSERT ... SELECT * FROM unnest($1..) ON CONFLICT (key) DO UPDATE` with one binary
/// array parameter per column: one statement per flush, no temporary table (which would forbid
/// two-phase commit later).
///
/// With checkpoints (exactly-once): one transaction per checkpoint epoch. Flushes send rows into it;
/// the barrier of checkpoint n ends it with PREPARE TRANSACTION 'sluice:<job>:<subtask>:n', which makes
/// it durable on the server without making it visible; COMMIT PREPARED follows once checkpoint n is
/// complete (its metadata is on disk). On start the sink settles what a previous run left: prepared
/// transactions up to the restored checkpoint are committed (that checkpoint completed, its commit may
/// not have happened), later ones are rolled back (their checkpoints never completed, and the rows
/// will be replayed from the restored offsets). The prepared transaction's name is the durable record
/// of the epoch, so no progress table is needed. A connection lost inside an epoch fails the task (its
/// transaction is gone), and the job restarts from the last checkpoint.
///
/// Flushes happen every 'sink.buffer-flush.max-rows' rows, every 'sink.buffer-flush.interval' (a
/// timer thread), at every checkpoint barrier and at the end of input. A flush that fails on a
/// connection problem is retried 'sink.max-retries' times on a new connection, waiting 1 s, 2 s, ...
/// between attempts; other errors (constraint violations) fail the job at once, naming the row.
class JdbcSink : public runtime::Sink {
public:
    JdbcSink(std::shared_ptr<const JdbcOptions> options, int subtask, int parallelism);
    ~JdbcSink() override;
    void open(runtime::SinkContext& ctx) override;
    void write(const RecordBatch& batch) override;
    void prepareCheckpoint(int64_t checkpointId) override;
    void notifyCheckpointComplete(int64_t checkpointId) override;
    void restoreState(const std::string& state, int64_t checkpointId) override;
    void finish() override;
    void close() override;

    /// Rows written to PostgreSQL so far (committed flushes).
    int64_t rowsFlushed() const { return rowsFlushed_; }

private:
    struct Segment {  // where buffered rows came from, in buffer order
        std::shared_ptr<const RowOrigins> origins;
        size_t firstRow = 0;  // in the source batch
        size_t count = 0;
    };

    void connect();
    /// 'sluice:<hash of job and table>:<subtask>:<checkpoint>'.
    std::string transactionName(int64_t checkpointId) const;
    /// Commits prepared transactions up to `upTo` and rolls back later ones that a previous run left.
    void settlePrepared(int64_t upTo);
    /// commitConn_, (re)connected when needed.
    PgConnection& commitConnection();
    /// Commits this run's prepared transactions up to `checkpointId`, reconnecting on connection loss.
    void commitPrepared(int64_t checkpointId);
    void prepareTable();
    void appendRows(const RecordBatch& batch);
    void bufferRows(const RecordBatch& batch);
    /// Flushes with retries; the caller holds mu_.
    void flushLocked();
    void flushAppendOnce();
    void flushUpsertOnce();
    void streamPending();
    void throwIfFailed();
    void timerLoop();
    /// "/data/rides.csv:12" for the n-th buffered row, or "" when unknown.
    std::string originOf(size_t n) const;
    std::string originSpan() const;
    size_t pendingRows() const;

    std::shared_ptr<const JdbcOptions> options_;
    int subtask_;
    int parallelism_;
    runtime::SinkContext ctx_;
    bool upsert_ = false;
    // Exactly-once with checkpoints (see the class comment).
    bool transactional_ = false;
    bool inEpoch_ = false;       // BEGIN sent for the current epoch
    bool epochHasRows_ = false;  // a flush of this epoch reached the server
    std::string transactionPrefix_;
    int64_t restoredCheckpoint_ = 0;
    std::vector<int64_t> prepared_;  // prepared by this run, not committed yet
    // COMMIT PREPARED cannot run inside a transaction block, and conn_ is usually inside the next
    // epoch's: prepared transactions are settled on a connection of their own.
    std::unique_ptr<PgConnection> commitConn_;

    std::unique_ptr<PgConnection> conn_;
    std::string where_;  // host:port/db for messages
    std::string qualified_;
    std::string displayName_;
    PgBinaryEncoder encoder_;
    std::string copySql_;
    std::string upsertSql_;
    std::string deleteSql_;
    std::vector<int> keyColumns_;

    // Append: encoded tuples since the last flush, and how many bytes of them the open COPY has.
    std::string pending_;
    size_t sent_ = 0;
    size_t pendingCount_ = 0;
    bool copyOpen_ = false;

    // Upsert: buffered rows, the latest row per encoded key.
    RecordBatch buffer_;
    std::unordered_map<std::string, uint32_t> latest_;
    std::string keyBuf_;

    std::vector<Segment> segments_;
    int64_t rowsFlushed_ = 0;

    std::mutex mu_;  // the connection and the buffers: the task thread and the flush timer
    std::condition_variable cv_;
    std::thread timer_;
    bool stopTimer_ = false;
    std::string failure_;  // a timer flush's failure, thrown by the task's next call
    std::string failureKind_;
};

/// A 'jdbc' table as a sink: one JdbcSink per subtask.
class JdbcSinkProvider : public runtime::SinkProvider {
public:
    explicit JdbcSinkProvider(std::shared_ptr<const JdbcOptions> options) : options_(std::move(options)) {}
    bool acceptsUpdates() const override { return !options_->primaryKey.empty(); }
    int parallelism() const override { return options_->parallelism; }
    std::unique_ptr<runtime::Sink> createSink(int subtask, int parallelism) override;
    std::string describe() const override;
    const JdbcOptions& options() const { return *options_; }

private:
    std::shared_ptr<const JdbcOptions> options_;
};

}  // namespace sluice::connectors::jdbc
