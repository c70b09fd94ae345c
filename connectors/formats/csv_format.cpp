#include "connectors/formats/csv_format.h"

#include <fmt/format.h>

#include "common/error.h"
#include "connectors/formats/csv_decoder.h"
#include "connectors/formats/csv_encoder.h"

namespace sluice::connectors {

namespace {

// Flink unescapes Java escapes in these options, so '\t' written in SQL means a tab.
std::string unescapeJava(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            out += s[i];
            continue;
        }
        char c = s[++i];
        switch (c) {
            case 't':
                out += '\t';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 'f':
                out += '\f';
                break;
            case 'b':
                out += '\b';
                break;
            case 'u':
                if (i + 4 < s.size()) {
                    unsigned code = static_cast<unsigned>(std::stoul(s.substr(i + 1, 4), nullptr, 16));
                    if (code < 0x80) out += static_cast<char>(code);
                    i += 4;
                }
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::optional<char> singleChar(const planner::TableOptions& options, const std::string& key) {
    auto v = options.get(key);
    if (!v) return std::nullopt;
    std::string u = unescapeJava(*v);
    if (u.size() != 1)
        throw ValidationError(
            fmt::format("Option '{}' must be a string with single character, but was: {}", key, *v));
    return u[0];
}

}  // namespace

CsvOptions CsvOptions::from(const planner::TableOptions& options, const std::string& prefix) {
    const std::string p = prefix + "csv.";
    CsvOptions o;
    if (auto c = singleChar(options, p + "field-delimiter")) o.fieldDelimiter = *c;
    bool disableQuote = options.getBool(p + "disable-quote-character").value_or(false);
    if (disableQuote && options.has(p + "quote-character"))
        throw ValidationError(
            "Format cannot define a quote character and disabled quote character at the same time.");
    if (auto c = singleChar(options, p + "quote-character"))
        o.quoteCharacter = static_cast<unsigned char>(*c);
    if (disableQuote) o.quoteCharacter = -1;
    o.allowComments = options.getBool(p + "allow-comments").value_or(false);
    o.ignoreParseErrors = options.getBool(p + "ignore-parse-errors").value_or(false);
    if (auto d = options.get(p + "array-element-delimiter")) o.arrayElementDelimiter = unescapeJava(*d);
    if (auto c = singleChar(options, p + "escape-character"))
        o.escapeCharacter = static_cast<unsigned char>(*c);
    o.nullLiteral = options.get(p + "null-literal");
    o.writeBigDecimalInScientificNotation =
        options.getBool(p + "write-bigdecimal-in-scientific-notation").value_or(true);
    return o;
}

std::vector<std::string> CsvFormat::shortOptionKeys() const {
    return {"field-delimiter",  "quote-character",     "disable-quote-character",
            "allow-comments",   "ignore-parse-errors", "array-element-delimiter",
            "escape-character", "null-literal",        "write-bigdecimal-in-scientific-notation"};
}

std::unique_ptr<RowDecoder> CsvFormat::createDecoder(const planner::TableOptions& options,
                                                     const std::string& prefix, const Schema& physical,
                                                     const std::vector<int>& projection) const {
    return std::make_unique<CsvDecoder>(CsvOptions::from(options, prefix), physical, projection);
}

std::unique_ptr<RowEncoder> CsvFormat::createEncoder(const planner::TableOptions& options,
                                                     const std::string& prefix,
                                                     const Schema& physical) const {
    return std::make_unique<CsvEncoder>(CsvOptions::from(options, prefix), physical);
}

}  // namespace sluice::connectors
