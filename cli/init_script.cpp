#include "cli/init_script.h"

#include <vector>

#include "cli/result_printer.h"
#include "cli/script_runner.h"
#include "common/error.h"
#include "planner/session.h"

namespace sluice::cli {

bool InitScript::allowed(const ast::Statement& statement) {
    switch (statement.kind) {
        case ast::StatementKind::CreateTable:
            return !statement.as<ast::CreateTable>().asQuery;  // CTAS starts a job
        case ast::StatementKind::Set:
        case ast::StatementKind::Reset:
        case ast::StatementKind::CreateView:
        case ast::StatementKind::CreateCatalog:
        case ast::StatementKind::CreateDatabase:
        case ast::StatementKind::CreateFunction:
        case ast::StatementKind::Drop:
        case ast::StatementKind::AlterTable:
        case ast::StatementKind::Use:
            return true;
        default:
            return false;
    }
}

bool InitScript::run(planner::Session& session, std::ostream& out, std::ostream& err) const {
    std::vector<ast::StatementPtr> statements;
    try {
        statements = planner::Session::parse(readTextFile(path_));
        // Checked before anything runs, so a refused statement leaves the session untouched.
        for (const auto& s : statements)
            if (!allowed(*s))
                throw ValidationError(
                    "Unsupported statement in the initialization file " + path_ +
                    " (only DDL, USE, SET and RESET are allowed, as in Flink's SQL client): " + s->text);
    } catch (const std::exception& e) {
        err << ResultPrinter::errorText(e) << std::endl;
        return false;
    }
    for (const auto& s : statements) {
        try {
            session.execute(*s);
        } catch (const std::exception& e) {
            out.flush();
            err << ResultPrinter::errorText(e) << std::endl;
            return false;
        }
    }
    out << "[INFO] Executed " << statements.size() << " statement" << (statements.size() == 1 ? "" : "s")
        << " of the initialization file " << path_ << ".\n";
    out.flush();
    return true;
}

}  // namespace sluice::cli
