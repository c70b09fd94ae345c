#pragma once

#include "common/json_text.h"
#include "connectors/formats/format.h"
#include "connectors/formats/json_format.h"

namespace sluice::connectors {

/// Flink's JSON serialization (RowDataToJsonConverters): one object per row, fields in column order,
/// Jackson's number and string escaping.
class JsonEncoder : public RowEncoder {
public:
    JsonEncoder(JsonOptions options, const Schema& physical);
    void encode(const RecordBatch& batch, size_t row, std::string& out) override;
    void encodeBatch(const RecordBatch& batch, std::string& out, std::vector<size_t>& ends) override;

    /// The per-Value path (Vector::getValue for every field), kept as the reference for tests.
    void encodeSlow(const RecordBatch& batch, size_t row, std::string& out) const;

private:
    void appendValue(std::string& out, const Value& v, const DataType& type) const;
    void appendScalar(std::string& out, const Vector& col, size_t row) const;
    void appendFast(std::string& out, const Vector& col, size_t row, TypeId id) const;
    void encodeRow(const RecordBatch& batch, size_t row, std::string& out) const;

    JsonOptions options_;
    Schema schema_;
    std::vector<std::string> quotedNames_;  // "\"name\":"
    std::vector<std::string> prefixes_;     // "{\"name\":" for the first field, ",\"name\":" for the others
    std::vector<TypeId> typeIds_;
};

}  // namespace sluice::connectors
