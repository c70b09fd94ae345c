#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "cli/registries.h"
#include "parser/ast.h"

namespace sluice::planner {
class Session;
}

namespace sluice::cli {

class LineEditor;
class LiveView;
class ResultPrinter;

struct ShellOptions {
    /// -D key=value
    std::map<std::string, std::string> config;
    /// -i init.sql (DDL and SET only), run before the first prompt.
    std::string initFile;
    /// Where the history lives; "" keeps it in memory.
    std::string historyPath;
    /// Force the interactive (terminal) or plain (piped) behaviour; by default stdin and stdout decide.
    enum class Mode { Auto, Interactive, Plain } mode = Mode::Auto;
};

/// `sluice shell`: Flink's SQL client, interactive. On a terminal it reads statements with line
/// editing (LineEditor), history and completion (Completer), runs them one by one in one Session,
/// prints results in the session's result mode (tableau through ResultPrinter, table and changelog
/// through LiveView), and carries on after errors. Ctrl-C drops the input being typed or stops the
/// running query; Ctrl-D, QUIT; or \q leave. Without a terminal it reads statements from stdin,
/// prints plain tableau results, and exits with 1 when any statement failed.
class Shell {
public:
    Shell(const Registries& registries, ShellOptions options, std::ostream& out, std::ostream& err);
    ~Shell();

    /// Returns the process exit code.
    int run();

private:
    enum class Outcome { Ok, Failed, Quit };
    /// What the main thread is doing, so that a signal knows what to stop.
    enum class Activity { Idle, Editing, Executing, Printing, Viewing, Waiting };

    int runInteractive();
    int runPlain();
    /// Runs the statements of `text` (one or more, each ending in ';').
    Outcome runText(const std::string& text);
    Outcome runStatement(const ast::Statement& statement);
    /// psql's \q, \d, \d NAME, \?, \h.
    Outcome runBackslash(const std::string& line);
    void printError(const std::exception& error, const std::string& statementText);
    /// Failed and finished background jobs since the last prompt, and their log lines when verbose.
    void reportJobEvents();
    /// Stops the jobs still running when the shell ends (a savepoint where they checkpoint).
    void stopRunningJobs();
    void onSignal(int signal, int count);
    void setActivity(Activity activity, ResultPrinter* printer = nullptr, LiveView* view = nullptr);
    bool verbose() const;
    std::string helpText() const;

    const Registries& registries_;
    ShellOptions options_;
    std::ostream& out_;
    std::ostream& err_;
    bool interactive_ = false;
    std::unique_ptr<planner::Session> session_;
    std::unique_ptr<LineEditor> editor_;

    std::mutex activityMutex_;  // guards the four below against the signal thread
    Activity activity_ = Activity::Idle;
    ResultPrinter* printer_ = nullptr;
    LiveView* view_ = nullptr;
    size_t jobsBefore_ = 0;  // Executing: jobs that existed before the statement started
    std::atomic<bool> terminate_{false};

    std::mutex logMutex_;
    std::vector<std::string> jobLog_;  // job threads append; the prompt prints them (verbose)
    std::set<std::string> reportedJobs_;
    bool failed_ = false;
};

}  // namespace sluice::cli
