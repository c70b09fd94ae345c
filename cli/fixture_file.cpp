#include "cli/fixture_file.h"

#include <cctype>
#include <stdexcept>

#include "cli/text_diff.h"

namespace sluice::cli {

namespace {

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    size_t e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

constexpr const char* kOutputHint = "!output";

std::string upperNoSpaces(const std::string& s) {
    std::string out;
    for (char c : s)
        if (!std::isspace(static_cast<unsigned char>(c)))
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

// A statement set spans several ';'-terminated lines: it ends only at "END;" (as Flink's client).
bool statementComplete(const std::string& sql, const std::string& line) {
    if (!trim(line).ends_with(";")) return false;
    std::string flat = upperNoSpaces(sql);
    bool inSet = flat.starts_with("EXECUTESTATEMENTSETBEGIN") || flat.starts_with("BEGINSTATEMENTSET;") ||
                 flat.starts_with("EXPLAINEXECUTESTATEMENTSETBEGIN") ||
                 flat.starts_with("EXPLAINSTATEMENTSETBEGIN");
    return !inSet || flat.ends_with("END;");
}

}  // namespace

FixtureFile FixtureFile::parse(const std::string& text) {
    std::vector<std::string> lines = TextDiff::splitLines(text);
    FixtureFile file;
    for (const auto& l : lines)
        if (trim(l) == kOutputHint) file.multiStatement = true;

    enum class State { Beginning, Statement, Result } state = State::Beginning;
    FixtureCase current;
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        const int lineNo = static_cast<int>(i) + 1;
        switch (state) {
            case State::Beginning:
                if (line.starts_with("#") || trim(line).empty()) {
                    current.comment += line + "\n";
                    break;
                }
                state = State::Statement;
                current.sqlLine = lineNo;
                [[fallthrough]];
            case State::Statement:
                if (file.multiStatement && trim(line) == kOutputHint) {
                    state = State::Result;
                    break;
                }
                current.sql += line + "\n";
                if (!file.multiStatement && statementComplete(current.sql, line)) state = State::Result;
                break;
            case State::Result:
                if (!line.starts_with("!")) {
                    current.expected.push_back(line);
                    break;
                }
                current.tag = trim(line);
                current.tagLine = lineNo;
                file.cases.push_back(std::move(current));
                current = FixtureCase{};
                state = State::Beginning;
                break;
        }
    }
    if (state != State::Beginning)
        throw std::runtime_error("line " + std::to_string(current.sqlLine) +
                                 ": statement has no expected-output terminator (!ok, !info or !error)");
    file.trailing = current.comment;
    return file;
}

}  // namespace sluice::cli
