#pragma once

// Prints expressions back as SQL text in Flink's (Calcite's SqlNode unparse) canonical form.

#include <string>

#include "parser/ast.h"

namespace sluice::parser {

/// Flink's (Calcite's) canonical SQL text of an expression, as DESCRIBE and SHOW CREATE TABLE print
/// computed columns and watermarks: identifiers in backticks (`ts`, `t`.`a`), keywords and function names
/// upper-case, string literals single-quoted with '' escaping, e.g. "`ts` - INTERVAL '1' SECOND",
/// "CAST(`a` AS BIGINT)", "TO_TIMESTAMP_LTZ(`t`, 3)", "`price` * 2", "CASE WHEN `a` > 1 THEN 'x' ELSE 'y'
/// END".
///
/// Follows Calcite's conventions: binary operators with single spaces and parentheses only where
/// precedence requires them; BETWEEN prints as BETWEEN ASYMMETRIC; a simple CASE prints as searched
/// CASE (`x` = v) and a missing ELSE as ELSE NULL; a minus sign on a numeric literal folds into it.
/// Sub-queries are printed as written (Expr::text).
std::string toFlinkSql(const ast::Expr& expr);

}  // namespace sluice::parser
