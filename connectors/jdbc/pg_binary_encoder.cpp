#include "connectors/jdbc/pg_binary_encoder.h"

#include <fmt/format.h>

#include <cstring>
#include <limits>

#include "common/error.h"

namespace sluice::connectors::jdbc {

namespace {

// Type oids of the built-in types (pg_type.dat; stable across versions).
constexpr Oid kBool = 16, kBytea = 17, kName = 19, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25,
              kJson = 114, kFloat4 = 700, kFloat8 = 701, kBpchar = 1042, kVarchar = 1043, kDate = 1082,
              kTime = 1083, kTimestamp = 1114, kTimestamptz = 1184, kNumeric = 1700, kUuid = 2950,
              kJsonb = 3802;

// PostgreSQL counts dates and timestamps from 2000-01-01.
constexpr int32_t kPgEpochDays = 10957;
constexpr int64_t kPgEpochMicros = 946684800LL * 1000000;

inline void put16(std::string& out, uint16_t v) {
    char b[2] = {static_cast<char>(v >> 8), static_cast<char>(v)};
    out.append(b, 2);
}
inline void put32(std::string& out, uint32_t v) {
    char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                 static_cast<char>(v)};
    out.append(b, 4);
}
inline void put64(std::string& out, uint64_t v) {
    char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (56 - 8 * i));
    out.append(b, 8);
}
inline void patch32(std::string& out, size_t at, uint32_t v) {
    out[at] = static_cast<char>(v >> 24);
    out[at + 1] = static_cast<char>(v >> 16);
    out[at + 2] = static_cast<char>(v >> 8);
    out[at + 3] = static_cast<char>(v);
}

// One value, read from a vector or a boxed Value, in the physical form of its Sluice type.
struct Scalar {
    int64_t i = 0;
    double d = 0;
    Int128 dec = 0;
    std::string_view s;
};

Scalar fromVector(const Vector& v, size_t row) {
    Scalar x;
    switch (v.type().id) {
        case TypeId::Boolean:
            x.i = v.data<uint8_t>()[row];
            break;
        case TypeId::TinyInt:
            x.i = v.data<int8_t>()[row];
            break;
        case TypeId::SmallInt:
            x.i = v.data<int16_t>()[row];
            break;
        case TypeId::Int:
        case TypeId::Date:
        case TypeId::Time:
            x.i = v.data<int32_t>()[row];
            break;
        case TypeId::BigInt:
        case TypeId::Timestamp:
        case TypeId::TimestampLtz:
            x.i = v.data<int64_t>()[row];
            break;
        case TypeId::Float:
            x.d = v.data<float>()[row];
            break;
        case TypeId::Double:
            x.d = v.data<double>()[row];
            break;
        case TypeId::Decimal:
            x.dec = v.data<Int128>()[row];
            break;
        default:
            if (v.isVarLen()) x.s = v.stringAt(row);
            break;
    }
    return x;
}

Scalar fromValue(const Value& v, const DataType& t) {
    Scalar x;
    if (t.id == TypeId::Boolean)
        x.i = v.asBool();
    else if (t.isApproximate())
        x.d = v.asDouble();
    else if (t.id == TypeId::Decimal)
        x.dec = v.asDecimal();
    else if (t.isString() || t.isBinary())
        x.s = v.asString();
    else
        x.i = v.asInt();
    return x;
}

[[noreturn]] void outOfRange(const PgColumnCodec& c, const std::string& value) {
    throw ExecutionError(
        fmt::format("Value {} of column '{}' does not fit the PostgreSQL column '{}' of type {}.", value,
                    c.name, c.pgName, c.source.toString()));
}

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Scalar (non-array) encodings supported from a Sluice type into a PostgreSQL base type.
bool scalarEncoding(const DataType& s, Oid target, char typeKind, PgEncoding& enc) {
    auto is = [&](std::initializer_list<Oid> oids) {
        for (Oid o : oids)
            if (o == target) return true;
        return false;
    };
    switch (s.id) {
        case TypeId::Boolean:
            if (target == kBool) return enc = PgEncoding::Bool, true;
            return false;
        case TypeId::TinyInt:
        case TypeId::SmallInt:
        case TypeId::Int:
        case TypeId::BigInt:
            if (target == kInt2) return enc = PgEncoding::Int2, true;
            if (target == kInt4) return enc = PgEncoding::Int4, true;
            if (target == kInt8) return enc = PgEncoding::Int8, true;
            if (target == kNumeric) return enc = PgEncoding::Numeric, true;
            if (target == kFloat4) return enc = PgEncoding::Float4, true;
            if (target == kFloat8) return enc = PgEncoding::Float8, true;
            return false;
        case TypeId::Float:
        case TypeId::Double:
            if (target == kFloat4) return enc = PgEncoding::Float4, true;
            if (target == kFloat8) return enc = PgEncoding::Float8, true;
            return false;
        case TypeId::Decimal:
            if (target == kNumeric) return enc = PgEncoding::Numeric, true;
            return false;
        case TypeId::Char:
        case TypeId::Varchar:
            if (is({kText, kVarchar, kBpchar, kName, kJson}) || typeKind == 'e')
                return enc = PgEncoding::Text, true;
            if (target == kJsonb) return enc = PgEncoding::Jsonb, true;
            if (target == kUuid) return enc = PgEncoding::Uuid, true;
            return false;
        case TypeId::Binary:
        case TypeId::Varbinary:
            if (target == kBytea) return enc = PgEncoding::Bytea, true;
            return false;
        case TypeId::Date:
            if (target == kDate) return enc = PgEncoding::Date, true;
            return false;
        case TypeId::Time:
            if (target == kTime) return enc = PgEncoding::Time, true;
            return false;
        case TypeId::Timestamp:
        case TypeId::TimestampLtz:
            if (target == kTimestamp) return enc = PgEncoding::Timestamp, true;
            if (target == kTimestamptz) return enc = PgEncoding::Timestamptz, true;
            return false;
        default:
            return false;
    }
}

// The value's bytes after a reserved 4-byte length, which the caller patches.
void encodeScalar(const Scalar& x, PgEncoding enc, const DataType& source, const TimeZone& zone,
                  const PgColumnCodec& c, std::string& out) {
    switch (enc) {
        case PgEncoding::Bool:
            out += static_cast<char>(x.i ? 1 : 0);
            break;
        case PgEncoding::Int2:
            if (x.i < std::numeric_limits<int16_t>::min() || x.i > std::numeric_limits<int16_t>::max())
                outOfRange(c, std::to_string(x.i));
            put16(out, static_cast<uint16_t>(x.i));
            break;
        case PgEncoding::Int4:
            if (x.i < std::numeric_limits<int32_t>::min() || x.i > std::numeric_limits<int32_t>::max())
                outOfRange(c, std::to_string(x.i));
            put32(out, static_cast<uint32_t>(x.i));
            break;
        case PgEncoding::Int8:
            put64(out, static_cast<uint64_t>(x.i));
            break;
        case PgEncoding::Float4: {
            float f = source.isApproximate() ? static_cast<float>(x.d) : static_cast<float>(x.i);
            uint32_t bits;
            std::memcpy(&bits, &f, 4);
            put32(out, bits);
            break;
        }
        case PgEncoding::Float8: {
            double d = source.isApproximate() ? x.d : static_cast<double>(x.i);
            uint64_t bits;
            std::memcpy(&bits, &d, 8);
            put64(out, bits);
            break;
        }
        case PgEncoding::Numeric:
            if (source.id == TypeId::Decimal)
                PgBinaryEncoder::appendNumeric(x.dec, source.scale, out);
            else
                PgBinaryEncoder::appendNumeric(x.i, 0, out);
            break;
        case PgEncoding::Text:
        case PgEncoding::Bytea:
            out.append(x.s.data(), x.s.size());
            break;
        case PgEncoding::Jsonb:
            out += '\1';  // jsonb's binary format: a version byte, then the text
            out.append(x.s.data(), x.s.size());
            break;
        case PgEncoding::Uuid: {
            char bytes[16];
            int n = 0, hi = -1;
            bool ok = true;
            for (char ch : x.s) {
                if (ch == '-' || ch == '{' || ch == '}') continue;
                int h = hexDigit(ch);
                if (h < 0 || n >= 16) {
                    ok = false;
                    break;
                }
                if (hi < 0) {
                    hi = h;
                } else {
                    bytes[n++] = static_cast<char>(hi * 16 + h);
                    hi = -1;
                }
            }
            if (!ok || n != 16 || hi >= 0)
                throw ExecutionError(
                    fmt::format("Value '{}' of column '{}' is not a UUID (PostgreSQL column '{}').",
                                std::string(x.s), c.name, c.pgName));
            out.append(bytes, 16);
            break;
        }
        case PgEncoding::Date:
            put32(out, static_cast<uint32_t>(static_cast<int32_t>(x.i) - kPgEpochDays));
            break;
        case PgEncoding::Time:
            put64(out, static_cast<uint64_t>(x.i * 1000));  // Sluice TIME: milliseconds of the day
            break;
        case PgEncoding::Timestamp: {
            int64_t micros = source.id == TypeId::TimestampLtz ? zone.toLocal(x.i) : x.i;
            put64(out, static_cast<uint64_t>(micros - kPgEpochMicros));
            break;
        }
        case PgEncoding::Timestamptz: {
            int64_t micros = source.id == TypeId::Timestamp ? zone.toUtc(x.i) : x.i;
            put64(out, static_cast<uint64_t>(micros - kPgEpochMicros));
            break;
        }
        case PgEncoding::Array:
            break;  // handled by the caller
    }
}

void appendArrayValue(const Value& list, const PgColumnCodec& c, const TimeZone& zone, std::string& out) {
    const auto& items = list.asList();
    const DataType& elem = c.source.children.at(0);
    bool hasNull = false;
    for (const auto& v : items) hasNull |= v.isNull();
    put32(out, items.empty() ? 0 : 1);
    put32(out, hasNull ? 1 : 0);
    put32(out, c.elementOid);
    if (!items.empty()) {
        put32(out, static_cast<uint32_t>(items.size()));
        put32(out, 1);
    }
    for (const auto& v : items) {
        if (v.isNull()) {
            put32(out, 0xFFFFFFFFu);
            continue;
        }
        size_t at = out.size();
        put32(out, 0);
        encodeScalar(fromValue(v, elem), c.elementEncoding, elem, zone, c, out);
        patch32(out, at, static_cast<uint32_t>(out.size() - at - 4));
    }
}

}  // namespace

PgColumnCodec PgBinaryEncoder::plan(const Field& source, const PgColumn& target,
                                    const std::string& tableName) {
    PgColumnCodec c;
    c.name = source.name;
    c.pgName = target.name;
    c.source = source.type;
    c.oid = target.baseType;
    c.arrayOid = target.arrayType;
    bool ok;
    if (source.type.id == TypeId::Array) {
        c.encoding = PgEncoding::Array;
        c.elementOid = target.elementType;
        const DataType& elem = source.type.children.at(0);
        ok = target.elementType != 0 && elem.id != TypeId::Array &&
             scalarEncoding(elem, target.elementType, 'b', c.elementEncoding);
    } else {
        ok = target.elementType == 0 &&
             scalarEncoding(source.type, target.baseType, target.typeKind, c.encoding);
    }
    if (!ok)
        throw ValidationError(
            fmt::format("Column '{}' of type {} cannot be written to column '{}' of PostgreSQL table '{}', "
                        "which has type "
                        "{} (a {} column maps to {}).",
                        source.name, source.type.toString(), target.name, tableName, target.typeText,
                        source.type.toString(),
                        PgTable::pgTypeName(source.type).empty() ? std::string("no PostgreSQL type")
                                                                 : PgTable::pgTypeName(source.type)));
    return c;
}

void PgBinaryEncoder::appendCopyHeader(std::string& out) {
    static const char sig[] = "PGCOPY\n\377\r\n";
    out.append(sig, 11);
    put32(out, 0);  // flags
    put32(out, 0);  // header extension length
}

void PgBinaryEncoder::appendCopyTrailer(std::string& out) {
    put16(out, 0xFFFF);
}

void PgBinaryEncoder::appendValue(const RecordBatch& batch, size_t col, size_t row, std::string& out) const {
    const Vector& v = batch.columns[col];
    const PgColumnCodec& c = columns_[col];
    if (v.isNull(row)) {
        put32(out, 0xFFFFFFFFu);
        return;
    }
    size_t at = out.size();
    put32(out, 0);
    if (c.encoding == PgEncoding::Array)
        appendArrayValue(v.boxedAt(row), c, zone_, out);
    else
        encodeScalar(fromVector(v, row), c.encoding, c.source, zone_, c, out);
    patch32(out, at, static_cast<uint32_t>(out.size() - at - 4));
}

void PgBinaryEncoder::appendCopyRow(const RecordBatch& batch, size_t row, std::string& out) const {
    put16(out, static_cast<uint16_t>(columns_.size()));
    for (size_t c = 0; c < columns_.size(); ++c) appendValue(batch, c, row, out);
}

void PgBinaryEncoder::appendColumnArray(const RecordBatch& batch, size_t col,
                                        const std::vector<uint32_t>& rows, std::string& out) const {
    const Vector& v = batch.columns[col];
    bool hasNull = false;
    for (uint32_t r : rows) hasNull |= v.isNull(r);
    put32(out, rows.empty() ? 0 : 1);
    put32(out, hasNull ? 1 : 0);
    put32(out, columns_[col].oid);
    if (!rows.empty()) {
        put32(out, static_cast<uint32_t>(rows.size()));
        put32(out, 1);
    }
    for (uint32_t r : rows) appendValue(batch, col, r, out);
}

void PgBinaryEncoder::appendNumeric(Int128 unscaled, int scale, std::string& out) {
    bool negative = unscaled < 0;
    unsigned __int128 u = negative ? static_cast<unsigned __int128>(-(unscaled + 1)) + 1
                                   : static_cast<unsigned __int128>(unscaled);
    std::string digits;
    while (u > 0) {
        digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
        u /= 10;
    }
    if (static_cast<int>(digits.size()) < scale) digits.insert(0, scale - digits.size(), '0');
    std::string intPart = digits.substr(0, digits.size() - scale);
    std::string fracPart = digits.substr(digits.size() - scale);
    intPart.insert(0, (4 - intPart.size() % 4) % 4, '0');
    fracPart.append((4 - fracPart.size() % 4) % 4, '0');
    std::vector<int16_t> groups;
    for (size_t i = 0; i < intPart.size(); i += 4)
        groups.push_back(static_cast<int16_t>(std::stoi(intPart.substr(i, 4))));
    int weight = static_cast<int>(groups.size()) - 1;
    for (size_t i = 0; i < fracPart.size(); i += 4)
        groups.push_back(static_cast<int16_t>(std::stoi(fracPart.substr(i, 4))));
    size_t first = 0;
    while (first < groups.size() && groups[first] == 0) {
        ++first;
        --weight;
    }
    size_t last = groups.size();
    while (last > first && groups[last - 1] == 0) --last;
    if (first == last) weight = 0;
    put16(out, static_cast<uint16_t>(last - first));
    put16(out, static_cast<uint16_t>(static_cast<int16_t>(weight)));
    put16(out, first == last ? 0 : (negative ? 0x4000 : 0));
    put16(out, static_cast<uint16_t>(scale));
    for (size_t i = first; i < last; ++i) put16(out, static_cast<uint16_t>(groups[i]));
}

}  // namespace sluice::connectors::jdbc
