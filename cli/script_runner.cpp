#include "cli/script_runner.h"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "cli/init_script.h"
#include "cli/result_printer.h"
#include "cli/signal_watcher.h"
#include "common/error.h"
#include "planner/session.h"

namespace sluice::cli {

std::string readTextFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

namespace {

// After a failure the remaining jobs are stopped so the process can exit; their own errors no
// longer matter.
void cancelQuietly(planner::Session& session) {
    try {
        session.cancelJobs();
        session.waitForJobs();
    } catch (const std::exception&) {
    }
}

}  // namespace

int ScriptRunner::run(const std::string& path) {
    std::string sql;
    try {
        sql = readTextFile(path);
    } catch (const std::exception& e) {
        err_ << "sluice: " << e.what() << '\n';
        return 1;
    }

    std::vector<ast::StatementPtr> statements;
    try {
        statements = planner::Session::parse(sql);
    } catch (const std::exception& e) {
        err_ << ResultPrinter::errorText(e) << std::endl;
        return 1;
    }

    planner::Session session(registries_.connectors(), registries_.functions(), config_);
    if (!initPath_.empty() && !InitScript(initPath_).run(session, out_, err_)) return 1;
    ResultPrinter printer(out_);
    std::atomic<bool> stopping{false};
    // Declared after the session and printer, so it stops watching before they are destroyed.
    SignalWatcher signals([&](int count) {
        if (count > 1) std::_Exit(130);
        stopping = true;
        err_ << "[INFO] Stopping: jobs that take checkpoints stop with a savepoint, the others are cancelled "
                "(signal again to exit at once)."
             << std::endl;
        printer.cancel();
        for (const auto& line : session.stopJobsWithSavepoint()) err_ << "[INFO] " << line << std::endl;
    });

    for (const auto& statement : statements) {
        if (stopping) break;
        try {
            planner::StatementResult result = session.execute(*statement);
            printer.print(result, session);
        } catch (const std::exception& e) {
            if (stopping) break;  // the statement failed because we cancelled it
            out_.flush();
            err_ << ResultPrinter::errorText(e) << std::endl;
            cancelQuietly(session);
            return 1;
        }
    }

    try {
        session.waitForJobs();
    } catch (const std::exception& e) {
        if (!stopping) {
            out_.flush();
            std::string text = ResultPrinter::errorText(e);
            text.replace(0, std::string(ResultPrinter::kErrorHeader).size(), "[ERROR] Job failed. Reason:");
            err_ << text << std::endl;
            cancelQuietly(session);
            return 1;
        }
    }
    out_.flush();
    return 0;
}

}  // namespace sluice::cli
