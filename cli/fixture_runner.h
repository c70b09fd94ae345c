#pragma once

#include <filesystem>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "cli/fixture_file.h"
#include "cli/registries.h"

namespace sluice::cli {

struct FixtureOptions {
    /// Initial session configuration (-D), for every file.
    std::map<std::string, std::string> config;
    /// Per-statement limit (SLUICE_TEST_TIMEOUT), so a query on an unbounded source fails, not hangs.
    int timeoutSeconds = 60;
    /// Write the actual output back into each failing case of the .q files (review with git diff).
    bool rewrite = false;
    /// Issue 6's second mode: every INSERT job stops with a savepoint after its sources emitted their
    /// first row, and resumes from it (runtime::JobOptions::resumeAtFirstCheckpoint); the output must
    /// not change.
    bool resume = false;
};

/// `sluice test PATH...`: runs `.q` fixtures (FixtureFile) and compares each statement's output,
/// rendered exactly as `sluice run` prints it, with the expected text. `!ok` and `!info` blocks must
/// match line for line (trailing spaces and trailing blank lines ignored, "Job ID: <id>" lines
/// compared as "Job ID:"); in an `!error` block every expected line must occur, in order and after
/// whitespace normalisation, within the actual error output. Each file runs in a fresh Session
/// with its own temporary directory for the `$VAR_*` placeholders.
class FixtureRunner {
public:
    FixtureRunner(const Registries& registries, FixtureOptions options, std::ostream& out)
        : registries_(registries), options_(std::move(options)), out_(out) {}

    /// Runs every file given and every `*.q` below every directory given (skipping subdirectories
    /// named `pending`); prints a diff per mismatch and "N passed, M failed". Returns the exit code.
    int run(const std::vector<std::string>& paths);

    /// The `*.q` files of `paths`, sorted; throws std::runtime_error for a path that does not exist.
    static std::vector<std::filesystem::path> collectFiles(const std::vector<std::string>& paths);
    /// `$VAR_<NAME>` placeholders: TMP, STREAMING_PATH, BATCH_PATH, SQL_DIR, then any SLUICE_<NAME>
    /// environment variable, with defaults for server addresses (KAFKA_BOOTSTRAP, PG_*).
    static std::map<std::string, std::string> placeholders(const std::filesystem::path& file,
                                                           const std::filesystem::path& tmpDir);
    /// Replaces `$VAR_*` names; throws std::runtime_error naming an unknown one.
    static std::string substitute(const std::string& text, const std::map<std::string, std::string>& vars);

private:
    /// Whether every case of the file matched.
    bool runFile(const std::filesystem::path& file);

    const Registries& registries_;
    FixtureOptions options_;
    std::ostream& out_;
};

}  // namespace sluice::cli
