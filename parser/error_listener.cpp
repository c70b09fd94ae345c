#include "parser/error_listener.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "FlinkSqlLexer.h"
#include "FlinkSqlParser.h"

namespace sluice::parser {

using grammar::FlinkSqlLexer;
using grammar::FlinkSqlParser;

namespace {

constexpr size_t kMaxExpected = 20;

bool isErrorToken(size_t type) {
    return type == FlinkSqlLexer::POUND || type == FlinkSqlLexer::UNCLOSED_STRING ||
           type == FlinkSqlLexer::UNCLOSED_IDENTIFIER || type == FlinkSqlLexer::UNCLOSED_COMMENT ||
           type == FlinkSqlLexer::UNRECOGNIZED;
}

// What may follow tokens [from, to) when parsing starts in `state` within `ctx`: a small ATN
// simulation, used when a prediction failed several tokens after it started and the parser itself
// can only say what was expected at the start. Predicates are ignored (taken as true).
class ExpectedSimulator {
public:
    explicit ExpectedSimulator(const antlr4::atn::ATN& atn) : atn_(atn) {}

    antlr4::misc::IntervalSet run(antlr4::atn::ATNState* state, antlr4::RuleContext* ctx,
                                  const std::vector<size_t>& tokens) {
        std::vector<antlr4::atn::ATNState*> stack;
        for (antlr4::RuleContext* c = ctx; c != nullptr && c->invokingState != static_cast<size_t>(-1);
             c = dynamic_cast<antlr4::RuleContext*>(c->parent)) {
            auto* rule =
                static_cast<antlr4::atn::RuleTransition*>(atn_.states[c->invokingState]->transitions[0]);
            stack.insert(stack.begin(), rule->followState);
        }
        std::vector<Config> configs;
        closure({state, stack}, configs);
        for (size_t token : tokens) {
            std::vector<Config> next;
            seen_.clear();
            for (const Config& config : configs) {
                for (antlr4::atn::Transition* t : config.state->transitions) {
                    if (t->isEpsilon() || !t->matches(token, 0, atn_.maxTokenType)) continue;
                    closure({t->target, config.stack}, next);
                }
            }
            configs = std::move(next);
            if (configs.empty() || configs.size() > kMaxConfigs) return {};
        }
        antlr4::misc::IntervalSet out;
        for (const Config& config : configs) {
            if (config.state->getStateType() == antlr4::atn::ATNState::RULE_STOP) {
                out.add(antlr4::Token::EOF);
                continue;
            }
            for (antlr4::atn::Transition* t : config.state->transitions) {
                auto type = t->getSerializationType();
                if (t->isEpsilon() || type == antlr4::atn::Transition::NOT_SET ||
                    type == antlr4::atn::Transition::WILDCARD)
                    continue;
                out.addAll(t->label());
            }
        }
        return out;
    }

private:
    static constexpr size_t kMaxConfigs = 20000;
    struct Config {
        antlr4::atn::ATNState* state;
        std::vector<antlr4::atn::ATNState*> stack;  // follow states, innermost last
    };

    void closure(Config config, std::vector<Config>& out) {
        std::string key = std::to_string(config.state->stateNumber);
        for (auto* s : config.stack) key += "," + std::to_string(s->stateNumber);
        if (!seen_.insert(key).second || config.stack.size() > 200 || out.size() > kMaxConfigs) return;
        if (config.state->getStateType() == antlr4::atn::ATNState::RULE_STOP) {
            if (config.stack.empty()) {
                out.push_back(config);
                return;
            }
            antlr4::atn::ATNState* follow = config.stack.back();
            config.stack.pop_back();
            closure({follow, std::move(config.stack)}, out);
            return;
        }
        bool consumes = false;
        for (antlr4::atn::Transition* t : config.state->transitions) {
            if (!t->isEpsilon()) {
                consumes = true;
                continue;
            }
            Config next{t->target, config.stack};
            if (t->getSerializationType() == antlr4::atn::Transition::RULE)
                next.stack.push_back(static_cast<antlr4::atn::RuleTransition*>(t)->followState);
            closure(std::move(next), out);
        }
        if (consumes) out.push_back(std::move(config));
    }

    const antlr4::atn::ATN& atn_;
    std::set<std::string> seen_;
};

SourcePos tokenPos(antlr4::Token* token) {
    return {static_cast<int>(token->getLine()), static_cast<int>(token->getCharPositionInLine()) + 1};
}

}  // namespace

std::string withCaret(const std::string& message, const std::string& sql, SourcePos pos) {
    if (!pos.known()) return message;
    // Find the line (1-based), tolerating \r\n.
    size_t begin = 0;
    for (int line = 1; line < pos.line && begin != std::string::npos; ++line) {
        begin = sql.find('\n', begin);
        if (begin != std::string::npos) ++begin;
    }
    std::string lineText;
    if (begin != std::string::npos && begin <= sql.size()) {
        size_t end = sql.find('\n', begin);
        lineText = sql.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
        if (!lineText.empty() && lineText.back() == '\r') lineText.pop_back();
    }
    // The caret keeps tabs so it lines up; columns count code points, not bytes.
    std::string caret;
    int column = 1;
    for (size_t i = 0; i < lineText.size() && column < pos.column; ++i) {
        unsigned char c = static_cast<unsigned char>(lineText[i]);
        if ((c & 0xC0) == 0x80) continue;
        caret += c == '\t' ? '\t' : ' ';
        ++column;
    }
    while (column++ < pos.column) caret += ' ';
    return message + "\n" + lineText + "\n" + caret + "^";
}

SourcePos ErrorReporter::lastCharPos() const {
    SourcePos pos{1, 0};
    for (size_t i = 0; i < sql_.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(sql_[i]);
        if ((c & 0xC0) == 0x80) continue;
        if (i > 0 && sql_[i - 1] == '\n') {
            ++pos.line;
            pos.column = 0;
        }
        ++pos.column;
    }
    if (pos.column == 0) pos.column = 1;
    return pos;
}

void ErrorReporter::lexicalError(SourcePos pos, const std::string& encountered) const {
    std::string message = fmt::format("Lexical error at line {}, column {}. Encountered: {}", pos.line,
                                      pos.column, encountered);
    throw ParseError(withCaret(message, sql_, pos), pos);
}

void ErrorReporter::syntaxError(antlr4::Parser* parser, antlr4::Token* offending,
                                const antlr4::misc::IntervalSet& expected) const {
    SourcePos pos = tokenPos(offending);
    switch (offending->getType()) {
        case FlinkSqlLexer::POUND: {
            std::string message = fmt::format("SQL comments start with '--', not '#' (line {}, column {})",
                                              pos.line, pos.column);
            throw ParseError(withCaret(message, sql_, pos), pos);
        }
        case FlinkSqlLexer::UNCLOSED_STRING:
        case FlinkSqlLexer::UNCLOSED_IDENTIFIER:
        case FlinkSqlLexer::UNCLOSED_COMMENT:
            lexicalError(lastCharPos(), "<EOF>");
        case FlinkSqlLexer::UNRECOGNIZED:
            lexicalError(pos, "\"" + offending->getText() + "\"");
        default:
            break;
    }
    std::string encountered = offending->getType() == antlr4::Token::EOF ? "<EOF>" : offending->getText();
    std::string message =
        fmt::format("Encountered \"{}\" at line {}, column {}.", encountered, pos.line, pos.column);
    std::string list = expectedList(parser, expected);
    if (!list.empty()) message += "\nWas expecting one of: " + list;
    throw ParseError(withCaret(message, sql_, pos), pos);
}

std::string ErrorReporter::expectedList(antlr4::Parser* parser,
                                        const antlr4::misc::IntervalSet& expected) const {
    if (expected.isEmpty()) return "";
    const antlr4::dfa::Vocabulary& vocabulary = parser->getVocabulary();
    // Non-reserved keywords are implied by <IDENTIFIER>; listing them all would bury the rest.
    const antlr4::atn::ATN& atn = parser->getATN();
    antlr4::misc::IntervalSet nonReserved =
        atn.nextTokens(atn.ruleToStartState[FlinkSqlParser::RuleNonReserved]);
    bool identifier = expected.contains(static_cast<size_t>(FlinkSqlLexer::IDENTIFIER));

    std::vector<std::string> eof, punctuation, keywords, classes;
    for (ssize_t t : expected.toList()) {
        if (t == static_cast<ssize_t>(antlr4::Token::EOF)) {
            eof.push_back("<EOF>");
            continue;
        }
        if (t <= 0) continue;
        size_t type = static_cast<size_t>(t);
        if (isErrorToken(type)) continue;
        if (identifier && nonReserved.contains(type)) continue;
        switch (type) {
            case FlinkSqlLexer::STRING_LITERAL:
                classes.push_back("<QUOTED_STRING>");
                continue;
            case FlinkSqlLexer::BINARY_LITERAL:
                classes.push_back("<BINARY_STRING_LITERAL>");
                continue;
            case FlinkSqlLexer::INTEGER_VALUE:
                classes.push_back("<UNSIGNED_INTEGER_LITERAL>");
                continue;
            case FlinkSqlLexer::DECIMAL_VALUE:
                classes.push_back("<DECIMAL_NUMERIC_LITERAL>");
                continue;
            case FlinkSqlLexer::DOUBLE_VALUE:
                classes.push_back("<APPROX_NUMERIC_LITERAL>");
                continue;
            case FlinkSqlLexer::IDENTIFIER:
                classes.push_back("<IDENTIFIER>");
                continue;
            case FlinkSqlLexer::QUOTED_IDENTIFIER:
                classes.push_back("<QUOTED_IDENTIFIER>");
                continue;
            case FlinkSqlLexer::NEQ:
                punctuation.push_back("\"<>\"");
                continue;
            default:
                break;
        }
        std::string literal = vocabulary.getLiteralName(type);
        if (literal.size() >= 2 && literal.front() == '\'') {
            punctuation.push_back("\"" + literal.substr(1, literal.size() - 2) + "\"");
        } else {
            std::string name = vocabulary.getSymbolicName(type);
            if (!name.empty() && name.back() == '_') name.pop_back();  // NULL_ avoids the C macro
            keywords.push_back("\"" + name + "\"");
        }
    }
    std::sort(keywords.begin(), keywords.end());
    std::vector<std::string> all;
    for (auto* group : {&eof, &punctuation, &classes, &keywords})
        all.insert(all.end(), group->begin(), group->end());
    std::string out;
    for (size_t i = 0; i < all.size() && i < kMaxExpected; ++i) {
        if (i > 0) out += ", ";
        out += all[i];
    }
    if (all.size() > kMaxExpected) out += ", ...";
    return out;
}

void ThrowingErrorListener::syntaxError(antlr4::Recognizer*, antlr4::Token*, size_t line,
                                        size_t charPositionInLine, const std::string&, std::exception_ptr) {
    // Only the lexer reports here; the text of the bad character is not passed, so name the place.
    reporter_.lexicalError({static_cast<int>(line), static_cast<int>(charPositionInLine) + 1},
                           "an unexpected character");
}

void ThrowingErrorStrategy::remember(antlr4::Parser* recognizer) {
    size_t index = recognizer->getCurrentToken()->getTokenIndex();
    if (index != rememberedIndex_) {
        rememberedIndex_ = index;
        remembered_ = antlr4::misc::IntervalSet();
    }
    remembered_.addAll(recognizer->getExpectedTokens());
}

antlr4::misc::IntervalSet ThrowingErrorStrategy::expectedAt(antlr4::Token* token) const {
    if (token->getTokenIndex() == rememberedIndex_) return remembered_;
    return {};
}

void ThrowingErrorStrategy::sync(antlr4::Parser* recognizer) {
    const antlr4::atn::ATN& atn = recognizer->getATN();
    antlr4::atn::ATNState* state = atn.states[recognizer->getState()];
    size_t la = recognizer->getTokenStream()->LA(1);
    const antlr4::misc::IntervalSet& next = atn.nextTokens(state);
    if (next.contains(la)) return;
    remember(recognizer);
    if (next.contains(antlr4::Token::EPSILON)) return;
    switch (state->getStateType()) {
        case antlr4::atn::ATNState::BLOCK_START:
        case antlr4::atn::ATNState::STAR_BLOCK_START:
        case antlr4::atn::ATNState::PLUS_BLOCK_START:
        case antlr4::atn::ATNState::STAR_LOOP_ENTRY:
        case antlr4::atn::ATNState::PLUS_LOOP_BACK:
        case antlr4::atn::ATNState::STAR_LOOP_BACK: {
            antlr4::Token* token = recognizer->getCurrentToken();
            reporter_.syntaxError(recognizer, token, expectedAt(token));
        }
        default:
            return;
    }
}

void ThrowingErrorStrategy::reportError(antlr4::Parser* recognizer, const antlr4::RecognitionException& e) {
    antlr4::Token* token = e.getOffendingToken();
    if (token == nullptr) token = recognizer->getCurrentToken();
    antlr4::misc::IntervalSet expected = expectedAt(token);
    // A failed prediction knows what was expected only where it started.
    auto* noViable = dynamic_cast<const antlr4::NoViableAltException*>(&e);
    if (noViable == nullptr || noViable->getStartToken() == token) {
        expected.addAll(e.getExpectedTokens());
    } else if (e.getOffendingState() != static_cast<size_t>(-1)) {
        // Replay the tokens the failed prediction looked at to learn what could have come next.
        std::vector<size_t> types;
        antlr4::TokenStream* stream = recognizer->getTokenStream();
        for (size_t i = noViable->getStartToken()->getTokenIndex(); i < token->getTokenIndex(); ++i) {
            antlr4::Token* t = stream->get(i);
            if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL) types.push_back(t->getType());
        }
        const antlr4::atn::ATN& atn = recognizer->getATN();
        ExpectedSimulator simulator(atn);
        expected.addAll(simulator.run(atn.states[e.getOffendingState()], e.getCtx(), types));
    }
    reporter_.syntaxError(recognizer, token, expected);
}

void ThrowingErrorStrategy::recover(antlr4::Parser*, std::exception_ptr e) {
    std::rethrow_exception(e);
}

antlr4::Token* ThrowingErrorStrategy::recoverInline(antlr4::Parser* recognizer) {
    antlr4::Token* token = recognizer->getCurrentToken();
    antlr4::misc::IntervalSet expected = expectedAt(token);
    expected.addAll(recognizer->getExpectedTokens());
    reporter_.syntaxError(recognizer, token, expected);
}

}  // namespace sluice::parser
