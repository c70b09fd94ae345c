#include "cli/statement_splitter.h"

#include <cctype>

namespace sluice::cli {

void StatementSplitter::append(std::string_view text) {
    buffer_.append(text);
}

void StatementSplitter::clear() {
    buffer_.clear();
    scanned_ = 0;
    state_ = State::Normal;
}

std::optional<std::string> StatementSplitter::next() {
    while (scanned_ < buffer_.size()) {
        char c = buffer_[scanned_];
        char n = scanned_ + 1 < buffer_.size() ? buffer_[scanned_ + 1] : '\0';
        switch (state_) {
            case State::Normal:
                if (c == '\'') state_ = State::SingleQuote;
                if (c == '"') state_ = State::DoubleQuote;
                if (c == '`') state_ = State::Backtick;
                // A lone '-' or '/' at the end may start a comment once the next character arrives.
                if ((c == '-' || c == '/') && scanned_ + 1 == buffer_.size()) return std::nullopt;
                if (c == '-' && n == '-') state_ = State::LineComment;
                if (c == '/' && n == '*') {
                    state_ = State::BlockComment;
                    ++scanned_;
                }
                if (c == ';') {
                    std::string statement = buffer_.substr(0, scanned_ + 1);
                    buffer_.erase(0, scanned_ + 1);
                    scanned_ = 0;
                    // Leading blank lines would shift the line numbers of error messages.
                    size_t first = statement.find_first_not_of(" \t\r\n");
                    if (hasContent(statement.substr(0, statement.size() - 1))) return statement.substr(first);
                    continue;
                }
                break;
            // Doubled quotes ('it''s') leave and re-enter the string: no special case needed.
            case State::SingleQuote:
                if (c == '\'') state_ = State::Normal;
                break;
            case State::DoubleQuote:
                if (c == '"') state_ = State::Normal;
                break;
            case State::Backtick:
                if (c == '`') state_ = State::Normal;
                break;
            case State::LineComment:
                if (c == '\n') state_ = State::Normal;
                break;
            case State::BlockComment:
                if (c == '*' && n == '/') {
                    state_ = State::Normal;
                    ++scanned_;
                } else if (c == '*' && scanned_ + 1 == buffer_.size()) {
                    return std::nullopt;
                }
                break;
        }
        ++scanned_;
    }
    return std::nullopt;
}

bool StatementSplitter::empty() const {
    return !hasContent(buffer_);
}

bool StatementSplitter::hasContent(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
            size_t eol = text.find('\n', i);
            if (eol == std::string_view::npos) return false;
            i = eol + 1;
        } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
            size_t end = text.find("*/", i + 2);
            // An unterminated block comment is still open: the statement is not empty.
            if (end == std::string_view::npos) return true;
            i = end + 2;
        } else {
            return true;
        }
    }
    return false;
}

}  // namespace sluice::cli
