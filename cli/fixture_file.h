#pragma once

#include <string>
#include <vector>

namespace sluice::cli {

/// One statement of a `.q` fixture with its expected output.
struct FixtureCase {
    /// '#' comment lines and blank lines before the statement, each with its '\n' (echoed, never run).
    std::string comment;
    /// The statement's lines, each with its '\n'.
    std::string sql;
    /// 1-based line numbers of the statement's first line and of its terminator.
    int sqlLine = 0;
    int tagLine = 0;
    /// The expected output, one entry per line.
    std::vector<std::string> expected;
    /// The terminator line: "!ok", "!info", "!error", ...
    std::string tag;
};

/// A parsed `.q` file in Flink's SQL-client golden format (flink-sql-client's _HOW_TO_USE.md and
/// SqlScriptReader.java): comments start with '#' at the start of a line; a statement runs up to
/// a line ending in ';'; its expected output follows, up to a line starting with '!'. In a file
/// with a line "!output" the statement part instead runs up to that line and may hold several
/// statements (Flink's multi-statement variant).
struct FixtureFile {
    std::vector<FixtureCase> cases;
    /// Comment and blank lines after the last case.
    std::string trailing;
    bool multiStatement = false;

    /// Throws std::runtime_error naming the line when a statement has no terminator.
    static FixtureFile parse(const std::string& text);
};

}  // namespace sluice::cli
