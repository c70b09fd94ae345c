#include "connectors/jdbc/jdbc_sink.h"

#include <fmt/format.h>

#include <algorithm>
#include <regex>

#include "common/error.h"
#include "common/failpoint.h"
#include "connectors/connector_util.h"
#include "connectors/jdbc/pg_table.h"

namespace sluice::connectors::jdbc {

namespace {

constexpr size_t kStreamChunk = 256 << 10;  // send encoded rows to the server in pieces of this size
constexpr size_t kMaxPending = 4 << 20;     // flush at this many encoded bytes, whatever max-rows says

// Flink's JdbcDynamicTableSink: updates need a key to apply them by.
constexpr const char* kNeedsKey =
    "please declare primary key for sink table when query contains update/delete record.";

std::string joinQuoted(const std::vector<std::string>& names) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + pgQuote(names[i]);
    return out;
}

}  // namespace

JdbcSink::JdbcSink(std::shared_ptr<const JdbcOptions> options, int subtask, int parallelism)
    : options_(std::move(options)), subtask_(subtask), parallelism_(parallelism) {
    upsert_ = !options_->primaryKey.empty();
    where_ = options_->parsedUrl.describe();
}

JdbcSink::~JdbcSink() {
    close();
}

void JdbcSink::connect() {
    if (transactional_ && inEpoch_) {
        bool lost = epochHasRows_;
        inEpoch_ = false;
        epochHasRows_ = false;
        // The epoch's transaction went with the old connection. Rows still held (not yet flushed) are
        // sent again in a new one; rows of earlier flushes are gone, and only a restart from the last
        // checkpoint (which replays them) keeps every row exactly once.
        if (lost)
            throw ConnectorError(
                fmt::format("Lost the connection to PostgreSQL ({}) inside the transaction of "
                            "the current checkpoint of table '{}'.",
                            where_, displayName_),
                true);
    }
    conn_ = std::make_unique<PgConnection>(options_->connectionString(), where_);
    copyOpen_ = false;
    sent_ = 0;
}

void JdbcSink::open(runtime::SinkContext& ctx) {
    ctx_ = ctx;
    // The first connection is retried like a flush: a server restarting as the job starts is fine.
    conn_ = PgConnection::connectRetrying(options_->connectionString(), where_, options_->maxRetries,
                                          [this] { return ctx_.stopping(); });
    prepareTable();
    transactional_ = ctx.checkpointing;
    if (transactional_) {
        // A short, stable name per job, table and subtask (a GID may have at most 200 bytes).
        uint64_t h = std::hash<std::string>{}(ctx.jobKey + "|" + options_->tableName);
        transactionPrefix_ = fmt::format("sluice:{:016x}:{}:", h, subtask_);
        settlePrepared(restoredCheckpoint_);
    }
    if (options_->bufferIntervalMs > 0) timer_ = std::thread([this] { timerLoop(); });
}

std::string JdbcSink::transactionName(int64_t checkpointId) const {
    return transactionPrefix_ + std::to_string(checkpointId);
}

PgConnection& JdbcSink::commitConnection() {
    if (!commitConn_ || !commitConn_->ok())
        commitConn_ = std::make_unique<PgConnection>(options_->connectionString(), where_);
    return *commitConn_;
}

void JdbcSink::restoreState(const std::string&, int64_t checkpointId) {
    restoredCheckpoint_ = checkpointId;
}

void JdbcSink::settlePrepared(int64_t upTo) {
    std::string like = transactionPrefix_ + "%";
    PgResult r = commitConnection().execParams(
        "SELECT gid FROM pg_prepared_xacts WHERE database = current_database() AND gid LIKE $1 ORDER BY "
        "prepared",
        {like.c_str()});
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        std::string gid = PQgetvalue(r.get(), i, 0);
        int64_t id = 0;
        try {
            id = std::stoll(gid.substr(transactionPrefix_.size()));
        } catch (const std::exception&) {
            continue;  // not one of ours after all
        }
        // GIDs are literals in these commands; ours hold only [a-z0-9:], so quoting is exact.
        commitConnection().exec(fmt::format("{} PREPARED '{}'", id <= upTo ? "COMMIT" : "ROLLBACK", gid));
    }
}

void JdbcSink::commitPrepared(int64_t checkpointId) {
    for (int attempt = 0;; ++attempt) {
        try {
            if (prepared_.empty() || prepared_.front() > checkpointId) return;
            PgConnection& commitConn = commitConnection();
            while (!prepared_.empty() && prepared_.front() <= checkpointId) {
                commitConn.exec(fmt::format("COMMIT PREPARED '{}'", transactionName(prepared_.front())));
                prepared_.erase(prepared_.begin());
            }
            return;
        } catch (const PgError& e) {
            // A prepared transaction survives the connection and a server restart: retry the commit.
            if (!e.retryable() || attempt >= options_->maxRetries)
                throw ConnectorError(fmt::format("Cannot commit checkpoint {} to PostgreSQL table '{}': {}",
                                                 checkpointId, displayName_, e.what()),
                                     e.retryable());
            commitConn_.reset();
            std::this_thread::sleep_for(std::chrono::seconds(attempt + 1));
        }
    }
}

void JdbcSink::prepareTable() {
    const auto& o = *options_;
    auto table = PgTable::load(*conn_, o.schemaName, o.table);
    if (!table) {
        std::string name = o.schemaName.name.empty() ? o.table.name : o.schemaName.name + "." + o.table.name;
        throw ValidationError(
            fmt::format("Table '{}' of the jdbc table '{}' does not exist in PostgreSQL at {}. Create it "
                        "first, e.g.:\n{}",
                        name, o.tableName, where_, PgTable::createTableSql(name, o.physical, o.primaryKey)));
    }
    qualified_ = table->qualifiedName();
    displayName_ = table->displayName();

    std::vector<PgColumnCodec> codecs;
    std::vector<std::string> pgNames;
    for (const auto& f : o.physical.fields) {
        const PgColumn& column = table->require(f.name, o.tableName);
        codecs.push_back(PgBinaryEncoder::plan(f, column, displayName_));
        pgNames.push_back(column.name);
    }
    encoder_ = PgBinaryEncoder(codecs, ctx_.zone);
    std::string cols = joinQuoted(pgNames);
    copySql_ = fmt::format("COPY {} ({}) FROM STDIN (FORMAT binary)", qualified_, cols);
    if (!upsert_) return;

    std::vector<std::string> keyNames;
    for (const auto& k : o.primaryKey) {
        int i = o.physical.indexOf(k);
        keyColumns_.push_back(i);
        keyNames.push_back(pgNames[i]);
    }
    if (!table->hasUniqueKey(keyNames))
        throw ValidationError(
            fmt::format("PostgreSQL table '{}' has no primary key or unique constraint on ({}), the PRIMARY "
                        "KEY of the jdbc "
                        "table '{}'; upserts (INSERT ... ON CONFLICT) need one, e.g.: ALTER TABLE {} ADD "
                        "PRIMARY KEY ({});",
                        displayName_, joinNames(keyNames), o.tableName, qualified_, joinQuoted(keyNames)));
    for (const auto& c : codecs)
        if (c.arrayOid == 0)
            throw NotSupportedError(fmt::format(
                "Column '{}' is an array: the upsert mode of the jdbc sink does not write array columns yet.",
                c.name));

    std::string params, keyParams, updates;
    for (size_t i = 0; i < codecs.size(); ++i) {
        params += fmt::format("{}${}", i ? ", " : "", i + 1);
        bool isKey =
            std::find(keyColumns_.begin(), keyColumns_.end(), static_cast<int>(i)) != keyColumns_.end();
        if (!isKey)
            updates += fmt::format("{}{} = EXCLUDED.{}", updates.empty() ? "" : ", ", pgQuote(pgNames[i]),
                                   pgQuote(pgNames[i]));
    }
    for (size_t i = 0; i < keyColumns_.size(); ++i) keyParams += fmt::format("{}${}", i ? ", " : "", i + 1);
    upsertSql_ =
        fmt::format("INSERT INTO {} ({}) SELECT * FROM unnest({}) ON CONFLICT ({}) DO {}", qualified_, cols,
                    params, joinQuoted(keyNames), updates.empty() ? "NOTHING" : "UPDATE SET " + updates);
    deleteSql_ = fmt::format("DELETE FROM {} WHERE ({}) IN (SELECT * FROM unnest({}))", qualified_,
                             joinQuoted(keyNames), keyParams);
    buffer_ = RecordBatch(o.physical);
}

void JdbcSink::write(const RecordBatch& batch) {
    std::unique_lock<std::mutex> lock(mu_);
    throwIfFailed();
    if (batch.numRows == 0) return;
    if (upsert_)
        bufferRows(batch);
    else
        appendRows(batch);
}

void JdbcSink::appendRows(const RecordBatch& batch) {
    if (!batch.allInserts())
        for (size_t r = 0; r < batch.numRows; ++r)
            if (batch.kind(r) != RowKind::Insert)
                throw ValidationError(
                    fmt::format("The jdbc table '{}' has no PRIMARY KEY and takes inserts only: {}",
                                options_->tableName, kNeedsKey));
    // With checkpoints the rows of an epoch become visible together at its COMMIT PREPARED, so ending
    // a COPY every max-rows rows (Flink's default is 100) shows nothing sooner; it only costs a round
    // trip and a statement per 100 rows while the task thread waits. Inside an epoch the rows stream
    // into one COPY, ended at 4 MB, at the flush interval and at the barrier (as with max-rows = 0).
    size_t maxRows = transactional_ ? 0 : static_cast<size_t>(options_->bufferMaxRows);
    size_t r = 0;
    while (r < batch.numRows) {
        // Rows up to the next max-rows boundary, then a flush.
        size_t end = batch.numRows;
        if (maxRows > 0) end = std::min(end, r + (maxRows - std::min(maxRows - 1, pendingCount_)));
        size_t first = r;
        for (; r < end; ++r) {
            try {
                encoder_.appendCopyRow(batch, r, pending_);
            } catch (const ExecutionError& e) {
                std::string at = batch.origins ? batch.origins->describe(r) : "";
                throw ExecutionError(at.empty() ? e.what() : fmt::format("{} (row at {})", e.what(), at));
            }
            if (pending_.size() >= kMaxPending) {
                ++r;
                break;
            }
        }
        segments_.push_back({batch.origins, first, r - first});
        pendingCount_ += r - first;
        if ((maxRows > 0 && pendingCount_ >= maxRows) || pending_.size() >= kMaxPending)
            flushLocked();
        else if (pending_.size() - sent_ >= kStreamChunk)
            streamPending();
    }
}

void JdbcSink::streamPending() {
    // Overlaps the server's work with ours; a failure here is left to the flush, which replays.
    try {
        if (!conn_ || !conn_->ok()) return;
        if (!copyOpen_) {
            if (transactional_ && !inEpoch_) {
                conn_->exec("BEGIN");
                inEpoch_ = true;
            }
            conn_->copyStart(copySql_);
            copyOpen_ = true;
            std::string header;
            PgBinaryEncoder::appendCopyHeader(header);
            conn_->copyPut(header.data(), header.size());
            sent_ = 0;
        }
        conn_->copyPut(pending_.data() + sent_, pending_.size() - sent_);
        sent_ = pending_.size();
    } catch (const PgError&) {
        conn_.reset();
        copyOpen_ = false;
        sent_ = 0;
    }
}

void JdbcSink::bufferRows(const RecordBatch& batch) {
    for (size_t r = 0; r < batch.numRows; ++r) {
        keyBuf_.clear();
        for (int k : keyColumns_) encoder_.appendValue(batch, static_cast<size_t>(k), r, keyBuf_);
        uint32_t at = static_cast<uint32_t>(buffer_.numRows);
        for (size_t c = 0; c < buffer_.columns.size(); ++c)
            buffer_.columns[c].appendFrom(batch.columns[c], r);
        buffer_.rowKinds.push_back(batch.kind(r));
        ++buffer_.numRows;
        latest_[keyBuf_] = at;
        if (segments_.empty() || segments_.back().origins != batch.origins ||
            segments_.back().firstRow + segments_.back().count != r)
            segments_.push_back({batch.origins, r, 0});
        ++segments_.back().count;
        if (options_->bufferMaxRows > 0 && buffer_.numRows >= static_cast<size_t>(options_->bufferMaxRows))
            flushLocked();
    }
}

size_t JdbcSink::pendingRows() const {
    return upsert_ ? buffer_.numRows : pendingCount_;
}

void JdbcSink::flushLocked() {
    if (pendingRows() == 0) return;
    for (int attempt = 0;; ++attempt) {
        try {
            if (!conn_ || !conn_->ok()) connect();
            if (transactional_ && !inEpoch_) {
                conn_->exec("BEGIN");
                inEpoch_ = true;
            }
            if (upsert_)
                flushUpsertOnce();
            else
                flushAppendOnce();
            if (transactional_) epochHasRows_ = true;
            return;
        } catch (const PgError& e) {
            if (conn_ && !conn_->ok()) conn_.reset();
            if (!e.retryable()) {
                // Name the row: COPY's context says "COPY t, line N[, column c]" (N counts rows).
                std::string at;
                static const std::regex kLine(R"(line (\d+))");
                std::smatch m;
                if (!upsert_ && std::regex_search(e.context(), m, kLine))
                    at = originOf(static_cast<size_t>(std::stoul(m[1].str())) - 1);
                if (at.empty()) at = originSpan();
                throw ConnectorError(fmt::format("Writing records to PostgreSQL table '{}' failed: {}{}",
                                                 displayName_, e.what(),
                                                 at.empty() ? "" : "\nThe row came from " + at + "."));
            }
            if (attempt >= options_->maxRetries)
                throw ConnectorError(
                    fmt::format("Writing records to PostgreSQL table '{}' failed after {} retries: {}",
                                displayName_, options_->maxRetries, e.what()),
                    true);
            conn_.reset();
            // Flink's JdbcOutputFormat waits 1 s, 2 s, ... between attempts.
            auto until = std::chrono::steady_clock::now() + std::chrono::seconds(attempt + 1);
            while (std::chrono::steady_clock::now() < until) {
                if (ctx_.stopping()) throw;
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
    }
}

void JdbcSink::flushAppendOnce() {
    if (!copyOpen_) {
        conn_->copyStart(copySql_);
        copyOpen_ = true;
        sent_ = 0;
        std::string header;
        PgBinaryEncoder::appendCopyHeader(header);
        conn_->copyPut(header.data(), header.size());
    }
    try {
        conn_->copyPut(pending_.data() + sent_, pending_.size() - sent_);
        sent_ = pending_.size();
        std::string trailer;
        PgBinaryEncoder::appendCopyTrailer(trailer);
        conn_->copyPut(trailer.data(), trailer.size());
        conn_->copyEnd();
    } catch (...) {
        copyOpen_ = false;
        sent_ = 0;
        throw;
    }
    copyOpen_ = false;
    sent_ = 0;
    rowsFlushed_ += static_cast<int64_t>(pendingCount_);
    pending_.clear();
    pendingCount_ = 0;
    segments_.clear();
}

void JdbcSink::flushUpsertOnce() {
    std::vector<uint32_t> upserts, deletes;
    for (const auto& [key, row] : latest_) {
        RowKind k = buffer_.kind(row);
        // Flink's reduced executor: -U and -D delete the key, +I and +U write the row.
        (k == RowKind::Insert || k == RowKind::UpdateAfter ? upserts : deletes).push_back(row);
    }
    std::sort(upserts.begin(), upserts.end());
    std::sort(deletes.begin(), deletes.end());

    auto run = [&](const std::string& sql, const std::vector<uint32_t>& rows, const std::vector<int>& cols) {
        std::vector<std::string> arrays(cols.size());
        std::vector<const char*> values;
        std::vector<int> lengths;
        std::vector<Oid> types;
        for (size_t i = 0; i < cols.size(); ++i) {
            encoder_.appendColumnArray(buffer_, static_cast<size_t>(cols[i]), rows, arrays[i]);
            types.push_back(encoder_.columns()[static_cast<size_t>(cols[i])].arrayOid);
        }
        for (const auto& a : arrays) {
            values.push_back(a.data());
            lengths.push_back(static_cast<int>(a.size()));
        }
        conn_->execBinary(sql, types, values, lengths);
    };
    std::vector<int> all(buffer_.columns.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);

    // Inside an epoch's transaction the statements are already atomic with the rest of the epoch.
    bool both = !upserts.empty() && !deletes.empty() && !transactional_;
    try {
        if (both) conn_->exec("BEGIN");
        if (!deletes.empty()) run(deleteSql_, deletes, keyColumns_);
        if (!upserts.empty()) run(upsertSql_, upserts, all);
        if (both) conn_->exec("COMMIT");
    } catch (const PgError&) {
        if (both && conn_->ok()) {
            try {
                conn_->exec("ROLLBACK");
            } catch (const PgError&) {
            }
        }
        throw;
    }
    rowsFlushed_ += static_cast<int64_t>(buffer_.numRows);
    buffer_ = RecordBatch(options_->physical);
    latest_.clear();
    segments_.clear();
}

std::string JdbcSink::originOf(size_t n) const {
    for (const auto& s : segments_) {
        if (n < s.count) return s.origins ? s.origins->describe(s.firstRow + n) : "";
        n -= s.count;
    }
    return "";
}

std::string JdbcSink::originSpan() const {
    if (segments_.empty() || !segments_.front().origins) return "";
    const auto& first = segments_.front();
    const auto& last = segments_.back();
    std::string a = first.origins->describe(first.firstRow);
    if (!last.origins || last.count == 0) return a;
    std::string b = last.origins->describe(last.firstRow + last.count - 1);
    return a == b ? a : a + " .. " + b;
}

void JdbcSink::throwIfFailed() {
    if (failure_.empty()) return;
    throw ConnectorError(failure_);
}

void JdbcSink::timerLoop() {
    auto interval = std::chrono::milliseconds(options_->bufferIntervalMs);
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopTimer_) {
        cv_.wait_for(lock, interval, [this] { return stopTimer_; });
        if (stopTimer_ || !failure_.empty()) continue;
        try {
            flushLocked();
        } catch (const std::exception& e) {
            failure_ = e.what();
        }
    }
}

void JdbcSink::prepareCheckpoint(int64_t checkpointId) {
    std::lock_guard<std::mutex> lock(mu_);
    throwIfFailed();
    flushLocked();
    if (!transactional_ || !inEpoch_) return;
    try {
        conn_->exec(fmt::format("PREPARE TRANSACTION '{}'", transactionName(checkpointId)));
    } catch (const PgError& e) {
        inEpoch_ = false;
        epochHasRows_ = false;
        std::string what = e.what();
        if (what.find("max_prepared_transactions") != std::string::npos ||
            what.find("prepared transactions are disabled") != std::string::npos)
            throw ConnectorError(fmt::format(
                "PostgreSQL at {} refuses two-phase commit, which the jdbc sink of table '{}' uses for "
                "exactly-once with checkpoints: set max_prepared_transactions (e.g. to 64) in "
                "postgresql.conf "
                "and restart the server. ({})",
                where_, displayName_, what));
        throw ConnectorError(fmt::format("Cannot prepare checkpoint {} in PostgreSQL table '{}': {}",
                                         checkpointId, displayName_, what),
                             e.retryable());
    }
    inEpoch_ = false;
    epochHasRows_ = false;
    prepared_.push_back(checkpointId);
    failpoint("jdbc.after-prepare");  // crash tests: prepared, not committed
}

void JdbcSink::notifyCheckpointComplete(int64_t checkpointId) {
    std::lock_guard<std::mutex> lock(mu_);
    commitPrepared(checkpointId);
}

void JdbcSink::finish() {
    std::lock_guard<std::mutex> lock(mu_);
    throwIfFailed();
    flushLocked();
    if (!transactional_) return;
    // End of input: what was prepared and the last epoch become visible now.
    commitPrepared(INT64_MAX);
    if (inEpoch_) {
        conn_->exec("COMMIT");
        inEpoch_ = false;
        epochHasRows_ = false;
    }
}

void JdbcSink::close() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopTimer_ = true;
    }
    cv_.notify_all();
    if (timer_.joinable()) timer_.join();
    if (conn_ && conn_->inCopy()) conn_->copyAbort("the sink is closing without a flush");
    conn_.reset();
    commitConn_.reset();
}

std::unique_ptr<runtime::Sink> JdbcSinkProvider::createSink(int subtask, int parallelism) {
    return std::make_unique<JdbcSink>(options_, subtask, parallelism);
}

std::string JdbcSinkProvider::describe() const {
    const auto& o = *options_;
    std::string table = o.schemaName.name.empty() ? o.table.name : o.schemaName.name + "." + o.table.name;
    std::string mode = o.primaryKey.empty() ? "append" : "upsert on (" + joinNames(o.primaryKey) + ")";
    return fmt::format(
        "jdbc(url={}, table-name={}, {}, buffer-flush.max-rows={}, buffer-flush.interval={}ms)",
        JdbcUrl::masked(o.url), table, mode, o.bufferMaxRows, o.bufferIntervalMs);
}

}  // namespace sluice::connectors::jdbc
