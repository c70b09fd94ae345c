#pragma once

#include <memory>

#include "connectors/formats/format.h"
#include "connectors/formats/json_format.h"

namespace sluice::connectors {

/// Flink's JSON deserialization (JsonToRowDataConverters) with simdjson on-demand: fields matched by
/// column name, only projected columns converted, scalars written straight into slots.
class JsonDecoder : public RowDecoder {
public:
    JsonDecoder(JsonOptions options, const Schema& physical, const std::vector<int>& projection);
    ~JsonDecoder() override;
    size_t decode(std::string_view record, std::vector<Vector>& columns, const RecordOrigin& origin) override;

private:
    struct Impl;  // keeps simdjson out of this header
    std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::connectors
