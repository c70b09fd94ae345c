#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "common/record_batch.h"
#include "common/time_util.h"
#include "parser/ast.h"

#include "planner/connector_factory.h"
#include "runtime/job.h"

namespace sluice::runtime {
class ResultQueue;
}  // namespace sluice::runtime

namespace sluice::functions {
class FunctionRegistry;
}

namespace sluice::planner {

class Catalog;
class Binder;

/// What executing one statement produced; the client (sluice run, shell, test) prints it.
struct StatementResult {
    enum class Kind {
        /// "[INFO] Execute statement succeeded." (DDL, SET, RESET, USE, ...)
        Ok,
        /// An [INFO] message: `message` holds the text after "[INFO] " (may span lines).
        Info,
        /// A finished table (SHOW, DESCRIBE, SET;): `schema` + `rows`, printed as a batch table.
        Table,
        /// A query result streamed from a running job: read `stream` until it ends.
        Query,
        /// Plain text printed as is (EXPLAIN).
        Text,
    };
    Kind kind = Kind::Ok;
    std::string message;
    Schema schema;
    std::vector<RecordBatch> rows;
    /// Query only: batches as the job produces them; rows carry their RowKind.
    std::shared_ptr<runtime::ResultQueue> stream;
    /// Query only: the job producing `stream` (cancel it to stop an unbounded query).
    std::shared_ptr<runtime::Job> job;
    /// Query only: whether the session is in streaming mode (tableau shows the op column).
    bool streaming = true;
};

/// A SQL session: catalog, configuration ('SET' keys) and the jobs it started.
class Session {
public:
    Session(const ConnectorRegistry& connectors, const functions::FunctionRegistry& functions,
            std::map<std::string, std::string> initialConfig = {});
    ~Session();

    /// Parses a script (throws ParseError; nothing runs).
    static std::vector<ast::StatementPtr> parse(const std::string& sql);
    /// Executes one statement; throws SluiceError subclasses on failure. INSERT starts a job and
    /// returns at once unless 'table.dml-sync' is true, in which case it waits for the job (and
    /// throws its failure).
    StatementResult execute(const ast::Statement& statement);

    /// Blocks until every job started by INSERT has ended; throws the first failure.
    void waitForJobs();
    /// Cancels every running job.
    void cancelJobs();
    /// Ctrl-C / SIGTERM: each running job that takes checkpoints stops with a savepoint (the others are
    /// cancelled); waits for all. Returns one line per job for the user.
    std::vector<std::string> stopJobsWithSavepoint();
    /// Where INSERT jobs report checkpoints and restarts (default: stderr, one line each); the shell
    /// keeps them off the line being edited. Called from job threads.
    void setJobLog(std::function<void(const std::string&)> log) { jobLog_ = std::move(log); }
    /// Adjusts the options of every INSERT job before it starts (`sluice test --resume`).
    void setDmlJobAdjuster(std::function<void(runtime::JobOptions&)> adjust) {
        adjustDmlJob_ = std::move(adjust);
    }
    /// Jobs started by this session, in start order (a snapshot: safe from any thread).
    std::vector<std::shared_ptr<runtime::Job>> jobs() const;

    /// The effective value of a configuration key (session value, else the default), or "".
    std::string config(const std::string& key) const;
    const std::map<std::string, std::string>& configEntries() const { return config_; }
    /// The keys SET; lists with their defaults (shell completion).
    static std::vector<std::string> knownConfigKeys();
    TimeZone zone() const;
    /// Physical DAG of a statement (INSERT, statement set or query), as `sluice explain` prints.
    std::string explain(const ast::Statement& statement);

    Catalog& catalog() { return *catalog_; }

    /// The text of HELP;.
    static std::string helpText();

private:
    void createTable(const ast::CreateTable& statement, Binder& binder);
    StatementResult show(const ast::Show& statement);
    StatementResult describe(const ast::Describe& statement);
    StatementResult executeDml(const ast::Statement& statement);
    StatementResult executeQuery(const ast::QueryStatement& statement);
    runtime::JobGraph planDml(const ast::Statement& statement, std::string* logicalText);
    FactoryContext factoryContext() const;
    runtime::JobOptions jobOptions() const;
    /// jobOptions() plus checkpointing, for INSERT jobs.
    runtime::JobOptions dmlJobOptions() const;

    const ConnectorRegistry& connectors_;
    const functions::FunctionRegistry& functions_;
    std::map<std::string, std::string> config_;
    std::unique_ptr<Catalog> catalog_;
    // cancelJobs() may come from a signal-handling thread while execute() adds a job.
    mutable std::mutex jobsMutex_;
    std::vector<std::shared_ptr<runtime::Job>> jobs_;
    std::set<std::string> reportedFailures_;  // failed jobs already reported by execute()
    std::function<void(const std::string&)> jobLog_;
    std::function<void(runtime::JobOptions&)> adjustDmlJob_;
    std::map<std::string, int64_t> jobStartMicros_;  // job id -> start (epoch micros), for SHOW JOBS
};

}  // namespace sluice::planner
