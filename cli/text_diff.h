#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sluice::cli {

/// Line-level helpers for comparing expected and actual fixture output.
class TextDiff {
public:
    /// Splits on '\n' (a final newline does not start another line).
    static std::vector<std::string> splitLines(std::string_view text);
    /// A unified diff ("--- expected" / "+++ actual" / "@@ ... @@" hunks with `context` lines).
    static std::string unified(const std::vector<std::string>& expected,
                               const std::vector<std::string>& actual, int context = 3);
    /// Whether every non-blank expected line occurs, in order, inside a later actual line, after
    /// collapsing runs of whitespace: how `!error` blocks are compared.
    static bool containsInOrder(const std::vector<std::string>& expected,
                                const std::vector<std::string>& actual);
    /// Trims and collapses runs of whitespace to one space.
    static std::string normalizeSpace(std::string_view line);
};

}  // namespace sluice::cli
