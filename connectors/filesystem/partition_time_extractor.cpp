#include "connectors/filesystem/partition_time_extractor.h"

#include <fmt/format.h>

#include <cctype>

#include "common/error.h"
#include "common/time_util.h"

namespace sluice::connectors {

namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// Reads between `minDigits` and `maxDigits` digits at `pos`.
std::optional<int64_t> readNumber(const std::string& s, size_t& pos, int minDigits, int maxDigits) {
    size_t start = pos;
    int64_t v = 0;
    while (pos < s.size() && isDigit(s[pos]) && static_cast<int>(pos - start) < maxDigits)
        v = v * 10 + (s[pos++] - '0');
    if (static_cast<int>(pos - start) < minDigits) return std::nullopt;
    return v;
}

std::optional<int64_t> localMicros(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t s,
                                   int64_t micros) {
    // Lenient, as Flink's default formatters (ResolverStyle.LENIENT): out-of-range fields roll over.
    if (mo < 1 || d < 1) return std::nullopt;
    int64_t yy = y + (mo - 1) / 12;
    unsigned m = static_cast<unsigned>((mo - 1) % 12 + 1);
    int64_t days = daysFromCivil(static_cast<int>(yy), m, 1) + (d - 1);
    return days * kMicrosPerDay + ((h * 60 + mi) * 60 + s) * kMicrosPerSecond + micros;
}

// Flink's DefaultPartTimeExtractor.toLocalDateTimeDefault: "y-M-d[ H:m:s[.fraction]]", 1 to 2 digits for
// the fields after the year; else a date at midnight.
std::optional<int64_t> parseDefault(const std::string& s) {
    size_t pos = 0;
    auto y = readNumber(s, pos, 1, 10);
    if (!y || pos >= s.size() || s[pos++] != '-') return std::nullopt;
    auto mo = readNumber(s, pos, 1, 2);
    if (!mo || pos >= s.size() || s[pos++] != '-') return std::nullopt;
    auto d = readNumber(s, pos, 1, 2);
    if (!d) return std::nullopt;
    if (pos == s.size()) return localMicros(*y, *mo, *d, 0, 0, 0, 0);
    if (s[pos++] != ' ') return std::nullopt;
    auto h = readNumber(s, pos, 1, 2);
    if (!h || pos >= s.size() || s[pos++] != ':') return std::nullopt;
    auto mi = readNumber(s, pos, 1, 2);
    if (!mi || pos >= s.size() || s[pos++] != ':') return std::nullopt;
    auto sec = readNumber(s, pos, 1, 2);
    if (!sec) return std::nullopt;
    int64_t micros = 0;
    if (pos < s.size()) {
        if (s[pos++] != '.') return std::nullopt;
        size_t start = pos;
        auto f = readNumber(s, pos, 1, 9);
        if (!f || pos != s.size()) return std::nullopt;
        int64_t frac = *f;
        for (size_t n = pos - start; n < 9; ++n) frac *= 10;
        micros = frac / 1000;
    }
    return localMicros(*y, *mo, *d, *h, *mi, *sec, micros);
}

}  // namespace

PartitionTimeExtractor::PartitionTimeExtractor(std::optional<std::string> pattern,
                                               std::optional<std::string> formatter)
    : pattern_(std::move(pattern)), formatter_(std::move(formatter)) {
    if (!formatter_) return;
    const std::string& f = *formatter_;
    for (size_t i = 0; i < f.size();) {
        char c = f[i];
        if (c == '\'') {
            size_t j = f.find('\'', i + 1);
            if (j == std::string::npos)
                throw ValidationError(fmt::format(
                    "Invalid 'partition.time-extractor.timestamp-formatter' '{}': unterminated quote.", f));
            items_.push_back({0, 0, j == i + 1 ? "'" : f.substr(i + 1, j - i - 1)});
            i = j + 1;
        } else if (std::isalpha(static_cast<unsigned char>(c))) {
            size_t j = i;
            while (j < f.size() && f[j] == c) ++j;
            int count = static_cast<int>(j - i);
            bool ok = false;
            switch (c) {
                case 'y':
                case 'u':
                    ok = true;
                    break;
                case 'M':
                case 'd':
                case 'H':
                case 'm':
                case 's':
                    ok = count <= 2;
                    break;
                case 'S':
                    ok = count <= 9;
                    break;
                default:
                    break;
            }
            if (!ok)
                throw NotSupportedError(fmt::format(
                    "The pattern letters '{}' of 'partition.time-extractor.timestamp-formatter' '{}' are not "
                    "supported yet (supported: y, u, M, MM, d, dd, H, HH, m, mm, s, ss, S..., quoted text).",
                    std::string(static_cast<size_t>(count), c), f));
            items_.push_back({c, count, {}});
            i = j;
        } else {
            if (!items_.empty() && items_.back().letter == 0)
                items_.back().literal += c;
            else
                items_.push_back({0, 0, std::string(1, c)});
            ++i;
        }
    }
}

std::string PartitionTimeExtractor::timestampText(const std::vector<std::string>& keys,
                                                  const std::vector<std::string>& values) const {
    if (!pattern_) return values.empty() ? std::string() : values[0];
    std::string text = *pattern_;
    for (size_t k = 0; k < keys.size() && k < values.size(); ++k) {
        std::string needle = "$" + keys[k];
        for (size_t at = text.find(needle); at != std::string::npos;
             at = text.find(needle, at + values[k].size()))
            text.replace(at, needle.size(), values[k]);
    }
    return text;
}

std::optional<int64_t> PartitionTimeExtractor::parseFormatted(const std::string& s) const {
    // java.time.DateTimeFormatter (SMART): fixed widths for 2-letter fields, adjacent-value parsing for
    // a year followed directly by another number.
    int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, micros = 0;
    bool haveYear = false, haveMonth = false, haveDay = false;
    size_t pos = 0;
    for (size_t k = 0; k < items_.size(); ++k) {
        const Item& it = items_[k];
        if (it.letter == 0) {
            if (s.compare(pos, it.literal.size(), it.literal) != 0) return std::nullopt;
            pos += it.literal.size();
            continue;
        }
        bool adjacentNumber = k + 1 < items_.size() && items_[k + 1].letter != 0;
        int minD = it.count, maxD = it.count;
        if (it.letter == 'y' || it.letter == 'u') {
            if (it.count == 2) {
                auto v = readNumber(s, pos, 2, 2);
                if (!v) return std::nullopt;
                y = 2000 + *v;
            } else {
                auto v = readNumber(s, pos, it.count, adjacentNumber ? it.count : 10);
                if (!v) return std::nullopt;
                y = *v;
            }
            haveYear = true;
            continue;
        }
        if (it.letter == 'S') {
            auto v = readNumber(s, pos, it.count, it.count);
            if (!v) return std::nullopt;
            int64_t frac = *v;
            for (int n = it.count; n < 6; ++n) frac *= 10;
            for (int n = it.count; n > 6; --n) frac /= 10;
            micros = frac;
            continue;
        }
        if (it.count == 1) maxD = adjacentNumber ? 1 : 2;
        auto v = readNumber(s, pos, minD, maxD);
        if (!v) return std::nullopt;
        switch (it.letter) {
            case 'M':
                mo = *v, haveMonth = true;
                break;
            case 'd':
                d = *v, haveDay = true;
                break;
            case 'H':
                h = *v;
                break;
            case 'm':
                mi = *v;
                break;
            default:
                sec = *v;
        }
    }
    if (pos != s.size() || !haveYear || !haveMonth || !haveDay) return std::nullopt;
    if (mo > 12 || d > 31 || h > 23 || mi > 59 || sec > 59) return std::nullopt;
    unsigned dim = 31;
    if (mo == 4 || mo == 6 || mo == 9 || mo == 11) dim = 30;
    if (mo == 2) dim = (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
    if (d > static_cast<int64_t>(dim)) return std::nullopt;
    return localMicros(y, mo, d, h, mi, sec, micros);
}

int64_t PartitionTimeExtractor::extract(const std::vector<std::string>& keys,
                                        const std::vector<std::string>& values) const {
    std::string text = timestampText(keys, values);
    auto t = formatter_ ? parseFormatted(text) : parseDefault(text);
    if (!t)
        throw ExecutionError(
            fmt::format("Text '{}' could not be parsed as the time of a partition{} (see "
                        "'partition.time-extractor.timestamp-pattern'{}).",
                        text, formatter_ ? fmt::format(" with formatter '{}'", *formatter_) : std::string(),
                        formatter_ ? " and 'partition.time-extractor.timestamp-formatter'" : ""));
    return *t;
}

}  // namespace sluice::connectors
