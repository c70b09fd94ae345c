#include "connectors/formats/raw_format.h"

#include <fmt/format.h>

#include "common/error.h"

namespace sluice::connectors {

namespace {

void checkSchema(const planner::TableOptions& options, const std::string& prefix, const Schema& physical) {
    if (physical.fields.size() != 1)
        throw ValidationError(
            fmt::format("The 'raw' format only supports single physical column. However the defined schema "
                        "contains multiple "
                        "physical columns: [{}]",
                        [&] {
                            std::string s;
                            for (const auto& f : physical.fields)
                                s += (s.empty() ? "`" : ", `") + f.name + "` " + f.type.toString();
                            return s;
                        }()));
    const DataType& t = physical.fields[0].type;
    if (!t.isString() && !t.isBinary())
        throw NotSupportedError(
            fmt::format("The 'raw' format for type {} is not supported yet.", t.toString()));
    auto charset = options.getOr(prefix + "raw.charset", "UTF-8");
    if (charset != "UTF-8" && charset != "utf-8" && charset != "UTF8")
        throw NotSupportedError(fmt::format("raw.charset '{}' is not supported yet (only UTF-8).", charset));
    options.getEnum(prefix + "raw.endianness", {"big-endian", "little-endian"});
}

class RawDecoder : public RowDecoder {
public:
    size_t decode(std::string_view record, std::vector<Vector>& columns, const RecordOrigin&) override {
        while (!record.empty() && (record.back() == '\n' || record.back() == '\r')) record.remove_suffix(1);
        if (!columns.empty()) columns[0].appendString(record);
        return 1;
    }
};

class RawEncoder : public RowEncoder {
public:
    void encode(const RecordBatch& batch, size_t row, std::string& out) override {
        if (!batch.columns[0].isNull(row)) out += batch.columns[0].stringAt(row);
    }
};

}  // namespace

std::unique_ptr<RowDecoder> RawFormat::createDecoder(const planner::TableOptions& options,
                                                     const std::string& prefix, const Schema& physical,
                                                     const std::vector<int>&) const {
    checkSchema(options, prefix, physical);
    return std::make_unique<RawDecoder>();
}

std::unique_ptr<RowEncoder> RawFormat::createEncoder(const planner::TableOptions& options,
                                                     const std::string& prefix,
                                                     const Schema& physical) const {
    checkSchema(options, prefix, physical);
    return std::make_unique<RawEncoder>();
}

}  // namespace sluice::connectors
