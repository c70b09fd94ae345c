#pragma once

#include <map>
#include <ostream>
#include <string>

#include "cli/registries.h"

namespace sluice::cli {

/// `sluice run FILE.sql`: Flink's `sql-client.sh -f`. The whole script is parsed first (a syntax
/// error runs nothing), then statements run in order with the SQL client's messages; the first
/// failure stops the script. At the end it waits for the INSERT jobs. SIGINT/SIGTERM cancel the
/// jobs and end the run normally once they have stopped; a second signal exits at once.
class ScriptRunner {
public:
    ScriptRunner(const Registries& registries, std::map<std::string, std::string> config, std::ostream& out,
                 std::ostream& err)
        : registries_(registries), config_(std::move(config)), out_(out), err_(err) {}

    /// Returns the process exit code: 0 when everything ran (or was stopped by a signal), 1 on error.
    int run(const std::string& path);
    /// `sluice shell -i init.sql -f script.sql`: the init file runs first, in the same session.
    void setInitScript(std::string path) { initPath_ = std::move(path); }

private:
    const Registries& registries_;
    std::map<std::string, std::string> config_;
    std::ostream& out_;
    std::ostream& err_;
    std::string initPath_;
};

/// Reads a whole file; throws std::runtime_error naming it when it cannot be read.
std::string readTextFile(const std::string& path);

}  // namespace sluice::cli
