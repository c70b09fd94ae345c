#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/time_util.h"
#include "planner/session.h"

namespace sluice::cli {

/// The full-screen result views of Flink's SQL client for the 'table' and 'changelog' result modes
/// (CliTableResultView, CliChangelogResultView), drawn with ANSI escapes on the alternate screen.
/// Table mode keeps the materialized result: +I/+U add a row, -U/-D remove an equal one, so a GROUP BY
/// result updates in place. Changelog mode lists every change with its op. The view refreshes as rows
/// arrive and stays open, after the query ends too, until the user presses q, Esc or Ctrl-C.
class LiveView {
public:
    enum class Mode { Table, Changelog };
    struct Outcome {
        int64_t received = 0;   // changelog rows received
        bool finished = false;  // the query ended by itself (bounded), as opposed to being stopped
    };

    LiveView(Mode mode, int maxColumnWidth, TimeZone zone)
        : mode_(mode), maxColumnWidth_(maxColumnWidth), zone_(std::move(zone)) {}

    /// Shows a Query result until the user leaves, then stops its job. Throws JobFailedError when the
    /// job fails.
    Outcome show(planner::StatementResult& result);
    /// Leaves the view (any thread; the shell calls it on SIGINT).
    void interrupt() { interrupted_ = true; }

private:
    struct Row {
        std::vector<std::string> cells;
        bool live = true;
    };
    void apply(const RecordBatch& batch);
    void removeRow(const std::vector<std::string>& cells);
    void compact();
    size_t liveRows() const { return mode_ == Mode::Table ? rows_.size() - deadRows_ : changes_.size(); }
    /// Returns false when the user asked to leave.
    bool handleKeys();
    void draw(const planner::StatementResult& result, const std::string& status);

    Mode mode_;
    int maxColumnWidth_;
    TimeZone zone_;
    std::atomic<bool> interrupted_{false};

    std::vector<Row> rows_;  // table mode, in arrival order; removed rows are dead until compact()
    size_t deadRows_ = 0;
    std::unordered_map<std::string, std::vector<size_t>> index_;  // joined cells -> live positions
    std::deque<std::vector<std::string>> changes_;                // changelog mode, op cell first
    int64_t received_ = 0;

    size_t offset_ = 0;    // first row shown
    bool follow_ = false;  // keep the last rows in view as rows arrive
    int pageRows_ = 10;
    std::string pendingKeys_;
};

}  // namespace sluice::cli
