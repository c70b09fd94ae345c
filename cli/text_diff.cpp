#include "cli/text_diff.h"

#include <algorithm>
#include <cctype>

namespace sluice::cli {

std::vector<std::string> TextDiff::splitLines(std::string_view text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) nl = text.size();
        lines.emplace_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return lines;
}

std::string TextDiff::normalizeSpace(std::string_view line) {
    std::string out;
    bool space = false;
    for (char c : line) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
        } else {
            if (space) out += ' ';
            space = false;
            out += c;
        }
    }
    return out;
}

bool TextDiff::containsInOrder(const std::vector<std::string>& expected,
                               const std::vector<std::string>& actual) {
    size_t a = 0;
    for (const auto& raw : expected) {
        std::string want = normalizeSpace(raw);
        if (want.empty()) continue;
        while (a < actual.size() && normalizeSpace(actual[a]).find(want) == std::string::npos) ++a;
        if (a == actual.size()) return false;
        ++a;
    }
    return true;
}

std::string TextDiff::unified(const std::vector<std::string>& expected,
                              const std::vector<std::string>& actual, int context) {
    const size_t n = expected.size(), m = actual.size();
    // Longest common subsequence table; fixture outputs are small.
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            lcs[i][j] =
                expected[i] == actual[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);

    struct Edit {
        char op;      // ' ', '-', '+'
        size_t a, b;  // line indices in expected / actual
    };
    std::vector<Edit> edits;
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && expected[i] == actual[j]) {
            edits.push_back({' ', i++, j++});
        } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
            edits.push_back({'-', i++, j});  // deletions first, as diff -u prints them
        } else {
            edits.push_back({'+', i, j++});
        }
    }

    std::string out = "--- expected\n+++ actual\n";
    size_t k = 0;
    while (k < edits.size()) {
        if (edits[k].op == ' ') {
            ++k;
            continue;
        }
        // A hunk: from `context` lines before this change to `context` lines after the last change
        // that is at most 2*context lines away from the next one.
        size_t begin = k >= static_cast<size_t>(context) ? k - context : 0;
        size_t end = k;
        for (size_t p = k; p < edits.size(); ++p) {
            if (edits[p].op != ' ')
                end = p;
            else if (p - end > static_cast<size_t>(2 * context))
                break;
        }
        end = std::min(edits.size(), end + 1 + context);
        size_t aStart = edits[begin].a, bStart = edits[begin].b, aCount = 0, bCount = 0;
        for (size_t p = begin; p < end; ++p) {
            if (edits[p].op != '+') ++aCount;
            if (edits[p].op != '-') ++bCount;
        }
        out += "@@ -" + std::to_string(aStart + 1) + "," + std::to_string(aCount) + " +" +
               std::to_string(bStart + 1) + "," + std::to_string(bCount) + " @@\n";
        for (size_t p = begin; p < end; ++p) {
            out += edits[p].op;
            out += edits[p].op == '+' ? actual[edits[p].b] : expected[edits[p].a];
            out += '\n';
        }
        k = end;
    }
    return out;
}

}  // namespace sluice::cli
