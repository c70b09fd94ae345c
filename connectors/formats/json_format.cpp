#include "connectors/formats/json_format.h"

#include "common/error.h"
#include "connectors/formats/json_decoder.h"
#include "connectors/formats/json_encoder.h"

namespace sluice::connectors {

JsonOptions JsonOptions::from(const planner::TableOptions& options, const std::string& prefix) {
    const std::string p = prefix + "json.";
    JsonOptions o;
    o.failOnMissingField = options.getBool(p + "fail-on-missing-field").value_or(false);
    o.ignoreParseErrors = options.getBool(p + "ignore-parse-errors").value_or(false);
    if (o.failOnMissingField && o.ignoreParseErrors)
        throw ValidationError("fail-on-missing-field and ignore-parse-errors shouldn't both be true.");
    if (auto s = options.getEnum(p + "timestamp-format.standard", {"SQL", "ISO-8601"}))
        o.timestampStandard = *s == "SQL" ? TimestampStandard::Sql : TimestampStandard::Iso8601;
    if (auto m = options.getEnum(p + "map-null-key.mode", {"FAIL", "DROP", "LITERAL"}))
        o.mapNullKeyMode = *m == "FAIL"   ? MapNullKeyMode::Fail
                           : *m == "DROP" ? MapNullKeyMode::Drop
                                          : MapNullKeyMode::Literal;
    o.mapNullKeyLiteral = options.getOr(p + "map-null-key.literal", "null");
    o.decimalAsPlainNumber = options.getBool(p + "encode.decimal-as-plain-number").value_or(false);
    o.ignoreNullFields = options.getBool(p + "encode.ignore-null-fields").value_or(false);
    return o;
}

std::vector<std::string> JsonFormat::shortOptionKeys() const {
    return {"fail-on-missing-field",     "ignore-parse-errors",       "timestamp-format.standard",
            "map-null-key.mode",         "map-null-key.literal",      "encode.decimal-as-plain-number",
            "encode.ignore-null-fields", "decode.json-parser.enabled"};
}

std::unique_ptr<RowDecoder> JsonFormat::createDecoder(const planner::TableOptions& options,
                                                      const std::string& prefix, const Schema& physical,
                                                      const std::vector<int>& projection) const {
    return std::make_unique<JsonDecoder>(JsonOptions::from(options, prefix), physical, projection);
}

std::unique_ptr<RowEncoder> JsonFormat::createEncoder(const planner::TableOptions& options,
                                                      const std::string& prefix,
                                                      const Schema& physical) const {
    return std::make_unique<JsonEncoder>(JsonOptions::from(options, prefix), physical);
}

}  // namespace sluice::connectors
