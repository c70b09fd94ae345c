#include "cli/fixture_runner.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <mutex>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <unistd.h>

#include "cli/result_printer.h"
#include "cli/script_runner.h"
#include "cli/text_diff.h"
#include "planner/session.h"

namespace sluice::cli {

namespace fs = std::filesystem;

namespace {

// Calls `onTimeout` once if not stopped within `seconds`.
class Watchdog {
public:
    Watchdog(int seconds, std::function<void()> onTimeout)
        : thread_([this, seconds, onTimeout = std::move(onTimeout)] {
              std::unique_lock lock(mutex_);
              if (!cv_.wait_for(lock, std::chrono::seconds(seconds), [this] { return stopped_; })) {
                  fired_ = true;
                  lock.unlock();
                  onTimeout();
              }
          }) {}
    ~Watchdog() { stop(); }
    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopped_ = true;
        }
        cv_.notify_all();
        if (thread_.joinable()) thread_.join();
    }
    bool fired() {
        std::lock_guard lock(mutex_);
        return fired_;
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopped_ = false;
    bool fired_ = false;
    std::thread thread_;  // last: starts after the members it uses
};

// Trailing spaces are not compared (Flink's CliClientITCase strips them), nor trailing blank lines;
// job ids differ per run.
std::vector<std::string> normalizeOutput(std::vector<std::string> lines) {
    for (auto& l : lines) {
        l.erase(l.find_last_not_of(" \t\r") + 1);
        if (l.starts_with("Job ID:")) l = "Job ID:";
    }
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

std::string firstLine(const std::string& sql) {
    std::string line = sql.substr(0, sql.find('\n'));
    return line.size() > 80 ? line.substr(0, 77) + "..." : line;
}

fs::path makeTempDir() {
    std::string tmpl = (fs::temp_directory_path() / "sluice-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temporary directory");
    return tmpl;
}

// Puts placeholder names back into actual output for --rewrite (longest value first, so a path
// is not replaced by the name of its parent directory).
std::string unsubstitute(std::string text, const std::map<std::string, std::string>& vars) {
    std::vector<std::pair<std::string, std::string>> byLength(vars.begin(), vars.end());
    std::sort(byLength.begin(), byLength.end(),
              [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
    auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (const auto& [name, value] : byLength) {
        if (value.size() < 4) continue;  // too short to be sure it came from the placeholder
        for (size_t p = text.find(value); p != std::string::npos;) {
            // Whole values only: "postgres" (a password) must not turn "postgresql" into a placeholder.
            size_t end = p + value.size();
            bool whole = (p == 0 || !word(text[p - 1]) || !word(value.front())) &&
                         (end == text.size() || !word(text[end]) || !word(value.back()));
            if (!whole) {
                p = text.find(value, p + 1);
                continue;
            }
            text.replace(p, value.size(), name);
            p = text.find(value, p + name.size());
        }
    }
    return text;
}

struct CaseOutcome {
    std::vector<std::string> actual;
    std::string tag;
    bool matched = false;
};

}  // namespace

std::vector<fs::path> FixtureRunner::collectFiles(const std::vector<std::string>& paths) {
    std::vector<fs::path> files;
    for (const auto& p : paths) {
        fs::path root(p);
        if (fs::is_regular_file(root)) {
            files.push_back(root);
            continue;
        }
        if (!fs::is_directory(root)) throw std::runtime_error("no such file or directory: " + p);
        std::vector<fs::path> found;
        for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
             ++it) {
            // Fixtures waiting for the engine to catch up live in pending/ and are run only by name.
            if (it->is_directory() && it->path().filename() == "pending") {
                it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file() && it->path().extension() == ".q") found.push_back(it->path());
        }
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

std::map<std::string, std::string> FixtureRunner::placeholders(const fs::path& file, const fs::path& tmpDir) {
    std::map<std::string, std::string> vars = {
        {"KAFKA_BOOTSTRAP", "127.0.0.1:9092"},
        {"PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"},
        {"PG_USER", "postgres"},
        {"PG_PASSWORD", "postgres"},
    };
    // SLUICE_<NAME> from the environment, as the scripts set them.
    for (char** e = ::environ; *e; ++e) {
        std::string entry(*e);
        size_t eq = entry.find('=');
        if (eq == std::string::npos || !entry.starts_with("SLUICE_")) continue;
        vars[entry.substr(7, eq - 7)] = entry.substr(eq + 1);
    }
    vars["TMP"] = tmpDir.string();
    // Unique per run (the temporary folder's name is), so that topics and tables of one run never see
    // the rows of another against the same long-lived broker or database.
    vars["RUN_ID"] = tmpDir.filename().string();
    vars["STREAMING_PATH"] = (tmpDir / "streaming").string();
    vars["BATCH_PATH"] = (tmpDir / "batch").string();
    vars["SQL_DIR"] = fs::absolute(file).parent_path().lexically_normal().string();
    std::map<std::string, std::string> named;
    for (auto& [k, v] : vars) named["$VAR_" + k] = v;
    return named;
}

std::string FixtureRunner::substitute(const std::string& text,
                                      const std::map<std::string, std::string>& vars) {
    static const std::regex kPlaceholder(R"(\$VAR_[A-Za-z0-9_]+)");
    std::string out;
    auto last = text.cbegin();
    for (std::sregex_iterator it(text.begin(), text.end(), kPlaceholder), end; it != end; ++it) {
        out.append(last, text.cbegin() + it->position());
        auto found = vars.find(it->str());
        if (found == vars.end())
            throw std::runtime_error("unknown placeholder " + it->str() +
                                     " (set the environment variable SLUICE_" + it->str().substr(5) + ")");
        out += found->second;
        last = text.cbegin() + it->position() + it->length();
    }
    out.append(last, text.cend());
    return out;
}

int FixtureRunner::run(const std::vector<std::string>& paths) {
    std::vector<fs::path> files;
    try {
        files = collectFiles(paths);
    } catch (const std::exception& e) {
        out_ << "sluice test: " << e.what() << '\n';
        return 1;
    }
    if (files.empty()) {
        out_ << "sluice test: no .q files found\n";
        return 1;
    }
    int passed = 0, failed = 0;
    for (const auto& file : files) {
        bool ok;
        try {
            ok = runFile(file);
        } catch (const std::exception& e) {
            out_ << "FAIL " << file.string() << ": " << e.what() << '\n';
            ok = false;
        }
        (ok ? passed : failed)++;
        out_.flush();
    }
    out_ << passed << " passed, " << failed << " failed\n";
    return failed == 0 ? 0 : 1;
}

bool FixtureRunner::runFile(const fs::path& file) {
    const std::string text = readTextFile(file.string());
    FixtureFile fixture = FixtureFile::parse(text);

    const fs::path tmpDir = makeTempDir();
    struct TmpCleanup {
        fs::path dir;
        ~TmpCleanup() {
            if (!std::getenv("SLUICE_KEEP_TMP")) {
                std::error_code ec;
                fs::remove_all(dir, ec);
            }
        }
    } cleanup{tmpDir};
    fs::create_directories(tmpDir / "streaming");
    fs::create_directories(tmpDir / "batch");
    const auto vars = placeholders(file, tmpDir);

    std::vector<CaseOutcome> outcomes;
    bool allOk = true;
    {
        planner::Session session(registries_.connectors(), registries_.functions(), options_.config);
        int jobNumber = 0;
        if (options_.resume)
            session.setDmlJobAdjuster([&](runtime::JobOptions& o) {
                o.resumeAtFirstCheckpoint = true;
                // A folder per job: two jobs of the same plan must not resume from each other.
                o.checkpoints.dir = (tmpDir / "checkpoints" / std::to_string(++jobNumber)).string();
                o.checkpoints.dirIsDefault = false;
            });
        for (const FixtureCase& c : fixture.cases) {
            CaseOutcome outcome;
            std::ostringstream buf;
            bool anyError = false, anyInfo = false, timedOut = false;
            try {
                const std::string sql = substitute(c.sql, vars);
                ResultPrinter printer(buf);
                Watchdog watchdog(options_.timeoutSeconds, [&] {
                    printer.cancel();
                    session.cancelJobs();
                });
                try {
                    for (const auto& statement : planner::Session::parse(sql)) {
                        planner::StatementResult result = session.execute(*statement);
                        if (result.kind == planner::StatementResult::Kind::Ok ||
                            result.kind == planner::StatementResult::Kind::Info)
                            anyInfo = true;
                        printer.print(result, session);
                    }
                } catch (const std::exception& e) {
                    buf << ResultPrinter::errorText(e) << '\n';
                    anyError = true;
                }
                watchdog.stop();
                timedOut = watchdog.fired();
            } catch (const std::exception& e) {  // a bad placeholder
                buf << "[ERROR] sluice test: " << e.what() << '\n';
                anyError = true;
            }
            if (timedOut) {
                buf << "[ERROR] sluice test: the statement did not finish within " << options_.timeoutSeconds
                    << " s (SLUICE_TEST_TIMEOUT); a query on an unbounded source never ends\n";
                anyError = true;
            }
            // Flink's tag precedence (CliClientITCase.Tag): error, then info, then ok.
            outcome.tag = anyError ? "!error" : anyInfo ? "!info" : "!ok";
            outcome.actual = normalizeOutput(TextDiff::splitLines(buf.str()));

            std::vector<std::string> expected;
            try {
                expected = normalizeOutput(TextDiff::splitLines(substitute(
                    [&] {
                        std::string joined;
                        for (const auto& l : c.expected) joined += l + "\n";
                        return joined;
                    }(),
                    vars)));
            } catch (const std::exception& e) {
                expected = {std::string("<") + e.what() + ">"};
            }
            if (timedOut) {
                outcome.matched = false;
            } else if (c.tag == "!error" && outcome.tag == "!error") {
                outcome.matched = TextDiff::containsInOrder(expected, outcome.actual);
            } else {
                outcome.matched = c.tag == outcome.tag && expected == outcome.actual;
            }
            if (!outcome.matched) {
                allOk = false;
                out_ << "FAIL " << file.string() << ':' << c.sqlLine << ": " << firstLine(c.sql) << '\n';
                auto want = expected, got = outcome.actual;
                want.push_back(c.tag);
                got.push_back(outcome.tag);
                out_ << TextDiff::unified(want, got);
                if (c.tag == "!error" && outcome.tag == "!error")
                    out_
                        << "(an !error block matches when each expected line occurs, in order, in the actual "
                           "output)\n";
                out_ << '\n';
            }
            outcomes.push_back(std::move(outcome));
        }

        // INSERTs without table.dml-sync may still run: their failures belong to this file too.
        bool finished = false;
        std::string failure;
        Watchdog watchdog(options_.timeoutSeconds, [&] { session.cancelJobs(); });
        try {
            session.waitForJobs();
            finished = true;
        } catch (const std::exception& e) {
            failure = ResultPrinter::errorText(e);
        }
        watchdog.stop();
        if (watchdog.fired()) {
            failure = "jobs still running " + std::to_string(options_.timeoutSeconds) +
                      " s after the last statement were cancelled (SLUICE_TEST_TIMEOUT)";
            finished = false;
        }
        if (!finished) {
            allOk = false;
            out_ << "FAIL " << file.string() << ": after the last statement: " << failure << "\n\n";
        }
    }

    if (options_.rewrite && !allOk) {
        std::string rewritten;
        for (size_t i = 0; i < fixture.cases.size(); ++i) {
            const FixtureCase& c = fixture.cases[i];
            const CaseOutcome& o = outcomes[i];
            rewritten += c.comment + c.sql;
            if (fixture.multiStatement) rewritten += "!output\n";
            if (o.matched) {
                for (const auto& l : c.expected) rewritten += l + "\n";
                rewritten += c.tag + "\n";
            } else {
                std::string actual;
                for (const auto& l : o.actual) actual += l + "\n";
                rewritten += unsubstitute(actual, vars) + o.tag + "\n";
            }
        }
        rewritten += fixture.trailing;
        std::ofstream(file, std::ios::binary | std::ios::trunc) << rewritten;
        out_ << "rewrote " << file.string() << '\n';
    }
    out_ << (allOk ? "PASS " : "FAIL ") << file.string() << " (" << fixture.cases.size() << " statements"
         << (options_.resume ? ", INSERT jobs stopped at their first checkpoint and resumed" : "") << ")\n";
    return allOk;
}

}  // namespace sluice::cli
