#pragma once

// The entry point of the SQL front end: text in, AST out. ANTLR stays behind this header.

#include <string>
#include <vector>

#include "parser/ast.h"

namespace sluice::parser {

class Parser {
public:
    /// Parses a script of ';'-separated statements (empty statements and a missing final ';' are
    /// fine). Throws ParseError on the first syntax error, so no statement of a bad script runs.
    /// The deprecated `BEGIN STATEMENT SET; INSERT ...; END;` form comes back as one StatementSet.
    static std::vector<ast::StatementPtr> parseScript(const std::string& sql);
    /// Parses exactly one statement (a trailing ';' is allowed).
    static ast::StatementPtr parseStatement(const std::string& sql);
    /// Parses one expression, e.g. a computed column or a test's input.
    static ast::ExprPtr parseExpression(const std::string& sql);
};

}  // namespace sluice::parser
