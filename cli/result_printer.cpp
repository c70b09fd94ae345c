#include "cli/result_printer.h"

#include <climits>
#include <cstdio>
#include <vector>

#include "cli/tableau_style.h"
#include "common/error.h"
#include "common/value_format.h"
#include "runtime/job.h"
#include "runtime/result_queue.h"

namespace sluice::cli {

namespace {

using planner::StatementResult;

int maxColumnWidth(const planner::Session& session) {
    std::string v = session.config("sql-client.display.max-column-width");
    try {
        int w = v.empty() ? TableauStyle::kDefaultMaxColumnWidth : std::stoi(v);
        return w > 0 ? w : TableauStyle::kDefaultMaxColumnWidth;
    } catch (const std::exception&) {
        return TableauStyle::kDefaultMaxColumnWidth;
    }
}

std::vector<std::string> columnNames(const Schema& schema, bool withRowKind) {
    std::vector<std::string> names;
    if (withRowKind) names.emplace_back(TableauStyle::kRowKindColumn);
    for (const Field& f : schema.fields) names.push_back(f.name);
    return names;
}

// The cells of row `i`, as CAST(x AS STRING) prints each value.
std::vector<std::string> rowCells(const RecordBatch& batch, size_t i, bool withRowKind, const char* nullText,
                                  const TimeZone& zone) {
    std::vector<std::string> cells;
    cells.reserve(batch.columns.size() + 1);
    if (withRowKind) cells.emplace_back(rowKindShortString(batch.kind(i)));
    for (const Vector& col : batch.columns)
        cells.push_back(col.isNull(i) ? std::string(nullText) : valueText(col, i, zone));
    return cells;
}

const char* rowTerm(int64_t n) {
    return n > 1 ? "rows" : "row";
}

}  // namespace

std::string ResultPrinter::errorText(const std::exception& error) {
    std::string out = kErrorHeader;
    out += '\n';
    if (auto* e = dynamic_cast<const SluiceError*>(&error)) {
        out += e->kind();
    } else {
        out += "Exception";
    }
    out += ": ";
    out += error.what();
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

void ResultPrinter::cancel() {
    std::shared_ptr<runtime::Job> job;
    std::shared_ptr<runtime::ResultQueue> queue;
    {
        std::lock_guard lock(mutex_);
        cancelled_ = true;
        job = job_;
        queue = queue_;
    }
    // Outside the lock: cancelling may wait for tasks that push into the queue.
    if (job) job->cancel();
    if (queue) queue->close();
}

bool ResultPrinter::cancelled() const {
    std::lock_guard lock(mutex_);
    return cancelled_;
}

void ResultPrinter::print(StatementResult& result, const planner::Session& session) {
    switch (result.kind) {
        case StatementResult::Kind::Ok:
            out_ << kExecuteSucceeded << '\n';
            break;
        case StatementResult::Kind::Info:
            out_ << "[INFO] " << result.message << '\n';
            break;
        case StatementResult::Kind::Text:
            out_ << result.message;
            if (result.message.empty() || result.message.back() != '\n') out_ << '\n';
            break;
        case StatementResult::Kind::Table:
            printTable(result, session);
            break;
        case StatementResult::Kind::Query:
            printQuery(result, session);
            break;
    }
    out_.flush();
}

void ResultPrinter::printTable(const StatementResult& result, const planner::Session& session) {
    // Printer.ClientResultPrinter.defaultPrint: widths by content, no width limit, NULL as empty.
    std::vector<std::vector<std::string>> rows;
    TimeZone zone = session.zone();
    for (const RecordBatch& batch : result.rows)
        for (size_t i = 0; i < batch.numRows; ++i) rows.push_back(rowCells(batch, i, false, "", zone));
    if (rows.empty()) {
        out_ << "Empty set\n";
        return;
    }
    auto names = columnNames(result.schema, false);
    TableauStyle style(names, TableauStyle::columnWidthsByContent(names, rows, INT_MAX));
    out_ << style.borderLine() << '\n' << style.headerRow() << '\n' << style.borderLine() << '\n';
    for (const auto& row : rows) out_ << style.row(row) << '\n';
    out_ << style.borderLine() << '\n' << rows.size() << ' ' << rowTerm(rows.size()) << " in set\n";
}

void ResultPrinter::printQuery(StatementResult& result, const planner::Session& session) {
    bool cancelNow;
    {
        std::lock_guard lock(mutex_);
        job_ = result.job;
        queue_ = result.stream;
        cancelNow = cancelled_;
    }
    if (cancelNow) cancel();
    SLUICE_CHECK(result.stream != nullptr);

    const int maxWidth = maxColumnWidth(session);
    const TimeZone zone = session.zone();
    int64_t count = 0;
    RecordBatch batch;

    if (result.streaming) {
        auto names = columnNames(result.schema, true);
        TableauStyle style(names, TableauStyle::columnWidthsByType(result.schema, maxWidth, false, true));
        out_ << style.borderLine() << '\n' << style.headerRow() << '\n' << style.borderLine() << '\n';
        out_.flush();
        while (result.stream->next(batch)) {
            for (size_t i = 0; i < batch.numRows; ++i) {
                out_ << style.row(rowCells(batch, i, true, TableauStyle::kNullValue, zone)) << '\n';
                ++count;
            }
            out_.flush();
        }
        if (cancelled()) return printTerminated(count);
        checkJob(result.job);
        if (count > 0) out_ << style.borderLine() << '\n';
        out_ << "Received a total of " << count << ' ' << rowTerm(count) << timing() << '\n';
        return;
    }

    // Batch: every row first, then a table sized by its content.
    std::vector<std::vector<std::string>> rows;
    while (result.stream->next(batch))
        for (size_t i = 0; i < batch.numRows; ++i)
            rows.push_back(rowCells(batch, i, false, TableauStyle::kNullValue, zone));
    if (cancelled()) return printTerminated(static_cast<int64_t>(rows.size()));
    checkJob(result.job);
    if (rows.empty()) {
        out_ << "Empty set" << timing() << '\n';
        return;
    }
    auto names = columnNames(result.schema, false);
    TableauStyle style(names, TableauStyle::columnWidthsByContent(names, rows, maxWidth));
    out_ << style.borderLine() << '\n' << style.headerRow() << '\n' << style.borderLine() << '\n';
    for (const auto& row : rows) out_ << style.row(row) << '\n';
    out_ << style.borderLine() << '\n'
         << rows.size() << ' ' << rowTerm(rows.size()) << " in set" << timing() << '\n';
}

void ResultPrinter::checkJob(const std::shared_ptr<runtime::Job>& job) {
    if (!job) return;
    if (job->wait() == runtime::JobStatus::Failed && !cancelled())
        throw JobFailedError(job->error().value_or("ExecutionException: the query's job failed"));
}

void ResultPrinter::printTerminated(int64_t rows) {
    out_ << "Query terminated, received a total of " << rows << ' ' << rowTerm(rows) << timing() << '\n';
}

std::string ResultPrinter::timing() const {
    if (!timingStart_) return "";
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - *timingStart_).count();
    char buf[64];
    std::snprintf(buf, sizeof buf, " (%.2f seconds)", seconds);
    return buf;
}

}  // namespace sluice::cli
