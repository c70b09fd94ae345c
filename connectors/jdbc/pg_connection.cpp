#include "connectors/jdbc/pg_connection.h"

#include <fmt/format.h>
#include <chrono>
#include <thread>

namespace sluice::connectors::jdbc {

namespace {

bool retryableState(const std::string& state) {
    return state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0 || state == "40001" || state == "40P01" ||
           state == "53300";  // too_many_connections: others may leave
}

std::string trimmed(const char* s) {
    std::string out = s ? s : "";
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

}  // namespace

std::string pgQuote(const std::string& ident) {
    std::string out = "\"";
    for (char c : ident) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::unique_ptr<PgConnection> PgConnection::connectRetrying(const std::string& conninfo,
                                                            const std::string& where, int maxRetries,
                                                            const std::function<bool()>& stopping) {
    for (int attempt = 0;; ++attempt) {
        try {
            return std::make_unique<PgConnection>(conninfo, where);
        } catch (const PgError& e) {
            if (!e.retryable() || attempt >= maxRetries || stopping()) throw;
            std::this_thread::sleep_for(std::chrono::seconds(attempt + 1));
        }
    }
}

PgConnection::PgConnection(const std::string& conninfo, const std::string& where) : where_(where) {
    conn_ = PQconnectdb(conninfo.c_str());
    if (!conn_)
        throw PgError(fmt::format("Could not connect to PostgreSQL at {}: out of memory", where), true);
    if (PQstatus(conn_) != CONNECTION_OK) {
        std::string msg = trimmed(PQerrorMessage(conn_));
        PQfinish(conn_);
        conn_ = nullptr;
        // A refused password or an unknown database/role will not get better by retrying.
        bool fatal = msg.find("password authentication failed") != std::string::npos ||
                     msg.find("no password supplied") != std::string::npos ||
                     msg.find("does not exist") != std::string::npos ||
                     msg.find("no pg_hba.conf entry") != std::string::npos;
        throw PgError(fmt::format("Could not connect to PostgreSQL at {}: {}", where, msg), !fatal);
    }
}

PgConnection::~PgConnection() {
    if (copyBuf_) PQfreemem(copyBuf_);
    if (conn_) PQfinish(conn_);
}

void PgConnection::fail(const PGresult* r, const std::string& what) {
    std::string state, message, detail, hint, context;
    if (r) {
        state = trimmed(PQresultErrorField(r, PG_DIAG_SQLSTATE));
        message = trimmed(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
        detail = trimmed(PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL));
        hint = trimmed(PQresultErrorField(r, PG_DIAG_MESSAGE_HINT));
        context = trimmed(PQresultErrorField(r, PG_DIAG_CONTEXT));
    }
    if (message.empty()) message = trimmed(PQerrorMessage(conn_));
    bool broken = PQstatus(conn_) != CONNECTION_OK;
    std::string text = fmt::format("PostgreSQL at {} failed {}: {}", where_, what, message);
    if (!state.empty()) text += fmt::format(" (SQLSTATE {})", state);
    if (!detail.empty()) text += "\nDETAIL: " + detail;
    if (!hint.empty()) text += "\nHINT: " + hint;
    throw PgError(text, broken || retryableState(state), state, context);
}

PgResult PgConnection::check(PGresult* raw, const std::string& what, ExecStatusType expected) {
    PgResult r(raw);
    if (!r || PQresultStatus(r.get()) != expected) fail(r.get(), what);
    return r;
}

PgResult PgConnection::exec(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) return PgResult(r);
    PgResult owned(r);
    fail(r, "'" + sql.substr(0, 80) + (sql.size() > 80 ? "...'" : "'"));
}

PgResult PgConnection::execParams(const std::string& sql, const std::vector<const char*>& values) {
    PGresult* r = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                               nullptr, nullptr, 0);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) return PgResult(r);
    PgResult owned(r);
    fail(r, "a query");
}

PgResult PgConnection::execBinary(const std::string& sql, const std::vector<Oid>& types,
                                  const std::vector<const char*>& values, const std::vector<int>& lengths) {
    std::vector<int> formats(values.size(), 1);
    PGresult* r = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), types.data(),
                               values.data(), lengths.data(), formats.data(), 0);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) return PgResult(r);
    PgResult owned(r);
    fail(r, "'" + sql.substr(0, 60) + "...'");
}

void PgConnection::copyStart(const std::string& sql) {
    check(PQexec(conn_, sql.c_str()), "to start COPY", PGRES_COPY_IN);
    inCopy_ = true;
}

void PgConnection::copyPut(const char* data, size_t size) {
    // PQputCopyData blocks (the connection is in blocking mode) until libpq has queued the data.
    while (size > 0) {
        int chunk = static_cast<int>(std::min<size_t>(size, 1 << 20));
        if (PQputCopyData(conn_, data, chunk) != 1) {
            inCopy_ = false;
            PgResult r(PQgetResult(conn_));
            fail(r.get(), "sending COPY data");
        }
        data += chunk;
        size -= static_cast<size_t>(chunk);
    }
}

void PgConnection::copyEnd() {
    inCopy_ = false;
    if (PQputCopyEnd(conn_, nullptr) != 1) {
        PgResult r(PQgetResult(conn_));
        fail(r.get(), "ending COPY");
    }
    PgResult r(PQgetResult(conn_));
    if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
        while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
        fail(r.get(), "COPY");
    }
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
}

void PgConnection::copyAbort(const std::string& reason) {
    if (!inCopy_) return;
    inCopy_ = false;
    if (PQputCopyEnd(conn_, reason.c_str()) == 1)
        while (PGresult* r = PQgetResult(conn_)) PQclear(r);
}

void PgConnection::copyOutStart(const std::string& sql) {
    check(PQexec(conn_, sql.c_str()), "to start COPY TO", PGRES_COPY_OUT);
}

bool PgConnection::copyGet(const char*& data, int& size) {
    if (copyBuf_) {
        PQfreemem(copyBuf_);
        copyBuf_ = nullptr;
    }
    int n = PQgetCopyData(conn_, &copyBuf_, 0);
    if (n > 0) {
        data = copyBuf_;
        size = n;
        return true;
    }
    PgResult r(PQgetResult(conn_));
    if (n == -1 && r && PQresultStatus(r.get()) == PGRES_COMMAND_OK) {
        while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
        return false;
    }
    fail(r.get(), "reading COPY data");
}

}  // namespace sluice::connectors::jdbc
