#pragma once

#include "connectors/formats/format.h"
#include "connectors/formats/json_format.h"

namespace sluice::connectors {

/// Flink's JSON serialization (RowDataToJsonConverters): one object per row, fields in column order,
/// Jackson's number and string escaping.
class JsonEncoder : public RowEncoder {
public:
    JsonEncoder(JsonOptions options, const Schema& physical);
    void encode(const RecordBatch& batch, size_t row, std::string& out) override;

private:
    void appendValue(std::string& out, const Value& v, const DataType& type) const;
    void appendScalar(std::string& out, const Vector& col, size_t row) const;

    JsonOptions options_;
    Schema schema_;
    std::vector<std::string> quotedNames_;  // "\"name\":"
};

/// Appends `s` as a JSON string literal, escaped as Jackson does.
void appendJsonString(std::string& out, std::string_view s);

}  // namespace sluice::connectors
