// sluice: runs Flink SQL scripts as one native binary. See README.md.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "cli/explain_command.h"
#include "cli/fixture_runner.h"
#include "cli/line_editor.h"
#include "cli/registries.h"
#include "cli/script_runner.h"
#include "cli/shell.h"

namespace {

constexpr const char* kVersion = "sluice 0.1.0";

constexpr const char* kExamples = R"(
Examples:
  sluice run job.sql                          run a Flink SQL script (like sql-client.sh -f)
  sluice run job.sql -D parallelism.default=2 with an initial session setting
  sluice run job.sql --from-checkpoint .sluice/checkpoints/<job>/chk-42   resume from a checkpoint
  sluice explain job.sql                      print the operator DAG of each INSERT and query
  sluice test sql/tests                       run the .q fixtures below a directory
  sluice test sql/tests/ddl/create_table.q    run one fixture file
  sluice shell                                the interactive SQL shell (HELP; or \? inside)
  sluice shell -i init.sql                    ... after running the DDL and SETs of init.sql
)";

// -D key=value pairs into the session's initial configuration.
std::map<std::string, std::string> parseDefines(const std::vector<std::string>& defines) {
    std::map<std::string, std::string> config;
    for (const auto& d : defines) {
        size_t eq = d.find('=');
        if (eq == std::string::npos || eq == 0)
            throw CLI::ValidationError("-D", "expected key=value, got '" + d + "'");
        config[d.substr(0, eq)] = d.substr(eq + 1);
    }
    return config;
}

int envInt(const char* name, int fallback) {
    const char* v = std::getenv(name);
    if (!v || !*v) return fallback;
    try {
        int n = std::stoi(v);
        return n > 0 ? n : fallback;
    } catch (const std::exception&) {
        return fallback;
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Sluice runs Apache Flink SQL scripts as one native binary.", "sluice"};
    app.footer(kExamples);
    app.set_version_flag("--version", kVersion);
    app.require_subcommand(1);

    std::string file;
    std::vector<std::string> defines;
    std::vector<std::string> testPaths;
    bool rewrite = false;
    bool resume = false;

    auto addDefines = [&](CLI::App* cmd) {
        cmd->add_option("-D", defines, "session configuration key=value (repeatable)")
            ->type_name("KEY=VALUE");
    };

    CLI::App* run =
        app.add_subcommand("run", "Run a SQL script: statements in order, stop at the first error");
    run->add_option("file", file, "the .sql script")->required();
    addDefines(run);
    std::string fromCheckpoint;
    run->add_option("--from-checkpoint,-s", fromCheckpoint,
                    "resume from this checkpoint or savepoint (a directory or its _metadata file); the same "
                    "as -D execution.state-recovery.path=PATH")
        ->type_name("PATH");

    CLI::App* explain =
        app.add_subcommand("explain", "Print the operator DAG of each INSERT and query of a script");
    explain->add_option("file", file, "the .sql script")->required();
    addDefines(explain);

    CLI::App* test =
        app.add_subcommand("test", "Run .q fixtures (Flink SQL-client golden files) and diff the output");
    test->add_option("paths", testPaths, ".q files or directories searched recursively")->required();
    test->add_flag("--rewrite", rewrite, "write the actual output into the failing cases of the .q files");
    test->add_flag(
        "--resume", resume,
        "run every INSERT job in two parts: its sources pause after their first row, the job stops "
        "with a savepoint and resumes from it; the expected output stays the same");
    addDefines(test);
    test->footer(
        "Environment: SLUICE_TEST_TIMEOUT (seconds per statement, default 60), SLUICE_<NAME> for "
        "$VAR_<NAME> placeholders, SLUICE_KEEP_TMP=1 keeps the temporary directories.");

    CLI::App* shell = app.add_subcommand(
        "shell",
        "Interactive SQL shell (like sql-client.sh): line editing, history, completion, live results");
    std::string initFile;
    shell->add_option("-i,--init", initFile, "run this file first (DDL, USE, SET and RESET only)")
        ->type_name("FILE");
    shell->add_option("-f,--file", file, "run this script and exit, as `sluice run` does")->type_name("FILE");
    addDefines(shell);
    shell->footer(
        "Without a terminal, statements are read from stdin; the shell carries on after an error and exits "
        "with 1 if any statement failed. History: ~/.sluice_history (SLUICE_HISTORY overrides it).");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    }

    std::map<std::string, std::string> config;
    try {
        config = parseDefines(defines);
        if (!fromCheckpoint.empty()) config["execution.state-recovery.path"] = fromCheckpoint;
    } catch (const CLI::ValidationError& e) {
        std::cerr << "sluice: " << e.what() << std::endl;
        return 2;
    }

    sluice::cli::Registries registries;
    if (run->parsed()) return sluice::cli::ScriptRunner(registries, config, std::cout, std::cerr).run(file);
    if (shell->parsed()) {
        if (!file.empty()) {
            sluice::cli::ScriptRunner runner(registries, config, std::cout, std::cerr);
            if (!initFile.empty()) runner.setInitScript(initFile);
            return runner.run(file);
        }
        sluice::cli::ShellOptions options;
        options.config = config;
        options.initFile = initFile;
        const char* history = std::getenv("SLUICE_HISTORY");
        options.historyPath = history ? history : sluice::cli::LineEditor::defaultHistoryPath();
        return sluice::cli::Shell(registries, options, std::cout, std::cerr).run();
    }
    if (explain->parsed())
        return sluice::cli::ExplainCommand(registries, config, std::cout, std::cerr).run(file);
    if (test->parsed()) {
        sluice::cli::FixtureOptions options;
        options.config = config;
        options.timeoutSeconds = envInt("SLUICE_TEST_TIMEOUT", 60);
        options.rewrite = rewrite;
        options.resume = resume;
        return sluice::cli::FixtureRunner(registries, options, std::cout).run(testPaths);
    }
    return 2;
}
