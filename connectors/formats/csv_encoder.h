#pragma once

#include "connectors/formats/csv_format.h"
#include "connectors/formats/format.h"

namespace sluice::connectors {

/// Flink's CSV serialization (RowDataToCsvConverters + Jackson CsvEncoder): no header, numbers and
/// booleans bare, text quoted only when Jackson's loose check asks for it.
class CsvEncoder : public RowEncoder {
public:
    CsvEncoder(CsvOptions options, const Schema& physical);
    void encode(const RecordBatch& batch, size_t row, std::string& out) override;

private:
    /// Jackson's quoting: a text value is quoted when longer than 24 chars, when it holds a char below
    /// max(delimiter, quote, '\n') + 1 (space, punctuation, control chars), or the escape char.
    void appendText(std::string& out, std::string_view s) const;
    /// A value's text before quoting (elements of nested values are joined by the element delimiter).
    void appendRawText(std::string& out, const Value& v, const DataType& type) const;

    CsvOptions options_;
    Schema schema_;
    int minSafeChar_;
    std::string scratch_;
};

}  // namespace sluice::connectors
