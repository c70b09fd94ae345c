#pragma once

#include <libpq-fe.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/error.h"

namespace sluice::connectors::jdbc {

/// A failed PostgreSQL command or connection. retryable(): the connection broke or the server asked
/// for a retry (SQLSTATE 08xxx, 57P0x, 40001, 40P01); a constraint violation or a type error is not.
class PgError : public ConnectorError {
public:
    PgError(std::string message, bool retryable, std::string sqlState = {}, std::string context = {})
        : ConnectorError(std::move(message), retryable),
          sqlState_(std::move(sqlState)),
          context_(std::move(context)) {}
    const std::string& sqlState() const { return sqlState_; }
    /// The server's CONTEXT field, e.g. "COPY t, line 3, column x: ...".
    const std::string& context() const { return context_; }

private:
    std::string sqlState_;
    std::string context_;
};

struct PgResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

/// One libpq connection (libpq itself rather than libpqxx: binary COPY and binary array parameters
/// need it; ../shared/notes/library-traps.md). Not thread-safe: one user at a time.
class PgConnection {
public:
    /// Connects or throws PgError; `where` ("127.0.0.1:5432/postgres") names the server in messages,
    /// the conninfo (which may hold a password) is never printed.
    PgConnection(const std::string& conninfo, const std::string& where);
    /// Connects, retrying a retryable failure (a server starting or restarting) up to `maxRetries`
    /// times, waiting 1 s, 2 s, ... in between; a wrong password is not retried. `stopping` ends the wait.
    static std::unique_ptr<PgConnection> connectRetrying(const std::string& conninfo,
                                                         const std::string& where, int maxRetries,
                                                         const std::function<bool()>& stopping);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    bool ok() const { return conn_ && PQstatus(conn_) == CONNECTION_OK; }
    /// A command without parameters (several statements allowed); throws PgError.
    PgResult exec(const std::string& sql);
    /// One statement with text parameters (nullptr = NULL); throws PgError.
    PgResult execParams(const std::string& sql, const std::vector<const char*>& values);
    /// One statement with binary parameters of the given type oids; throws PgError.
    PgResult execBinary(const std::string& sql, const std::vector<Oid>& types,
                        const std::vector<const char*>& values, const std::vector<int>& lengths);

    /// COPY ... FROM STDIN: start, send data (blocking), end and check the result.
    void copyStart(const std::string& sql);
    void copyPut(const char* data, size_t size);
    void copyEnd();
    /// Abandons a COPY in progress (the server rolls it back).
    void copyAbort(const std::string& reason);
    bool inCopy() const { return inCopy_; }

    /// COPY ... TO STDOUT: start, then rows until copyGet returns false.
    void copyOutStart(const std::string& sql);
    /// One row's data (valid until the next call), false at the end (checks the final result).
    bool copyGet(const char*& data, int& size);

    const std::string& where() const { return where_; }

private:
    PgResult check(PGresult* r, const std::string& what, ExecStatusType expected);
    [[noreturn]] void fail(const PGresult* r, const std::string& what);

    PGconn* conn_ = nullptr;
    std::string where_;
    bool inCopy_ = false;
    char* copyBuf_ = nullptr;
};

/// "ident" quoted as PostgreSQL wants it, always: "PULocationID", "a""b".
std::string pgQuote(const std::string& ident);

}  // namespace sluice::connectors::jdbc
