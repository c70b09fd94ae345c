#include "cli/shell.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cxxabi.h>
#include <cctype>
#include <cstdlib>
#include <typeinfo>

#include "cli/completer.h"
#include "cli/init_script.h"
#include "cli/line_editor.h"
#include "cli/live_view.h"
#include "cli/result_printer.h"
#include "cli/signal_watcher.h"
#include "cli/statement_splitter.h"
#include "cli/tableau_style.h"
#include "common/error.h"
#include "common/string_util.h"
#include "planner/session.h"
#include "runtime/job.h"

namespace sluice::cli {

namespace {

constexpr const char* kPrompt = "Sluice SQL> ";
constexpr const char* kContinuationPrompt = "         > ";

constexpr const char* kBackslashHelp =
    "Shell commands (psql habits; they end at the newline, without ';'):\n"
    "  \\d          list the tables and views (SHOW TABLES;)\n"
    "  \\d NAME     describe a table or view (DESCRIBE NAME;)\n"
    "  \\h          the SQL commands (HELP;)\n"
    "  \\q          quit (QUIT; or Ctrl-D)\n"
    "  \\?          this help\n"
    "Keys: Tab completes; Up/Down and Ctrl-R search the history; Ctrl-C drops the input being typed or "
    "stops the running query.\n";

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

std::string demangledType(const std::exception& e) {
    int status = 0;
    char* name = abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status);
    std::string out = status == 0 && name ? name : typeid(e).name();
    std::free(name);
    return out;
}

int maxColumnWidth(const planner::Session& session) {
    try {
        int w = std::stoi(session.config("sql-client.display.max-column-width"));
        return w > 0 ? w : TableauStyle::kDefaultMaxColumnWidth;
    } catch (const std::exception&) {
        return TableauStyle::kDefaultMaxColumnWidth;
    }
}

}  // namespace

Shell::Shell(const Registries& registries, ShellOptions options, std::ostream& out, std::ostream& err)
    : registries_(registries), options_(std::move(options)), out_(out), err_(err) {}

Shell::~Shell() {
    // First, while the job log's mutex and buffer still exist: ending the session stops its jobs.
    session_.reset();
}

bool Shell::verbose() const {
    return equalsIgnoreCase(session_->config("sql-client.verbose"), "true");
}

void Shell::setActivity(Activity activity, ResultPrinter* printer, LiveView* view) {
    std::lock_guard lock(activityMutex_);
    activity_ = activity;
    printer_ = printer;
    view_ = view;
}

void Shell::onSignal(int signal, int count) {
    if (!interactive_ || signal == SIGTERM) {
        // As `sluice run`: stop everything; a second signal exits at once.
        if (count > 1) std::_Exit(130);
        terminate_ = true;
    }
    std::lock_guard lock(activityMutex_);
    switch (activity_) {
        case Activity::Editing:
            if (editor_) editor_->interrupt();
            break;
        case Activity::Printing:
            if (printer_) printer_->cancel();
            break;
        case Activity::Viewing:
            if (view_) view_->interrupt();
            break;
        case Activity::Executing: {
            // A statement that waits for its job (table.dml-sync): stop the jobs it started.
            auto jobs = session_->jobs();
            for (size_t i = jobsBefore_; i < jobs.size(); ++i) jobs[i]->cancel();
            break;
        }
        case Activity::Waiting:
            // The plain shell waits for its INSERT jobs at the end, as `sluice run` does.
            err_ << "[INFO] Stopping: jobs that take checkpoints stop with a savepoint, the others are "
                    "cancelled (signal again to exit at once)."
                 << std::endl;
            for (const auto& line : session_->stopJobsWithSavepoint()) err_ << "[INFO] " << line << std::endl;
            break;
        case Activity::Idle:
            break;
    }
}

int Shell::run() {
    switch (options_.mode) {
        case ShellOptions::Mode::Auto:
            interactive_ = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
            break;
        case ShellOptions::Mode::Interactive:
            interactive_ = true;
            break;
        case ShellOptions::Mode::Plain:
            interactive_ = false;
            break;
    }
    session_ = std::make_unique<planner::Session>(registries_.connectors(), registries_.functions(),
                                                  options_.config);
    // Before any job thread starts: the watcher blocks SIGINT/SIGTERM for every thread created later.
    SignalWatcher signals([this](int signal, int count) { onSignal(signal, count); });

    if (!options_.initFile.empty() && !InitScript(options_.initFile).run(*session_, out_, err_)) return 1;

    int code = interactive_ ? runInteractive() : runPlain();
    setActivity(Activity::Idle);
    return code;
}

// --- interactive

int Shell::runInteractive() {
    // Checkpoint and restart lines of INSERT jobs would land in the middle of the line being typed;
    // they wait for the next prompt (and show only in verbose mode).
    session_->setJobLog([this](const std::string& line) {
        std::lock_guard lock(logMutex_);
        if (jobLog_.size() < 1000) jobLog_.push_back(line);
    });
    editor_ = std::make_unique<LineEditor>(options_.historyPath);
    StatementSplitter splitter;
    Completer completer(*session_, registries_);
    editor_->setCompleter([&](const std::string& line, size_t cursor) {
        // Complete against the whole statement: the lines typed before this one name the tables.
        const std::string& pending = splitter.pending();
        Completion c = completer.complete(pending + line, pending.size() + cursor);
        if (c.start < pending.size()) return Completion{cursor, {}};
        c.start -= pending.size();
        return c;
    });

    out_ << "Welcome to Sluice "
         << "SQL shell. Enter 'HELP;' or '\\?' for help, 'QUIT;' or Ctrl-D to exit.\n\n";
    out_.flush();
    std::string typed;  // the lines of the statement being typed, for the history
    while (!terminate_) {
        if (splitter.empty()) reportJobEvents();
        std::string line;
        setActivity(Activity::Editing);
        LineEditor::Status status = editor_->readLine(splitter.empty() ? kPrompt : kContinuationPrompt, line);
        setActivity(Activity::Idle);
        if (terminate_) break;
        if (status == LineEditor::Status::Interrupted) {
            splitter.clear();
            typed.clear();
            continue;
        }
        if (status == LineEditor::Status::Eof) {
            out_ << '\n';
            break;
        }
        if (splitter.empty() && trim(line).rfind('\\', 0) == 0) {
            editor_->addHistory(trim(line));
            splitter.clear();
            typed.clear();
            if (runBackslash(trim(line)) == Outcome::Quit) break;
            continue;
        }
        splitter.append(line);
        splitter.append("\n");
        typed += typed.empty() ? line : "\n" + line;
        bool quit = false;
        bool ran = false;
        while (auto statement = splitter.next()) {
            if (!ran) editor_->addHistory(trim(typed));
            ran = true;
            if (runText(*statement) == Outcome::Quit) {
                quit = true;
                break;
            }
        }
        if (ran) typed = splitter.empty() ? "" : trim(splitter.pending());
        if (splitter.empty()) typed.clear();
        if (quit) break;
    }
    // The completer callback points into this frame.
    editor_.reset();
    stopRunningJobs();
    out_ << "Shutting down the session...\ndone.\n";
    out_.flush();
    return 0;
}

void Shell::reportJobEvents() {
    std::vector<std::string> log;
    {
        std::lock_guard lock(logMutex_);
        log.swap(jobLog_);
    }
    if (verbose())
        for (const auto& line : log) out_ << "[INFO] " << line << '\n';
    for (const auto& job : session_->jobs()) {
        runtime::JobStatus status = job->status();
        if (status == runtime::JobStatus::Running || status == runtime::JobStatus::Created) continue;
        if (!reportedJobs_.insert(job->id()).second) continue;
        if (status == runtime::JobStatus::Failed)
            out_ << "[ERROR] Job " << job->id() << " (" << job->name() << ") failed. Reason:\n"
                 << job->error().value_or("unknown") << '\n';
        else if (status == runtime::JobStatus::Finished)
            out_ << "[INFO] Job " << job->id() << " (" << job->name() << ") finished.\n";
    }
    out_.flush();
}

void Shell::stopRunningJobs() {
    size_t running = 0;
    for (const auto& job : session_->jobs())
        if (job->status() == runtime::JobStatus::Running) ++running;
    if (running == 0) return;
    out_ << "[INFO] Stopping " << running << " running job" << (running == 1 ? "" : "s")
         << " (a savepoint for jobs that take checkpoints)...\n";
    out_.flush();
    for (const auto& line : session_->stopJobsWithSavepoint()) out_ << "[INFO] " << line << '\n';
}

Shell::Outcome Shell::runBackslash(const std::string& line) {
    std::string command = line;
    std::string argument;
    size_t space = line.find_first_of(" \t");
    if (space != std::string::npos) {
        command = line.substr(0, space);
        argument = trim(line.substr(space));
        while (!argument.empty() && argument.back() == ';') argument.pop_back();
    }
    if (command == "\\q") return Outcome::Quit;
    if (command == "\\?") {
        out_ << kBackslashHelp;
        out_.flush();
        return Outcome::Ok;
    }
    if (command == "\\h") return runText("HELP;");
    if (command == "\\d" || command == "\\d+" || command == "\\dt")
        return runText(argument.empty() ? "SHOW TABLES;" : "DESCRIBE " + argument + ";");
    out_.flush();
    err_ << "[ERROR] Unknown command " << command << ". Try \\? for help." << std::endl;
    failed_ = true;
    return Outcome::Failed;
}

// --- plain (piped) mode

int Shell::runPlain() {
    StatementSplitter splitter;
    std::string buffer;
    bool eof = false;
    bool quit = false;
    // Reads with poll() so that a signal can end the shell while it waits for input.
    while (!eof && !quit && !terminate_) {
        pollfd pfd{STDIN_FILENO, POLLIN, 0};
        int n = poll(&pfd, 1, 200);
        if (n < 0 && errno != EINTR) break;
        if (n <= 0) continue;
        char chunk[65536];
        ssize_t r = read(STDIN_FILENO, chunk, sizeof chunk);
        if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (r <= 0) {
            eof = true;
            if (!buffer.empty() && buffer.back() != '\n') buffer += '\n';
        } else {
            buffer.append(chunk, static_cast<size_t>(r));
        }
        size_t eol;
        while (!quit && !terminate_ && (eol = buffer.find('\n')) != std::string::npos) {
            std::string line = buffer.substr(0, eol);
            buffer.erase(0, eol + 1);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (splitter.empty() && trim(line).rfind('\\', 0) == 0) {
                splitter.clear();
                quit = runBackslash(trim(line)) == Outcome::Quit;
                continue;
            }
            splitter.append(line);
            splitter.append("\n");
            while (auto statement = splitter.next())
                if (runText(*statement) == Outcome::Quit) {
                    quit = true;
                    break;
                }
        }
    }
    if (!quit && !terminate_ && !splitter.empty()) {
        // Flink ignores a last statement without ';'; say so rather than drop it silently.
        out_.flush();
        err_ << "[WARNING] Ignored the text after the last ';': " << trim(splitter.pending()) << std::endl;
    }
    // As `sluice run`: INSERT jobs run to their end (Ctrl-C stops them).
    if (!terminate_) {
        setActivity(Activity::Waiting);
        try {
            session_->waitForJobs();
        } catch (const std::exception& e) {
            if (!terminate_) {
                out_.flush();
                std::string text = ResultPrinter::errorText(e);
                text.replace(0, std::string(ResultPrinter::kErrorHeader).size(),
                             "[ERROR] Job failed. Reason:");
                err_ << text << std::endl;
                failed_ = true;
            }
        }
        setActivity(Activity::Idle);
    }
    stopRunningJobs();
    out_.flush();
    return failed_ ? 1 : 0;
}

// --- statements

Shell::Outcome Shell::runText(const std::string& text) {
    std::vector<ast::StatementPtr> statements;
    try {
        statements = planner::Session::parse(text);
    } catch (const std::exception& e) {
        printError(e, text);
        return Outcome::Failed;
    }
    Outcome outcome = Outcome::Ok;
    for (const auto& statement : statements) {
        outcome = runStatement(*statement);
        if (outcome != Outcome::Ok || terminate_) break;
    }
    return outcome;
}

Shell::Outcome Shell::runStatement(const ast::Statement& statement) {
    if (statement.kind == ast::StatementKind::ClientCommand) {
        std::string command = toUpper(statement.as<ast::ClientCommand>().command);
        if (command == "QUIT" || command == "EXIT") return Outcome::Quit;
        if (command == "CLEAR") {
            if (interactive_) out_ << "\033[H\033[2J\033[3J";
            out_.flush();
            return Outcome::Ok;
        }
        if (command == "HELP") {
            out_ << helpText();
            out_.flush();
            return Outcome::Ok;
        }
    }

    auto start = std::chrono::steady_clock::now();
    try {
        planner::StatementResult result;
        {
            std::lock_guard lock(activityMutex_);
            activity_ = Activity::Executing;
            jobsBefore_ = session_->jobs().size();
        }
        result = session_->execute(statement);
        setActivity(Activity::Idle);

        std::string mode = toLower(session_->config("sql-client.execution.result-mode"));
        if (result.kind == planner::StatementResult::Kind::Query && interactive_ && mode != "tableau") {
            LiveView view(mode == "changelog" ? LiveView::Mode::Changelog : LiveView::Mode::Table,
                          maxColumnWidth(*session_), session_->zone());
            out_.flush();
            setActivity(Activity::Viewing, nullptr, &view);
            LiveView::Outcome shown;
            try {
                shown = view.show(result);
            } catch (...) {
                setActivity(Activity::Idle);
                throw;
            }
            setActivity(Activity::Idle);
            double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            char timing[64];
            std::snprintf(timing, sizeof timing, " (%.2f seconds)", seconds);
            out_ << (shown.finished ? "Received a total of " : "Query terminated, received a total of ")
                 << shown.received << (shown.received == 1 ? " row" : " rows") << timing << '\n';
            out_.flush();
            return Outcome::Ok;
        }

        ResultPrinter printer(out_);
        if (interactive_) printer.setTimingFrom(start);
        setActivity(Activity::Printing, &printer);
        try {
            printer.print(result, *session_);
        } catch (...) {
            setActivity(Activity::Idle);
            throw;
        }
        setActivity(Activity::Idle);
        if (statement.kind == ast::StatementKind::Insert ||
            statement.kind == ast::StatementKind::StatementSet) {
            // Its job may already have ended (a bounded INSERT): do not announce it again at the prompt.
            for (const auto& job : session_->jobs())
                if (job->status() == runtime::JobStatus::Finished) reportedJobs_.insert(job->id());
        }
        return Outcome::Ok;
    } catch (const std::exception& e) {
        setActivity(Activity::Idle);
        printError(e, statement.text);
        return Outcome::Failed;
    }
}

void Shell::printError(const std::exception& error, const std::string& statementText) {
    failed_ = true;
    out_.flush();
    err_ << ResultPrinter::errorText(error) << '\n';
    if (verbose()) {
        // Flink prints the Java stack here; the most useful detail we have is what failed and where.
        err_ << "[VERBOSE] Exception: " << demangledType(error) << '\n';
        err_ << "[VERBOSE] Statement:\n" << trim(statementText) << '\n';
    }
    err_.flush();
}

std::string Shell::helpText() const {
    std::string text = planner::Session::helpText();
    text +=
        "SHOW JOBS\t\tShows the jobs started in this session: state, rows in and out, last checkpoint.\n"
        "STOP JOB\t\tStops a job. Syntax: \"STOP JOB '<job id>' [WITH SAVEPOINT];\"\n"
        "\nHint: Make sure that a statement ends with \";\" for finalizing (multi-line) statements.\n"
        "\n";
    text += kBackslashHelp;
    return text;
}

}  // namespace sluice::cli
