#pragma once

#include "connectors/formats/format.h"

namespace sluice::connectors {

/// Flink's 'raw' format: the whole record is the value of the table's single column. Only character
/// and binary columns are supported (Flink's numeric raw encodings are not supported yet).
class RawFormat : public FormatFactory {
public:
    std::string identifier() const override { return "raw"; }
    std::unique_ptr<RowDecoder> createDecoder(const planner::TableOptions& options, const std::string& prefix,
                                              const Schema& physical,
                                              const std::vector<int>& projection) const override;
    std::unique_ptr<RowEncoder> createEncoder(const planner::TableOptions& options, const std::string& prefix,
                                              const Schema& physical) const override;

protected:
    std::vector<std::string> shortOptionKeys() const override { return {"charset", "endianness"}; }
};

}  // namespace sluice::connectors
