#pragma once

#include "connectors/formats/csv_format.h"
#include "connectors/formats/field_slot.h"
#include "connectors/formats/format.h"

namespace sluice::connectors {

/// Flink's CSV deserialization (Jackson CsvParser + CsvToRowDataConverters): fields by position in the
/// physical schema, quoting and escaping as Jackson reads them, only projected columns converted.
class CsvDecoder : public RowDecoder {
public:
    CsvDecoder(CsvOptions options, const Schema& physical, const std::vector<int>& projection);
    size_t decode(std::string_view record, std::vector<Vector>& columns, const RecordOrigin& origin) override;
    /// A newline inside a quoted field does not end the record.
    size_t recordLength(std::string_view data, bool eof) const override;

private:
    /// Splits `record` into fields_ (unquoted, unescaped). Returns false on an unclosed quote.
    bool split(std::string_view record);
    /// Converts the text of one field into `slot`; returns false with `error` set when it does not fit.
    bool convert(const std::string& text, const DataType& type, FieldSlot& slot, std::string& error) const;
    std::vector<std::string> splitElements(const std::string& text) const;

    CsvOptions options_;
    Schema physical_;
    std::vector<int> projection_;
    std::vector<std::string> fields_;  // reused between records
    size_t numFields_ = 0;
    std::vector<FieldSlot> slots_;
};

}  // namespace sluice::connectors
