#include "cli/live_view.h"

#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "cli/tableau_style.h"
#include "common/error.h"
#include "common/value_format.h"
#include "runtime/job.h"
#include "runtime/result_queue.h"

namespace sluice::cli {

namespace {

// Changelog mode keeps this many recent changes on screen (Flink keeps a bounded buffer too).
constexpr size_t kMaxChanges = 100000;
constexpr auto kRefresh = std::chrono::milliseconds(200);

void writeAll(const std::string& s) {
    size_t done = 0;
    while (done < s.size()) {
        ssize_t n = write(STDOUT_FILENO, s.data() + done, s.size() - done);
        if (n <= 0) return;
        done += static_cast<size_t>(n);
    }
}

/// Raw keyboard input (no echo, no line buffering, Ctrl-C as a key) and the alternate screen, for
/// the life of the view; both are restored even when the view throws.
class ScreenMode {
public:
    ScreenMode() {
        if (tcgetattr(STDIN_FILENO, &saved_) == 0) {
            termios raw = saved_;
            raw.c_lflag &= ~(ICANON | ECHO | ISIG | IEXTEN);
            raw.c_iflag &= ~(IXON | ICRNL);
            raw.c_cc[VMIN] = 1;
            raw.c_cc[VTIME] = 0;
            restore_ = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
        }
        writeAll("\033[?1049h\033[?25l\033[H\033[2J");
    }
    ~ScreenMode() {
        writeAll("\033[?25h\033[?1049l");
        if (restore_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    }
    ScreenMode(const ScreenMode&) = delete;
    ScreenMode& operator=(const ScreenMode&) = delete;

private:
    termios saved_{};
    bool restore_ = false;
};

void terminalSize(int& rows, int& cols) {
    winsize ws{};
    rows = 24;
    cols = 80;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0) {
        rows = ws.ws_row;
        cols = ws.ws_col;
    }
}

// The longest prefix of `s` that fits in `cols` terminal columns.
std::string fit(const std::string& s, int cols) {
    int width = 0;
    size_t i = 0;
    while (i < s.size()) {
        size_t len = 1;
        auto b = static_cast<unsigned char>(s[i]);
        if (b >= 0xF0)
            len = 4;
        else if (b >= 0xE0)
            len = 3;
        else if (b >= 0xC0)
            len = 2;
        len = std::min(len, s.size() - i);
        int w = TableauStyle::displayWidth(std::string_view(s).substr(i, len));
        if (width + w > cols) break;
        width += w;
        i += len;
    }
    return s.substr(0, i);
}

std::string joinCells(const std::vector<std::string>& cells) {
    std::string key;
    for (const auto& c : cells) {
        key += c;
        key += '\x1f';
    }
    return key;
}

std::string clockText() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
    return buf;
}

}  // namespace

void LiveView::apply(const RecordBatch& batch) {
    for (size_t i = 0; i < batch.numRows; ++i) {
        std::vector<std::string> cells;
        cells.reserve(batch.columns.size() + 1);
        RowKind kind = batch.kind(i);
        if (mode_ == Mode::Changelog) cells.emplace_back(rowKindShortString(kind));
        for (const Vector& col : batch.columns)
            cells.push_back(col.isNull(i) ? std::string(TableauStyle::kNullValue) : valueText(col, i, zone_));
        ++received_;
        if (mode_ == Mode::Changelog) {
            changes_.push_back(std::move(cells));
            if (changes_.size() > kMaxChanges) {
                changes_.pop_front();
                if (offset_ > 0) --offset_;
            }
        } else if (kind == RowKind::Insert || kind == RowKind::UpdateAfter) {
            index_[joinCells(cells)].push_back(rows_.size());
            rows_.push_back({std::move(cells), true});
        } else {
            removeRow(cells);
        }
    }
}

void LiveView::removeRow(const std::vector<std::string>& cells) {
    // Flink's MaterializedCollectStreamResult removes the last equal row.
    auto it = index_.find(joinCells(cells));
    if (it == index_.end() || it->second.empty()) return;
    rows_[it->second.back()].live = false;
    it->second.pop_back();
    if (it->second.empty()) index_.erase(it);
    ++deadRows_;
    if (deadRows_ > 1024 && deadRows_ > rows_.size() / 2) compact();
}

void LiveView::compact() {
    std::vector<Row> live;
    live.reserve(rows_.size() - deadRows_);
    index_.clear();
    for (auto& r : rows_) {
        if (!r.live) continue;
        index_[joinCells(r.cells)].push_back(live.size());
        live.push_back(std::move(r));
    }
    rows_ = std::move(live);
    deadRows_ = 0;
}

bool LiveView::handleKeys() {
    pollfd pfd{STDIN_FILENO, POLLIN, 0};
    while (poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN)) {
        char buf[64];
        ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
        if (n <= 0) return false;  // the terminal went away
        pendingKeys_.append(buf, static_cast<size_t>(n));
    }
    size_t total = liveRows();
    size_t page = static_cast<size_t>(std::max(1, pageRows_));
    size_t lastOffset = total > page ? total - page : 0;
    auto scrollUp = [&](size_t by) {
        follow_ = false;
        offset_ = std::min(offset_, lastOffset);
        offset_ = offset_ > by ? offset_ - by : 0;
    };
    auto scrollDown = [&](size_t by) {
        offset_ = std::min(offset_ + by, lastOffset);
        follow_ = offset_ == lastOffset && mode_ == Mode::Changelog;
    };
    while (!pendingKeys_.empty()) {
        const std::string& k = pendingKeys_;
        size_t used = 1;
        if (k[0] == '\033') {
            // Terminals send a key's whole sequence in one write, so a lone Esc is the Esc key.
            if (k.size() == 1) return false;
            if (k[1] != '[' && k[1] != 'O') {
                pendingKeys_.erase(0, 1);
                continue;
            }
            if (k.size() < 3) return true;
            char c = k[2];
            used = 3;
            if (c >= '0' && c <= '9') {
                size_t tilde = k.find('~', 2);
                if (tilde == std::string::npos) return true;  // the rest is still on its way
                used = tilde + 1;
            }
            if (c == 'A') scrollUp(1);
            if (c == 'B') scrollDown(1);
            if (c == '5') scrollUp(page);
            if (c == '6') scrollDown(page);
            if (c == 'H' || c == '1') scrollUp(total);
            if (c == 'F' || c == '4') {
                offset_ = lastOffset;
                follow_ = true;
            }
        } else {
            switch (k[0]) {
                case 'q':
                case 'Q':
                case 0x03:  // Ctrl-C
                case 0x04:  // Ctrl-D
                    return false;
                case 'k':
                    scrollUp(1);
                    break;
                case 'j':
                case '\r':
                case '\n':
                    scrollDown(1);
                    break;
                case ' ':
                case 'n':
                case 'N':
                    scrollDown(page);
                    break;
                case 'b':
                case 'p':
                case 'P':
                    scrollUp(page);
                    break;
                case 'g':
                    scrollUp(total);
                    break;
                case 'G':
                    offset_ = lastOffset;
                    follow_ = true;
                    break;
                default:
                    break;
            }
        }
        pendingKeys_.erase(0, used);
    }
    return true;
}

void LiveView::draw(const planner::StatementResult& result, const std::string& status) {
    int rows, cols;
    terminalSize(rows, cols);
    pageRows_ = std::max(1, rows - 7);
    size_t total = liveRows();
    size_t page = static_cast<size_t>(pageRows_);
    size_t lastOffset = total > page ? total - page : 0;
    if (follow_ || offset_ > lastOffset) offset_ = lastOffset;

    std::vector<std::string> names;
    if (mode_ == Mode::Changelog) names.emplace_back(TableauStyle::kRowKindColumn);
    for (const Field& f : result.schema.fields) names.push_back(f.name);
    TableauStyle style(names, TableauStyle::columnWidthsByType(result.schema, maxColumnWidth_, false,
                                                               mode_ == Mode::Changelog));

    std::string frame = "\033[H";
    auto line = [&](const std::string& text) {
        frame += fit(text, cols);
        frame += "\033[K\r\n";
    };
    std::string title =
        mode_ == Mode::Table ? " SQL Query Result (Table) " : " SQL Query Result (Changelog) ";
    int pad = std::max(0, (cols - static_cast<int>(title.size())) / 2);
    frame += "\033[7m" + std::string(pad, ' ') + fit(title, cols) +
             std::string(std::max(0, cols - pad - static_cast<int>(title.size())), ' ') + "\033[0m\033[K\r\n";
    std::string info = " " + status + "   Rows: " + std::to_string(total);
    if (mode_ == Mode::Table) info += "   Changes received: " + std::to_string(received_);
    if (total > 0)
        info += "   Showing " + std::to_string(offset_ + 1) + "-" +
                std::to_string(std::min(total, offset_ + page)) + "   Updated: " + clockText();
    line(info);
    line("");
    line(style.borderLine());
    line(style.headerRow());
    line(style.borderLine());

    int shown = 0;
    if (mode_ == Mode::Changelog) {
        for (size_t i = offset_; i < changes_.size() && shown < pageRows_; ++i, ++shown)
            line(style.row(changes_[i]));
    } else {
        size_t liveIndex = 0;
        for (const Row& r : rows_) {
            if (!r.live) continue;
            if (liveIndex++ < offset_) continue;
            if (shown >= pageRows_) break;
            line(style.row(r.cells));
            ++shown;
        }
    }
    for (; shown < pageRows_; ++shown) line("");
    std::string help = " Q Quit   Up/Down Scroll   PgUp/PgDn Page   Home/End First/Last row ";
    frame += "\033[7m" + fit(help, cols) +
             std::string(std::max(0, cols - static_cast<int>(help.size())), ' ') + "\033[0m\033[J";
    writeAll(frame);
}

LiveView::Outcome LiveView::show(planner::StatementResult& result) {
    SLUICE_CHECK(result.stream != nullptr);
    follow_ = mode_ == Mode::Changelog;
    Outcome outcome;
    bool ended = false;
    bool failed = false;
    {
        ScreenMode screen;
        auto lastDraw = std::chrono::steady_clock::time_point{};
        bool dirty = true;
        std::string status = "Running.";
        RecordBatch batch;
        while (!interrupted_) {
            auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
            while (!ended) {
                auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now());
                if (left.count() <= 0) break;
                auto r = result.stream->nextFor(batch, left);
                if (r == runtime::ResultQueue::ReadStatus::Timeout) break;
                if (r == runtime::ResultQueue::ReadStatus::End) {
                    ended = true;
                    dirty = true;
                    break;
                }
                apply(batch);
                dirty = true;
            }
            // A job that fails before its sink exists never ends the queue: watch the job too.
            if (!ended && result.job && result.job->status() == runtime::JobStatus::Failed) ended = true;
            if (ended && result.job && result.job->waitFor(std::chrono::milliseconds(0)) &&
                result.job->status() == runtime::JobStatus::Failed) {
                failed = true;
                break;
            }
            if (ended) status = "Query finished.";
            if (ended) {
                pollfd pfd{STDIN_FILENO, POLLIN, 0};
                poll(&pfd, 1, 100);
            }
            size_t before = offset_;
            bool follow = follow_;
            if (!handleKeys()) break;
            if (offset_ != before || follow != follow_) dirty = true;
            auto now = std::chrono::steady_clock::now();
            if (dirty && (now - lastDraw >= kRefresh || ended)) {
                draw(result, status);
                lastDraw = now;
                dirty = false;
            }
        }
    }
    outcome.received = received_;
    outcome.finished = ended && !failed;
    if (!ended) {
        if (result.job) result.job->cancel();
        result.stream->close();
    }
    if (failed || (result.job && ended && result.job->wait() == runtime::JobStatus::Failed))
        throw JobFailedError(result.job->error().value_or("ExecutionException: the query's job failed"));
    return outcome;
}

}  // namespace sluice::cli
