#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "cli/completer.h"

typedef struct editline EditLine;
typedef struct history History;

namespace sluice::cli {

/// Terminal line editing over libedit: emacs keys, arrows, Ctrl-R history search, persistent history
/// and tab completion. Ctrl-C (delivered as SIGINT to a SignalWatcher, which calls interrupt()) drops
/// the line being typed instead of ending the process.
class LineEditor {
public:
    enum class Status { Line, Interrupted, Eof };
    /// `line` and `cursor`: the current line and the cursor's offset in it.
    using CompleteFn = std::function<Completion(const std::string& line, size_t cursor)>;

    /// `historyPath` empty: history lives in memory only.
    explicit LineEditor(std::string historyPath);
    ~LineEditor();
    LineEditor(const LineEditor&) = delete;
    LineEditor& operator=(const LineEditor&) = delete;

    void setCompleter(CompleteFn complete) { complete_ = std::move(complete); }
    /// Reads one line (without its '\n') after showing `prompt`.
    Status readLine(const std::string& prompt, std::string& line);
    /// Adds an entry (a whole statement, possibly several lines) and saves the history file.
    void addHistory(const std::string& entry);
    /// Makes the readLine() in progress, or the next one, return Interrupted. Any thread.
    void interrupt();

    /// ~/.sluice_history ($HOME, else the password database), or "" when there is no home.
    static std::string defaultHistoryPath();

private:
    static unsigned char onComplete(EditLine* el, int ch);
    static unsigned char onInterrupt(EditLine* el, int ch);
    static int readChar(EditLine* el, wchar_t* out);
    static char* promptText(EditLine* el);
    unsigned char complete();
    void listCandidates(const std::vector<CompletionCandidate>& candidates);

    std::string historyPath_;
    std::string prompt_;
    EditLine* el_ = nullptr;
    History* history_ = nullptr;
    CompleteFn complete_;
    int wakeRead_ = -1;  // a pipe: interrupt() writes a byte, readChar() wakes up
    int wakeWrite_ = -1;
    bool interrupted_ = false;
    bool warnedHistory_ = false;
};

}  // namespace sluice::cli
