#include "connectors/filesystem/partition_path.h"

#include <fmt/format.h>

#include <cstring>

#include "common/value_format.h"

namespace sluice::connectors {

namespace {

bool needsEscaping(unsigned char c) {
    return c < 0x20 || c == 0x7F || std::strchr("\"#%'*/:=?\\{[]^", c) != nullptr;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// java.time.LocalDateTime.toString(): seconds and the fraction only when not zero; the fraction in
// groups of 3 digits.
std::string javaLocalDateTime(int64_t micros) {
    std::string text = formatTimestamp(micros, 6);  // "yyyy-MM-dd HH:mm:ss.ffffff"
    text[10] = 'T';
    std::string date = text.substr(0, 16);  // up to minutes
    int seconds = std::stoi(text.substr(17, 2));
    std::string fraction = text.substr(20);
    if (seconds == 0 && fraction == "000000") return date;
    date += ':' + text.substr(17, 2);
    if (fraction == "000000") return date;
    if (fraction.substr(3) == "000") return date + '.' + fraction.substr(0, 3);
    return date + '.' + fraction;
}

}  // namespace

std::string escapePathName(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (char ch : name) {
        auto c = static_cast<unsigned char>(ch);
        if (needsEscaping(c))
            out += fmt::format("%{:02X}", c);
        else
            out += ch;
    }
    return out;
}

std::string unescapePathName(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (size_t i = 0; i < name.size(); ++i) {
        // As Flink: only when two more characters follow (i + 2 < length).
        if (name[i] == '%' && i + 2 < name.size()) {
            int hi = hexValue(name[i + 1]), lo = hexValue(name[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += name[i];
    }
    return out;
}

std::string partitionPath(const std::vector<std::string>& keys, const std::vector<std::string>& values) {
    std::string out;
    for (size_t i = 0; i < keys.size(); ++i) {
        if (i) out += '/';
        out += escapePathName(keys[i]);
        out += '=';
        out += escapePathName(values[i]);
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> parsePartitionPath(std::string_view path) {
    std::vector<std::pair<std::string, std::string>> out;
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view component = path.substr(start, end - start);
        size_t eq = component.find('=');
        if (eq != std::string_view::npos && eq > 0 && eq + 1 < component.size())
            out.emplace_back(unescapePathName(component.substr(0, eq)),
                             unescapePathName(component.substr(eq + 1)));
        start = end + 1;
    }
    return out;
}

bool supportedPartitionType(const DataType& type) {
    switch (type.id) {
        case TypeId::Boolean:
        case TypeId::TinyInt:
        case TypeId::SmallInt:
        case TypeId::Int:
        case TypeId::BigInt:
        case TypeId::Float:
        case TypeId::Double:
        case TypeId::Decimal:
        case TypeId::Char:
        case TypeId::Varchar:
        case TypeId::Date:
        case TypeId::Timestamp:
            return true;
        default:
            return false;
    }
}

std::string partitionValueText(const Vector& v, size_t row, const std::string& defaultName) {
    if (v.isNull(row)) return defaultName;
    std::string text;
    switch (v.type().id) {
        case TypeId::Boolean:
            text = v.data<uint8_t>()[row] ? "true" : "false";
            break;
        case TypeId::Timestamp:
            text = javaLocalDateTime(v.data<int64_t>()[row]);
            break;
        default:
            text = valueText(v, row, TimeZone::utc());
    }
    return text.empty() ? defaultName : text;
}

}  // namespace sluice::connectors
