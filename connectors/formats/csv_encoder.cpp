#include "connectors/formats/csv_encoder.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/error.h"
#include "common/time_util.h"
#include "common/value_format.h"
#include "connectors/formats/text_util.h"

namespace sluice::connectors {

namespace {
constexpr size_t kMaxQuoteCheckChars = 24;  // Jackson CsvEncoder.MAX_QUOTE_CHECK
}

CsvEncoder::CsvEncoder(CsvOptions options, const Schema& physical)
    : options_(std::move(options)), schema_(physical) {
    minSafeChar_ =
        std::max<int>({static_cast<unsigned char>(options_.fieldDelimiter), options_.quoteCharacter, '\n'}) +
        1;
    for (const auto& f : schema_.fields)
        if (f.type.id == TypeId::Map || f.type.id == TypeId::Multiset || f.type.id == TypeId::Raw)
            throw ValidationError(
                fmt::format("CSV format does not support type {} (column '{}').", f.type.toString(), f.name));
}

void CsvEncoder::appendText(std::string& out, std::string_view s) const {
    const int q = options_.quoteCharacter;
    const int esc = options_.escapeCharacter;
    bool quote = false;
    if (q >= 0) {
        size_t chars = 0;  // Java counts UTF-16 units; count code points
        for (char c : s)
            if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++chars;
        quote = chars > kMaxQuoteCheckChars;
        for (size_t i = 0; i < s.size() && !quote; ++i) {
            int c = static_cast<unsigned char>(s[i]);
            quote = c < minSafeChar_ || (esc >= 0 && c == esc);
        }
    }
    if (!quote) {
        out += s;
        return;
    }
    out += static_cast<char>(q);
    for (char c : s) {
        int u = static_cast<unsigned char>(c);
        if (u == q || (esc >= 0 && u == esc)) out += c;  // doubled
        out += c;
    }
    out += static_cast<char>(q);
}

void CsvEncoder::appendRawText(std::string& out, const Value& v, const DataType& type) const {
    if (v.isNull()) {
        out += options_.nullLiteral.value_or("");
        return;
    }
    switch (type.id) {
        case TypeId::Boolean:
            out += v.asBool() ? "true" : "false";
            return;
        case TypeId::Float:
            out += javaFloatString(static_cast<float>(v.asDouble()));
            return;
        case TypeId::Double:
            out += javaDoubleString(v.asDouble());
            return;
        case TypeId::Decimal:
            out += javaBigDecimalString(v.asDecimal(), type.scale,
                                        !options_.writeBigDecimalInScientificNotation);
            return;
        case TypeId::Char:
        case TypeId::Varchar:
            out += v.asString();
            return;
        case TypeId::Binary:
        case TypeId::Varbinary:
            out += base64Encode(v.asString());
            return;
        case TypeId::Date:
            appendIsoDate(out, static_cast<int32_t>(v.asInt()));
            return;
        case TypeId::Time:
            appendIsoTime(out, v.asInt() * 1000);
            return;
        case TypeId::Timestamp:
            appendIsoTimestamp(out, v.asInt(), ' ');
            return;
        case TypeId::TimestampLtz:
            appendIsoTimestamp(out, v.asInt(), ' ');
            out += 'Z';
            return;
        case TypeId::Array:
        case TypeId::Row: {
            const auto& l = v.asList();
            for (size_t i = 0; i < l.size(); ++i) {
                if (i) out += options_.arrayElementDelimiter;
                appendRawText(out, l[i],
                              type.id == TypeId::Array ? type.children.at(0) : type.children.at(i));
            }
            return;
        }
        default:
            if (type.isNumeric() || type.isInterval()) {
                out += std::to_string(v.asInt());
                return;
            }
            throw ExecutionError("CSV format does not support type " + type.toString());
    }
}

void CsvEncoder::encode(const RecordBatch& batch, size_t row, std::string& out) {
    for (size_t c = 0; c < schema_.fields.size(); ++c) {
        if (c) out += options_.fieldDelimiter;
        const Vector& col = batch.columns[c];
        if (col.isNull(row)) {
            out += options_.nullLiteral.value_or("");
            continue;
        }
        switch (col.type().id) {
            // numbers and booleans are written bare, never quoted
            case TypeId::Boolean:
                out += col.data<uint8_t>()[row] ? "true" : "false";
                break;
            case TypeId::TinyInt:
                fmt::format_to(std::back_inserter(out), "{}", col.data<int8_t>()[row]);
                break;
            case TypeId::SmallInt:
                fmt::format_to(std::back_inserter(out), "{}", col.data<int16_t>()[row]);
                break;
            case TypeId::Int:
            case TypeId::IntervalYearMonth:
                fmt::format_to(std::back_inserter(out), "{}", col.data<int32_t>()[row]);
                break;
            case TypeId::BigInt:
            case TypeId::IntervalDayTime:
                fmt::format_to(std::back_inserter(out), "{}", col.data<int64_t>()[row]);
                break;
            case TypeId::Float:
                out += javaFloatString(col.data<float>()[row]);
                break;
            case TypeId::Double:
                out += javaDoubleString(col.data<double>()[row]);
                break;
            case TypeId::Char:
            case TypeId::Varchar:
                appendText(out, col.stringAt(row));
                break;
            default:
                scratch_.clear();
                appendRawText(scratch_, col.getValue(row), col.type());
                appendText(out, scratch_);
                break;
        }
    }
}

}  // namespace sluice::connectors
