#pragma once

#include <string>

#include "connectors/formats/field_parse.h"
#include "connectors/formats/format.h"

namespace sluice::connectors {

/// Flink's 'json' format options (flink-formats/flink-json JsonFormatOptions).
struct JsonOptions {
    bool failOnMissingField = false;
    bool ignoreParseErrors = false;
    TimestampStandard timestampStandard = TimestampStandard::Sql;
    enum class MapNullKeyMode { Fail, Drop, Literal } mapNullKeyMode = MapNullKeyMode::Fail;
    std::string mapNullKeyLiteral = "null";
    bool decimalAsPlainNumber = false;
    bool ignoreNullFields = false;

    /// Reads and checks the values of `<prefix>json.*`.
    static JsonOptions from(const planner::TableOptions& options, const std::string& prefix);
};

class JsonFormat : public FormatFactory {
public:
    std::string identifier() const override { return "json"; }
    std::unique_ptr<RowDecoder> createDecoder(const planner::TableOptions& options, const std::string& prefix,
                                              const Schema& physical,
                                              const std::vector<int>& projection) const override;
    std::unique_ptr<RowEncoder> createEncoder(const planner::TableOptions& options, const std::string& prefix,
                                              const Schema& physical) const override;

protected:
    std::vector<std::string> shortOptionKeys() const override;
};

}  // namespace sluice::connectors
