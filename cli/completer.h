#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cli/registries.h"

namespace sluice::planner {
class Session;
}

namespace sluice::cli {

/// One way to complete the word at the cursor.
struct CompletionCandidate {
    std::string text;    // replaces the word being completed
    std::string suffix;  // appended when this is the only candidate: " ", "(", "'"
};

struct Completion {
    /// Offset in the text where the replaced word starts (the word ends at the cursor).
    size_t start = 0;
    std::vector<CompletionCandidate> candidates;
};

/// Tab completion for the shell, from what the statement says so far: keywords; table and view names
/// after FROM, JOIN, INTO, TABLE, DESCRIBE or \d; column names of the tables the statement names (and
/// `alias.` columns); function names; inside `WITH (`, option keys of the connector and formats named
/// there ('#' in datagen's `fields.#.kind` becomes each column), connector and format names as
/// values; configuration keys after SET and RESET, and job ids after STOP JOB.
class Completer {
public:
    Completer(planner::Session& session, const Registries& registries)
        : session_(session), registries_(registries) {}

    /// `text`: the statement typed so far (earlier lines too); `cursor`: an offset into it.
    Completion complete(const std::string& text, size_t cursor) const;

    /// The SQL keywords offered (upper case).
    static const std::vector<std::string>& keywords();

private:
    planner::Session& session_;
    const Registries& registries_;
};

}  // namespace sluice::cli
