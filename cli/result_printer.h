#pragma once

#include <chrono>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>

#include "planner/session.h"

namespace sluice::cli {

/// Prints a statement's result as Flink's SQL client does in tableau mode (Printer.java,
/// CliTableauResultView.java): "[INFO] ..." messages, finished tables sized by content, and query
/// results streamed row by row (streaming: `op` column, widths by type, "Received a total of N
/// rows"; batch: widths by content, "N rows in set" or "Empty set").
class ResultPrinter {
public:
    explicit ResultPrinter(std::ostream& out) : out_(out) {}

    /// For a query, blocks until its stream ends or cancel() is called; throws ExecutionError when the
    /// query's job fails.
    void print(planner::StatementResult& result, const planner::Session& session);
    /// The interactive shell adds the time since `start` to the footers of query results, as MySQL does:
    /// "3 rows in set (0.12 seconds)".
    void setTimingFrom(std::chrono::steady_clock::time_point start) { timingStart_ = start; }
    /// Stops the query being printed, or the next one; callable from any thread (signals, timeouts).
    void cancel();
    bool cancelled() const;

    /// "[ERROR] Could not execute SQL statement. Reason:\n<kind>: <message>" (no trailing newline).
    static std::string errorText(const std::exception& error);
    /// The first line of errorText and Flink's CliStrings.MESSAGE_SQL_EXECUTION_ERROR.
    static constexpr const char* kErrorHeader = "[ERROR] Could not execute SQL statement. Reason:";
    static constexpr const char* kExecuteSucceeded = "[INFO] Execute statement succeeded.";

private:
    void printTable(const planner::StatementResult& result, const planner::Session& session);
    void printQuery(planner::StatementResult& result, const planner::Session& session);
    /// Waits for the query's job and throws its failure, unless we cancelled it.
    void checkJob(const std::shared_ptr<runtime::Job>& job);
    void printTerminated(int64_t rows);
    /// " (0.12 seconds)" when timing is on, else "".
    std::string timing() const;

    std::ostream& out_;
    mutable std::mutex mutex_;
    std::shared_ptr<runtime::Job> job_;
    std::shared_ptr<runtime::ResultQueue> queue_;
    bool cancelled_ = false;
    std::optional<std::chrono::steady_clock::time_point> timingStart_;
};

}  // namespace sluice::cli
