#pragma once

#include <optional>
#include <string>

#include "connectors/formats/format.h"

namespace sluice::connectors {

/// Flink's 'csv' format options (flink-formats/flink-csv CsvFormatOptions).
struct CsvOptions {
    char fieldDelimiter = ',';
    int quoteCharacter = '"';  // -1: quoting disabled
    bool allowComments = false;
    bool ignoreParseErrors = false;
    std::string arrayElementDelimiter = ";";
    int escapeCharacter = -1;  // -1: none
    std::optional<std::string> nullLiteral;
    bool writeBigDecimalInScientificNotation = true;

    static CsvOptions from(const planner::TableOptions& options, const std::string& prefix);
};

class CsvFormat : public FormatFactory {
public:
    std::string identifier() const override { return "csv"; }
    std::unique_ptr<RowDecoder> createDecoder(const planner::TableOptions& options, const std::string& prefix,
                                              const Schema& physical,
                                              const std::vector<int>& projection) const override;
    std::unique_ptr<RowEncoder> createEncoder(const planner::TableOptions& options, const std::string& prefix,
                                              const Schema& physical) const override;

protected:
    std::vector<std::string> shortOptionKeys() const override;
};

}  // namespace sluice::connectors
