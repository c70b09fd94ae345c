#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sluice::cli {

/// Collects typed or piped lines and cuts them into statements at each `;` that is outside a string
/// ('...', "...", `...`) and outside a comment (-- and /* */), as Flink's SQL client does, so that a
/// statement may span lines and one line may hold several statements.
class StatementSplitter {
public:
    /// Adds text (usually one line with its '\n').
    void append(std::string_view text);
    /// The next complete statement, up to and including its ';'; nullopt when none is complete yet.
    /// Statements with nothing but whitespace and comments are skipped.
    std::optional<std::string> next();
    /// Whether what is left holds nothing but whitespace and comments (the prompt shows no continuation).
    bool empty() const;
    /// The text not yet returned by next().
    const std::string& pending() const { return buffer_; }
    void clear();

    /// Whether `text` has something other than whitespace and comments.
    static bool hasContent(std::string_view text);

private:
    enum class State { Normal, SingleQuote, DoubleQuote, Backtick, LineComment, BlockComment };
    std::string buffer_;
    size_t scanned_ = 0;  // buffer_[0, scanned_) is scanned, in state_, with no ';' in Normal state
    State state_ = State::Normal;
};

}  // namespace sluice::cli
