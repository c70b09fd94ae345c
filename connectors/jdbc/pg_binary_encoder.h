#pragma once

#include <libpq-fe.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/record_batch.h"
#include "common/time_util.h"
#include "connectors/jdbc/pg_table.h"

namespace sluice::connectors::jdbc {

/// PostgreSQL's binary wire format of one target column type.
enum class PgEncoding : uint8_t {
    Bool,
    Int2,
    Int4,
    Int8,
    Float4,
    Float8,
    Numeric,
    Text,  // text, varchar, bpchar, name, json, enums: the UTF-8 bytes
    Jsonb,
    Uuid,
    Bytea,
    Date,
    Time,
    Timestamp,    // timestamp without time zone
    Timestamptz,  // timestamp with time zone
    Array,
};

/// How one Sluice column is written into one PostgreSQL column.
struct PgColumnCodec {
    std::string name;    // the Sluice column, for messages
    std::string pgName;  // the PostgreSQL column
    DataType source;
    PgEncoding encoding = PgEncoding::Text;
    Oid oid = 0;  // the target's base type
    // Arrays: the element's encoding and type.
    PgEncoding elementEncoding = PgEncoding::Text;
    Oid elementOid = 0;
    Oid arrayOid = 0;  // the array type of the target (unnest parameters), 0 if the target is an array
};

/// Encodes Sluice values in PostgreSQL's binary format, converted to each target column's real type
/// (binary COPY and binary parameters carry no casts: an INT written to a bigint column must be sent
/// as 8 bytes). TIMESTAMP_LTZ into timestamp and TIMESTAMP into timestamptz go through the session
/// zone, as Flink's implicit LTZ<->TIMESTAMP cast does.
class PgBinaryEncoder {
public:
    PgBinaryEncoder() = default;
    PgBinaryEncoder(std::vector<PgColumnCodec> columns, TimeZone zone)
        : columns_(std::move(columns)), zone_(std::move(zone)) {}

    /// How `source` is written into `target`; throws ValidationError naming both when it cannot be.
    static PgColumnCodec plan(const Field& source, const PgColumn& target, const std::string& tableName);

    const std::vector<PgColumnCodec>& columns() const { return columns_; }

    /// Binary COPY framing: the 19-byte header and the -1 trailer.
    static void appendCopyHeader(std::string& out);
    static void appendCopyTrailer(std::string& out);
    /// One COPY tuple of row `row`; the batch's columns follow columns() in order. Throws
    /// ExecutionError naming the column when a value does not fit its target (e.g. a BIGINT into integer).
    void appendCopyRow(const RecordBatch& batch, size_t row, std::string& out) const;
    /// Column `c` of the rows `rows` as one binary one-dimensional array (an unnest parameter).
    void appendColumnArray(const RecordBatch& batch, size_t c, const std::vector<uint32_t>& rows,
                           std::string& out) const;
    /// Length-prefixed binary value of column `c` in row `row` (-1 for NULL).
    void appendValue(const RecordBatch& batch, size_t c, size_t row, std::string& out) const;

    /// A decimal (unscaled value and scale) in numeric's binary format, without length prefix.
    static void appendNumeric(Int128 unscaled, int scale, std::string& out);

private:
    std::vector<PgColumnCodec> columns_;
    TimeZone zone_ = TimeZone::utc();
};

}  // namespace sluice::connectors::jdbc
