#include "parser/parser.h"

#include <antlr4-runtime.h>

#include <stdexcept>

#include "FlinkSqlLexer.h"
#include "FlinkSqlParser.h"
#include "parser/ast_builder.h"
#include "parser/error_listener.h"

namespace sluice::parser {

namespace {

using grammar::FlinkSqlLexer;
using grammar::FlinkSqlParser;

// Runs `rule` on a fresh lexer and parser. SLL prediction first (fast, and exact for almost all
// input); if it fails, the text is parsed again with full LL, whose errors are the real ones.
template <class Build>
auto parseWith(const std::string& sql, Build build) {
    antlr4::ANTLRInputStream input;
    try {
        input.load(sql);
    } catch (const std::range_error&) {
        throw ParseError("The SQL text is not valid UTF-8");
    }
    ErrorReporter reporter(sql);
    ThrowingErrorListener listener(reporter);
    FlinkSqlLexer lexer(&input);
    lexer.removeErrorListeners();
    lexer.addErrorListener(&listener);
    antlr4::CommonTokenStream tokens(&lexer);
    FlinkSqlParser parser(&tokens);
    parser.removeErrorListeners();
    parser.addErrorListener(&listener);
    AstBuilder builder(&input);
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<ThrowingErrorStrategy>(reporter));
    try {
        return build(parser, builder);
    } catch (const ParseError&) {
        tokens.seek(0);
        parser.reset();
        parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
            antlr4::atn::PredictionMode::LL);
        parser.setErrorHandler(std::make_shared<ThrowingErrorStrategy>(reporter));
        return build(parser, builder);
    }
}

}  // namespace

std::vector<ast::StatementPtr> Parser::parseScript(const std::string& sql) {
    return parseWith(sql, [](FlinkSqlParser& parser, AstBuilder& builder) {
        return builder.buildScript(parser.script());
    });
}

ast::StatementPtr Parser::parseStatement(const std::string& sql) {
    return parseWith(sql, [](FlinkSqlParser& parser, AstBuilder& builder) {
        return builder.buildStatement(parser.singleStatement()->statement());
    });
}

ast::ExprPtr Parser::parseExpression(const std::string& sql) {
    return parseWith(sql, [](FlinkSqlParser& parser, AstBuilder& builder) {
        return builder.buildExpr(parser.singleExpression()->expression());
    });
}

}  // namespace sluice::parser
