#include "cli/line_editor.h"

#include <fcntl.h>
#include <histedit.h>
#include <poll.h>
#include <pwd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cwchar>
#include <iostream>

#include "cli/tableau_style.h"

namespace sluice::cli {

namespace {

constexpr int kHistorySize = 1000;

// The key readChar() hands to libedit when interrupt() was called; bound to onInterrupt. ^C itself,
// so the binding also works when the terminal delivers the byte instead of a signal.
constexpr wchar_t kInterruptKey = 0x03;

size_t codePoints(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

int terminalColumns() {
    winsize ws{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 80;
}

}  // namespace

std::string LineEditor::defaultHistoryPath() {
    const char* home = std::getenv("HOME");
    std::string dir = home && *home ? home : "";
    if (dir.empty()) {
        // HOME may be unset (CI, services); the password database may still know the home.
        if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir && *pw->pw_dir) dir = pw->pw_dir;
    }
    if (dir.empty()) return "";
    return dir + "/.sluice_history";
}

LineEditor::LineEditor(std::string historyPath) : historyPath_(std::move(historyPath)) {
    // Multibyte input (UTF-8) needs the user's character type; everything else stays "C".
    std::setlocale(LC_CTYPE, "");
    int fds[2];
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
        wakeRead_ = fds[0];
        wakeWrite_ = fds[1];
    }

    history_ = history_init();
    HistEvent ev;
    history(history_, &ev, H_SETSIZE, kHistorySize);
    history(history_, &ev, H_SETUNIQUE, 1);
    if (!historyPath_.empty()) history(history_, &ev, H_LOAD, historyPath_.c_str());

    el_ = el_init("sluice", stdin, stdout, stderr);
    el_set(el_, EL_CLIENTDATA, this);
    el_set(el_, EL_EDITOR, "emacs");
    // libedit restores the terminal on SIGTSTP/SIGCONT and follows SIGWINCH; SIGINT is blocked in every
    // thread by the shell's SignalWatcher, so libedit's handler for it never runs.
    el_set(el_, EL_SIGNAL, 1);
    el_set(el_, EL_PROMPT, &LineEditor::promptText);
    el_set(el_, EL_HIST, history, history_);
    el_set(el_, EL_GETCFN, &LineEditor::readChar);
    // The wide form: el_set() would copy the names with wcsdup() and never free them (LeakSanitizer).
    el_wset(el_, EL_ADDFN, L"sluice-complete", L"Complete the word at the cursor", &LineEditor::onComplete);
    el_wset(el_, EL_ADDFN, L"sluice-interrupt", L"Drop the statement being typed", &LineEditor::onInterrupt);
    el_set(el_, EL_BIND, "^I", "sluice-complete", nullptr);
    el_set(el_, EL_BIND, "^C", "sluice-interrupt", nullptr);
    // What readline users expect: ^R searches history (libedit's emacs map redraws), ^W kills a word,
    // Home/End/Delete and Ctrl-arrows as xterm sends them.
    el_set(el_, EL_BIND, "^R", "em-inc-search-prev", nullptr);
    el_set(el_, EL_BIND, "^W", "ed-delete-prev-word", nullptr);
    el_set(el_, EL_BIND, "\\e[1~", "ed-move-to-beg", nullptr);
    el_set(el_, EL_BIND, "\\e[4~", "ed-move-to-end", nullptr);
    el_set(el_, EL_BIND, "\\e[H", "ed-move-to-beg", nullptr);
    el_set(el_, EL_BIND, "\\e[F", "ed-move-to-end", nullptr);
    el_set(el_, EL_BIND, "\\e[3~", "ed-delete-next-char", nullptr);
    el_set(el_, EL_BIND, "\\e[1;5D", "ed-prev-word", nullptr);
    el_set(el_, EL_BIND, "\\e[1;5C", "em-next-word", nullptr);
    // Between lines (a query running), the terminal does not echo Ctrl-C as "^C" over the output: the
    // shell says what it stopped. libedit sets its own modes for that time, hence -x (execute mode).
    el_set(el_, EL_SETTY, "-x", "-echoctl", nullptr);
    // ~/.editrc may rebind keys, as for every libedit program.
    el_source(el_, nullptr);
}

LineEditor::~LineEditor() {
    if (el_) el_end(el_);
    if (history_) history_end(history_);
    if (wakeRead_ >= 0) close(wakeRead_);
    if (wakeWrite_ >= 0) close(wakeWrite_);
}

char* LineEditor::promptText(EditLine* el) {
    LineEditor* self = nullptr;
    el_get(el, EL_CLIENTDATA, &self);
    return const_cast<char*>(self->prompt_.c_str());
}

void LineEditor::interrupt() {
    if (wakeWrite_ < 0) return;
    char b = 1;
    // Non-blocking: a full pipe already holds a pending interrupt.
    [[maybe_unused]] ssize_t n = write(wakeWrite_, &b, 1);
}

int LineEditor::readChar(EditLine* el, wchar_t* out) {
    LineEditor* self = nullptr;
    el_get(el, EL_CLIENTDATA, &self);
    std::mbstate_t state{};
    for (;;) {
        pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {self->wakeRead_, POLLIN, 0}};
        int n = poll(fds, self->wakeRead_ >= 0 ? 2 : 1, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (self->wakeRead_ >= 0 && (fds[1].revents & POLLIN)) {
            char drain[64];
            while (read(self->wakeRead_, drain, sizeof drain) > 0) {
            }
            *out = kInterruptKey;
            return 1;
        }
        if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        char c;
        ssize_t r = read(STDIN_FILENO, &c, 1);
        if (r == 0) return 0;
        if (r < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return -1;
        }
        size_t k = std::mbrtowc(out, &c, 1, &state);
        if (k == static_cast<size_t>(-2)) continue;  // more bytes of this character to come
        if (k == static_cast<size_t>(-1)) {          // not valid in the locale: pass the byte on
            state = {};
            *out = static_cast<unsigned char>(c);
        }
        return 1;
    }
}

unsigned char LineEditor::onInterrupt(EditLine* el, int) {
    LineEditor* self = nullptr;
    el_get(el, EL_CLIENTDATA, &self);
    self->interrupted_ = true;
    // Rewrite the text after the cursor, which leaves the terminal's cursor at its end, so "^C" and the
    // next prompt come after all of it.
    const LineInfo* li = el_line(el);
    std::fwrite(li->cursor, 1, static_cast<size_t>(li->lastchar - li->cursor), stdout);
    // Ends el_gets() with the line as typed, which readLine() then drops (as psql shows it, then a
    // fresh prompt).
    return CC_NEWLINE;
}

unsigned char LineEditor::onComplete(EditLine* el, int) {
    LineEditor* self = nullptr;
    el_get(el, EL_CLIENTDATA, &self);
    return self->complete();
}

unsigned char LineEditor::complete() {
    if (!complete_) return CC_ERROR;
    const LineInfo* li = el_line(el_);
    std::string line(li->buffer, li->lastchar);
    size_t cursor = static_cast<size_t>(li->cursor - li->buffer);
    Completion c;
    try {
        c = complete_(line, cursor);
    } catch (const std::exception&) {
        return CC_ERROR;  // completion must never end the shell
    }
    if (c.candidates.empty() || c.start > cursor) return CC_REFRESH_BEEP;
    std::string word = line.substr(c.start, cursor - c.start);

    std::string replacement;
    if (c.candidates.size() == 1) {
        replacement = c.candidates[0].text + c.candidates[0].suffix;
    } else {
        // The longest common prefix; when it adds nothing, list the choices.
        replacement = c.candidates[0].text;
        for (const auto& cand : c.candidates) {
            size_t i = 0;
            while (i < replacement.size() && i < cand.text.size() && replacement[i] == cand.text[i]) ++i;
            replacement.resize(i);
        }
        // Cut a partial UTF-8 sequence.
        while (!replacement.empty() && (static_cast<unsigned char>(replacement.back()) & 0xC0) == 0x80)
            replacement.pop_back();
        if (replacement.size() <= word.size()) {
            listCandidates(c.candidates);
            return CC_REDISPLAY;
        }
    }
    // No second space before one that is already there.
    if (!replacement.empty() && replacement.back() == ' ' && cursor < line.size() && line[cursor] == ' ')
        replacement.pop_back();
    el_deletestr(el_, static_cast<int>(codePoints(word)));
    if (!replacement.empty()) el_insertstr(el_, replacement.c_str());
    return CC_REFRESH;
}

void LineEditor::listCandidates(const std::vector<CompletionCandidate>& candidates) {
    int width = 0;
    for (const auto& c : candidates) width = std::max(width, TableauStyle::displayWidth(c.text));
    width += 2;
    int perRow = std::max(1, terminalColumns() / width);
    std::string out = "\n";
    size_t rows = (candidates.size() + perRow - 1) / perRow;
    // Column-major, as readline and psql list them.
    for (size_t r = 0; r < rows; ++r) {
        for (size_t col = 0; col < static_cast<size_t>(perRow); ++col) {
            size_t i = col * rows + r;
            if (i >= candidates.size()) break;
            out += candidates[i].text;
            if ((col + 1) * rows + r < candidates.size())
                out.append(width - TableauStyle::displayWidth(candidates[i].text), ' ');
        }
        out += '\n';
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
}

LineEditor::Status LineEditor::readLine(const std::string& prompt, std::string& line) {
    prompt_ = prompt;
    interrupted_ = false;
    // A Ctrl-C that came after the previous line ended belongs to no line.
    char drain[64];
    while (wakeRead_ >= 0 && read(wakeRead_, drain, sizeof drain) > 0) {
    }
    int count = 0;
    const char* text = el_gets(el_, &count);
    if (interrupted_) {
        line.clear();
        std::fputs("^C\n", stdout);
        std::fflush(stdout);
        return Status::Interrupted;
    }
    if (!text || count <= 0) return Status::Eof;
    line.assign(text, count);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    return Status::Line;
}

void LineEditor::addHistory(const std::string& entry) {
    HistEvent ev;
    history(history_, &ev, H_ENTER, entry.c_str());
    if (historyPath_.empty()) return;
    // Saved after every statement, so a killed shell keeps what was typed.
    if (history(history_, &ev, H_SAVE, historyPath_.c_str()) < 0 && !warnedHistory_) {
        warnedHistory_ = true;
        std::cerr << "[WARNING] Could not save the history to " << historyPath_ << " ("
                  << std::strerror(errno) << "); it is kept for this session only." << std::endl;
    }
}

}  // namespace sluice::cli
