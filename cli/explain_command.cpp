#include "cli/explain_command.h"

#include "cli/result_printer.h"
#include "cli/script_runner.h"
#include "planner/session.h"

namespace sluice::cli {

int ExplainCommand::run(const std::string& path) {
    std::vector<ast::StatementPtr> statements;
    try {
        statements = planner::Session::parse(readTextFile(path));
    } catch (const std::exception& e) {
        err_ << ResultPrinter::errorText(e) << std::endl;
        return 1;
    }

    planner::Session session(registries_.connectors(), registries_.functions(), config_);
    bool first = true;
    for (const auto& statement : statements) {
        try {
            const ast::Statement* toExplain = nullptr;
            switch (statement->kind) {
                case ast::StatementKind::Insert:
                case ast::StatementKind::StatementSet:
                case ast::StatementKind::Query:
                    toExplain = statement.get();
                    break;
                case ast::StatementKind::Explain:
                    toExplain = statement->as<ast::Explain>().statement.get();
                    break;
                // Nothing to plan and nothing that changes what later statements mean.
                case ast::StatementKind::Show:
                case ast::StatementKind::Describe:
                case ast::StatementKind::ClientCommand:
                    break;
                default:
                    session.execute(*statement);
                    break;
            }
            if (!toExplain) continue;
            std::string plan = session.explain(*toExplain);
            if (!first) out_ << '\n';
            first = false;
            out_ << plan;
            if (plan.empty() || plan.back() != '\n') out_ << '\n';
            out_.flush();
        } catch (const std::exception& e) {
            out_.flush();
            err_ << ResultPrinter::errorText(e) << std::endl;
            return 1;
        }
    }
    return 0;
}

}  // namespace sluice::cli
