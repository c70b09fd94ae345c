#pragma once

// Turns ANTLR lexer and parser errors into ParseError with Flink-like messages. Parsing stops at the
// first error: the strategy never recovers, so no statement of a broken script is returned.

#include <antlr4-runtime.h>

#include <string>

#include "common/error.h"

namespace sluice::parser {

/// "<message>\n<the source line>\n<spaces>^" for a 1-based line and column.
std::string withCaret(const std::string& message, const std::string& sql, SourcePos pos);

/// Builds the errors; shared by the lexer listener and the parser strategy.
class ErrorReporter {
public:
    explicit ErrorReporter(const std::string& sql) : sql_(sql) {}

    /// Throws the error for an offending token: a lexical error for the lexer's error tokens,
    /// else `Encountered "X" at line L, column C.` with the expected tokens when known.
    [[noreturn]] void syntaxError(antlr4::Parser* parser, antlr4::Token* offending,
                                  const antlr4::misc::IntervalSet& expected) const;
    [[noreturn]] void lexicalError(SourcePos pos, const std::string& encountered) const;

private:
    std::string expectedList(antlr4::Parser* parser, const antlr4::misc::IntervalSet& expected) const;
    SourcePos lastCharPos() const;

    const std::string& sql_;
};

/// Lexer listener; with the lexer's UNRECOGNIZED catch-all token it is a safety net only.
class ThrowingErrorListener : public antlr4::BaseErrorListener {
public:
    explicit ThrowingErrorListener(const ErrorReporter& reporter) : reporter_(reporter) {}
    void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offendingSymbol, size_t line,
                     size_t charPositionInLine, const std::string& msg, std::exception_ptr e) override;

private:
    const ErrorReporter& reporter_;
};

/// Reports the first error and throws. It also remembers, for the token where parsing stopped,
/// every token the states passed on that token would have accepted: a rule that may end (e.g. the
/// select list) does not complain itself, so without this the expected list would only name what
/// the enclosing rule wanted (";" and <EOF>) instead of "FROM", "WHERE", ...
class ThrowingErrorStrategy : public antlr4::DefaultErrorStrategy {
public:
    explicit ThrowingErrorStrategy(const ErrorReporter& reporter) : reporter_(reporter) {}

    void reportError(antlr4::Parser* recognizer, const antlr4::RecognitionException& e) override;
    void recover(antlr4::Parser* recognizer, std::exception_ptr e) override;
    antlr4::Token* recoverInline(antlr4::Parser* recognizer) override;
    void sync(antlr4::Parser* recognizer) override;

private:
    void remember(antlr4::Parser* recognizer);
    antlr4::misc::IntervalSet expectedAt(antlr4::Token* token) const;

    const ErrorReporter& reporter_;
    size_t rememberedIndex_ = static_cast<size_t>(-1);
    antlr4::misc::IntervalSet remembered_;
};

}  // namespace sluice::parser
