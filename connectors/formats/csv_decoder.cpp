#include "connectors/formats/csv_decoder.h"

#include <fmt/format.h>

#include "common/error.h"
#include "connectors/formats/field_parse.h"

namespace sluice::connectors {

CsvDecoder::CsvDecoder(CsvOptions options, const Schema& physical, const std::vector<int>& projection)
    : options_(std::move(options)), physical_(physical), projection_(projection) {
    slots_.resize(projection_.size());
    for (int p : projection_) {
        const Field& f = physical_.fields.at(static_cast<size_t>(p));
        if (f.type.id == TypeId::Map || f.type.id == TypeId::Multiset || f.type.id == TypeId::Raw)
            throw ValidationError(
                fmt::format("CSV format does not support type {} (column '{}').", f.type.toString(), f.name));
    }
}

size_t CsvDecoder::recordLength(std::string_view data, bool eof) const {
    const int q = options_.quoteCharacter;
    const int esc = options_.escapeCharacter;
    const size_t n = data.size();
    if (options_.allowComments && n > 0 && data[0] == '#') {
        size_t nl = data.find('\n');
        return nl != std::string_view::npos ? nl + 1 : (eof ? n : std::string_view::npos);
    }
    bool atFieldStart = true, inQuotes = false;
    for (size_t i = 0; i < n; ++i) {
        int c = static_cast<unsigned char>(data[i]);
        if (esc >= 0 && c == esc) {
            if (i + 1 >= n) break;  // the escaped char is in the next chunk
            ++i;
            atFieldStart = false;
            continue;
        }
        if (inQuotes) {
            if (c == q) {
                if (i + 1 >= n) break;  // cannot tell a doubled quote yet
                if (static_cast<unsigned char>(data[i + 1]) == q)
                    ++i;
                else
                    inQuotes = false;
            }
            continue;
        }
        if (c == '\n') return i + 1;
        if (q >= 0 && c == q && atFieldStart) {
            inQuotes = true;
            atFieldStart = false;
            continue;
        }
        atFieldStart = c == options_.fieldDelimiter;
    }
    return eof ? n : std::string_view::npos;
}

bool CsvDecoder::split(std::string_view rec) {
    const int q = options_.quoteCharacter;
    const int esc = options_.escapeCharacter;
    const char delim = options_.fieldDelimiter;
    const size_t n = rec.size();
    numFields_ = 0;
    size_t pos = 0;
    while (true) {
        if (fields_.size() <= numFields_) fields_.emplace_back();
        std::string& field = fields_[numFields_++];
        field.clear();
        if (q >= 0 && pos < n && static_cast<unsigned char>(rec[pos]) == q) {
            ++pos;
            bool closed = false;
            while (pos < n) {
                int c = static_cast<unsigned char>(rec[pos]);
                if (esc >= 0 && c == esc && pos + 1 < n) {
                    field += rec[pos + 1];
                    pos += 2;
                } else if (c == q) {
                    if (pos + 1 < n && static_cast<unsigned char>(rec[pos + 1]) == q) {
                        field += rec[pos];
                        pos += 2;
                    } else {
                        ++pos;
                        closed = true;
                        break;
                    }
                } else {
                    field += rec[pos++];
                }
            }
            if (!closed) return false;
        }
        while (pos < n && rec[pos] != delim) {
            int c = static_cast<unsigned char>(rec[pos]);
            if (esc >= 0 && c == esc && pos + 1 < n) ++pos;
            field += rec[pos++];
        }
        if (pos >= n) break;
        ++pos;  // the delimiter; a field follows even if the record ends here
    }
    return true;
}

std::vector<std::string> CsvDecoder::splitElements(const std::string& text) const {
    std::vector<std::string> out;
    if (text.empty()) return out;
    const std::string& d = options_.arrayElementDelimiter;
    size_t start = 0;
    while (true) {
        size_t at = d.empty() ? std::string::npos : text.find(d, start);
        out.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) break;
        start = at + d.size();
    }
    return out;
}

bool CsvDecoder::convert(const std::string& text, const DataType& type, FieldSlot& slot,
                         std::string& error) const {
    if (options_.nullLiteral && text == *options_.nullLiteral) {
        slot.null = true;
        return true;
    }
    if (type.id != TypeId::Array && type.id != TypeId::Row)
        return parseScalarText(text, type, TimestampStandard::Either, slot, error);
    // nested values are one field whose elements are split by the array element delimiter
    std::vector<std::string> parts = splitElements(text);
    Value::List list;
    for (size_t k = 0; k < parts.size(); ++k) {
        const DataType& et =
            type.id == TypeId::Array ? type.children.at(0) : type.children.at(k % type.children.size());
        FieldSlot e;
        if (options_.nullLiteral && parts[k] == *options_.nullLiteral) {
            list.push_back(Value::null());
            continue;
        }
        if (!parseScalarText(parts[k], et, TimestampStandard::Either, e, error)) return false;
        if (e.null) {
            list.push_back(Value::null());
        } else if (et.isString() || et.isBinary()) {
            list.push_back(Value::string(e.s));
        } else if (et.id == TypeId::Float || et.id == TypeId::Double) {
            list.push_back(Value::real(e.d));
        } else if (et.id == TypeId::Decimal) {
            list.push_back(Value::decimal(e.dec));
        } else if (et.id == TypeId::Boolean) {
            list.push_back(Value::boolean(e.i != 0));
        } else {
            list.push_back(Value::integer(e.i));
        }
    }
    if (type.id == TypeId::Row) list.resize(type.children.size());
    slot.null = false;
    slot.boxed = Value::list(std::move(list));
    return true;
}

size_t CsvDecoder::decode(std::string_view record, std::vector<Vector>& columns, const RecordOrigin& origin) {
    std::string_view rec = record;
    while (!rec.empty() && (rec.back() == '\n' || rec.back() == '\r')) rec.remove_suffix(1);
    if (rec.empty()) return 0;
    if (options_.allowComments && rec[0] == '#') return 0;
    auto fail = [&](const std::string& reason) {
        return ExecutionError(
            fmt::format("Failed to deserialize CSV row '{}' at {}: {}", rec, origin.text(), reason));
    };
    if (!split(rec)) {
        if (options_.ignoreParseErrors) {
            ++skippedBad_;
            return 0;
        }
        throw fail("Missing closing quote for value");
    }
    const size_t expected = physical_.fields.size();
    if (numFields_ > expected) {
        if (options_.ignoreParseErrors) {
            ++skippedBad_;
            return 0;
        }
        throw fail(fmt::format("Too many entries: expected at most {} (value #{})", expected, expected));
    }
    if (numFields_ < expected && !options_.ignoreParseErrors)
        throw fail(fmt::format("Row length mismatch. {} fields expected but was {}.", expected, numFields_));
    std::string error;
    for (size_t k = 0; k < projection_.size(); ++k) {
        size_t p = static_cast<size_t>(projection_[k]);
        FieldSlot& slot = slots_[k];
        slot.reset();
        if (p >= numFields_) continue;  // a missing trailing field is NULL
        if (!convert(fields_[p], physical_.fields[p].type, slot, error)) {
            if (!options_.ignoreParseErrors)
                throw fail(
                    fmt::format("Fail to deserialize at field: {}. {}", physical_.fields[p].name, error));
            slot.null = true;
        }
    }
    commitRow(columns, slots_);
    return 1;
}

}  // namespace sluice::connectors
