#include "cli/tableau_style.h"

#include <algorithm>
#include <cstdint>

namespace sluice::cli {

namespace {

// Decodes one UTF-8 code point at `i` and advances `i`; invalid bytes count as one code point each.
char32_t nextCodePoint(std::string_view s, size_t& i) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    if (i + len > s.size()) len = 1;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    return cp;
}

// East Asian Width "W" or "F" (Unicode TR11), the ranges that matter in practice; Flink asks ICU.
bool isFullWidth(char32_t c) {
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
           (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x2FFFD) || (c >= 0x30000 && c <= 0x3FFFD);
}

// Java's String.length(): UTF-16 code units.
int javaLength(std::string_view s) {
    int n = 0;
    for (size_t i = 0; i < s.size();) n += nextCodePoint(s, i) > 0xFFFF ? 2 : 1;
    return n;
}

// TableauStyle.truncateString: the longest prefix of display width <= target, left-padded to target.
std::string truncate(std::string_view s, int targetWidth) {
    int passed = 0;
    size_t end = 0;
    for (size_t i = 0; i < s.size();) {
        passed += isFullWidth(nextCodePoint(s, i)) ? 2 : 1;
        if (passed > targetWidth) break;
        end = i;
    }
    std::string out(s.substr(0, end));
    int lacked = targetWidth - TableauStyle::displayWidth(out);
    if (lacked > 0) out.insert(0, static_cast<size_t>(lacked), ' ');
    return out;
}

int timestampWidth(int precision) {
    if (precision == 0) return 19;  // uuuu-MM-dd HH:mm:ss
    if (precision <= 3) return 23;
    if (precision <= 6) return 26;
    return 29;
}

}  // namespace

TableauStyle::TableauStyle(std::vector<std::string> columnNames, std::vector<int> columnWidths)
    : columnNames_(std::move(columnNames)), columnWidths_(std::move(columnWidths)) {}

int TableauStyle::displayWidth(std::string_view text) {
    int full = 0;
    for (size_t i = 0; i < text.size();)
        if (isFullWidth(nextCodePoint(text, i))) ++full;
    return javaLength(text) + full;
}

std::vector<int> TableauStyle::columnWidthsByType(const Schema& schema, int maxColumnWidth,
                                                  bool printNullAsEmpty, bool printRowKind) {
    std::vector<int> widths;
    if (printRowKind) widths.push_back(2);  // "op"
    for (const Field& f : schema.fields) {
        const DataType& t = f.type;
        int len;
        switch (t.id) {
            // Flink's XxxType.PRECISION (decimal digits) plus one for the sign.
            case TypeId::TinyInt:
                len = 3 + 1;
                break;
            case TypeId::SmallInt:
                len = 5 + 1;
                break;
            case TypeId::Int:
                len = 10 + 1;
                break;
            case TypeId::BigInt:
                len = 19 + 1;
                break;
            case TypeId::Decimal:
                len = t.precision + 2;
                break;  // sign and point
            case TypeId::Boolean:
                len = 5;
                break;
            case TypeId::Date:
                len = 10;
                break;
            case TypeId::Time:
                len = t.precision == 0 ? 8 : t.precision + 9;
                break;
            case TypeId::Timestamp:
            case TypeId::TimestampLtz:
                len = timestampWidth(t.precision);
                break;
            default:
                len = maxColumnWidth;
        }
        if (!printNullAsEmpty)
            len = std::max(len, static_cast<int>(std::char_traits<char>::length(kNullValue)));
        widths.push_back(std::max(javaLength(f.name), len));
    }
    return widths;
}

std::vector<int> TableauStyle::columnWidthsByContent(const std::vector<std::string>& names,
                                                     const std::vector<std::vector<std::string>>& rows,
                                                     int maxColumnWidth) {
    std::vector<int> widths;
    widths.reserve(names.size());
    for (const auto& n : names) widths.push_back(javaLength(n));
    for (const auto& row : rows)
        for (size_t i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], displayWidth(row[i]));
    for (int& w : widths) w = std::min(w, maxColumnWidth);
    return widths;
}

std::string TableauStyle::borderLine() const {
    std::string out = "+";
    for (int w : columnWidths_) {
        out.append(static_cast<size_t>(w) + 2, '-');
        out += '+';
    }
    return out;
}

std::string TableauStyle::row(const std::vector<std::string>& cells) const {
    std::string out = "|";
    for (size_t i = 0; i < cells.size() && i < columnWidths_.size(); ++i) {
        out += ' ';
        int width = columnWidths_[i];
        int shown = displayWidth(cells[i]);
        if (shown <= width) {
            out.append(static_cast<size_t>(width - shown), ' ');
            out += cells[i];
        } else {
            out += truncate(cells[i], std::max(0, width - 3));
            out += "...";
        }
        out += " |";
    }
    return out;
}

}  // namespace sluice::cli
