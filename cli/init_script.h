#pragma once

#include <ostream>
#include <string>

#include "parser/ast.h"

namespace sluice::planner {
class Session;
}

namespace sluice::cli {

/// `-i init.sql` of `sluice shell` (Flink's `sql-client.sh -i`): a file that sets the session up. Like
/// Flink it may hold only DDL, USE, SET and RESET; any other statement, or any error, stops it.
class InitScript {
public:
    explicit InitScript(std::string path) : path_(std::move(path)) {}

    /// Runs the whole file in `session`; prints errors to `err` and returns false on the first one.
    bool run(planner::Session& session, std::ostream& out, std::ostream& err) const;
    static bool allowed(const ast::Statement& statement);

private:
    std::string path_;
};

}  // namespace sluice::cli
