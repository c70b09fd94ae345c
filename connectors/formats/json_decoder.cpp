#include "connectors/formats/json_decoder.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <cmath>
#include <limits>
#include <unordered_map>

#include "common/error.h"
#include "connectors/formats/field_parse.h"
#include "connectors/formats/field_slot.h"
#include "connectors/formats/text_util.h"

namespace sluice::connectors {

namespace ondemand = simdjson::ondemand;

namespace {

// A value that does not fit its column; becomes NULL under ignore-parse-errors.
struct FieldError {
    std::string message;
};

// A malformed document; the whole record is bad.
struct SyntaxError {
    std::string message;
};

template <class T>
T check(simdjson::simdjson_result<T>&& r) {
    T value;
    if (auto err = std::move(r).get(value)) throw SyntaxError{simdjson::error_message(err)};
    return value;
}

Value slotToValue(const FieldSlot& slot, const DataType& type) {
    if (slot.null) return Value::null();
    switch (type.id) {
        case TypeId::Boolean:
            return Value::boolean(slot.i != 0);
        case TypeId::Float:
        case TypeId::Double:
            return Value::real(slot.d);
        case TypeId::Decimal:
            return Value::decimal(slot.dec);
        case TypeId::Char:
        case TypeId::Varchar:
        case TypeId::Binary:
        case TypeId::Varbinary:
            return Value::string(slot.s);
        case TypeId::Array:
        case TypeId::Map:
        case TypeId::Multiset:
        case TypeId::Row:
        case TypeId::Raw:
            return slot.boxed;
        default:
            return Value::integer(slot.i);
    }
}

}  // namespace

struct JsonDecoder::Impl {
    JsonOptions options;
    std::vector<std::string> names;
    std::vector<DataType> types;
    std::unordered_map<std::string_view, int> index;  // keys point into `names`
    ondemand::parser parser;
    std::string buffer;  // the record plus simdjson's padding
    std::vector<FieldSlot> slots;
    std::vector<uint8_t> seen;
    std::string scratch;

    // The text of the object or array starting at `start`: simdjson 3.0's on-demand value has no
    // raw_json(), so find the matching bracket in the (valid, padded) input ourselves.
    std::string_view containerText(const char* start) const {
        const char* end = buffer.data() + buffer.size();
        int depth = 0;
        bool inString = false;
        for (const char* p = start; p < end; ++p) {
            char c = *p;
            if (inString) {
                if (c == '\\')
                    ++p;
                else if (c == '"')
                    inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return std::string_view(start, static_cast<size_t>(p - start + 1));
            }
        }
        throw SyntaxError{"unterminated JSON object or array"};
    }

    // asText() of a non-container node: a string's value, a number's or boolean's literal text.
    std::string_view nodeText(ondemand::value& v, ondemand::json_type jt) {
        if (jt == ondemand::json_type::string) return check(v.get_string());
        if (jt == ondemand::json_type::number || jt == ondemand::json_type::boolean)
            return trimWhitespace(v.raw_json_token());
        return {};
    }

    void parseText(std::string_view text, const DataType& type, FieldSlot& slot) {
        std::string error;
        if (!parseScalarText(text, type, options.timestampStandard, slot, error)) throw FieldError{error};
    }

    void convert(ondemand::value v, const DataType& type, FieldSlot& slot) {
        ondemand::json_type jt = check(v.type());
        if (jt == ondemand::json_type::null) {
            slot.null = true;
            return;
        }
        slot.null = false;
        switch (type.id) {
            case TypeId::Boolean:
                if (jt == ondemand::json_type::boolean) {
                    slot.i = check(v.get_bool());
                    return;
                }
                break;
            case TypeId::Int:
            case TypeId::BigInt:
            case TypeId::IntervalYearMonth:
            case TypeId::IntervalDayTime:
                if (jt == ondemand::json_type::number) {
                    bool isInt = type.id == TypeId::Int || type.id == TypeId::IntervalYearMonth;
                    double lo = isInt ? std::numeric_limits<int32_t>::min() : -9223372036854775808.0;
                    double hi = isInt ? std::numeric_limits<int32_t>::max() : 9223372036854775807.0;
                    ondemand::number n = check(v.get_number());
                    if (n.is_int64()) {
                        int64_t x = n.get_int64();
                        if (x >= lo && x <= hi) {
                            slot.i = x;
                            return;
                        }
                    } else if (n.is_double()) {
                        // Jackson's canConvertToInt/asInt: in range, the fraction is cut off
                        double d = n.get_double();
                        if (d >= lo && d < hi) {
                            slot.i = static_cast<int64_t>(d);
                            return;
                        }
                    }
                    throw FieldError{fmt::format("Numeric value ({}) out of range of {}",
                                                 trimWhitespace(v.raw_json_token()), type.toString())};
                }
                break;
            case TypeId::Float:
            case TypeId::Double:
                if (jt == ondemand::json_type::number) {
                    slot.d = check(v.get_double());
                    return;
                }
                break;
            case TypeId::Char:
            case TypeId::Varchar:
                if (jt == ondemand::json_type::object || jt == ondemand::json_type::array) {
                    // Flink keeps the raw JSON text (Jackson's compact toString)
                    std::string_view raw = containerText(v.raw_json_token().data());
                    slot.s.resize(raw.size());
                    size_t len = 0;
                    if (simdjson::minify(raw.data(), raw.size(), slot.s.data(), len))
                        throw SyntaxError{"bad JSON"};
                    slot.s.resize(len);
                    return;
                }
                {
                    std::string_view t = nodeText(v, jt);
                    slot.s.assign(t.data(), t.size());
                }
                return;
            case TypeId::Binary:
            case TypeId::Varbinary:
                if (jt != ondemand::json_type::string)
                    throw FieldError{"Expected a base64 string for " + type.toString()};
                break;
            case TypeId::Array:
            case TypeId::Map:
            case TypeId::Multiset:
            case TypeId::Row:
                slot.boxed = nested(v, jt, type);
                return;
            default:
                break;
        }
        if (jt == ondemand::json_type::object || jt == ondemand::json_type::array)
            throw FieldError{fmt::format("Cannot convert a JSON {} to {}",
                                         jt == ondemand::json_type::object ? "object" : "array",
                                         type.toString())};
        parseText(nodeText(v, jt), type, slot);
    }

    Value element(ondemand::value v, const DataType& type) {
        FieldSlot slot;
        convert(v, type, slot);
        return slotToValue(slot, type);
    }

    Value nested(ondemand::value v, ondemand::json_type jt, const DataType& type) {
        Value::List list;
        if (type.id == TypeId::Array) {
            if (jt != ondemand::json_type::array)
                throw FieldError{"Expected a JSON array for " + type.toString()};
            for (auto el : check(v.get_array()))
                list.push_back(element(check(std::move(el)), type.children[0]));
            return Value::list(std::move(list));
        }
        if (jt != ondemand::json_type::object)
            throw FieldError{"Expected a JSON object for " + type.toString()};
        if (type.id == TypeId::Row) {
            list.assign(type.children.size(), Value::null());
            for (auto f : check(v.get_object())) {
                ondemand::field field = check(std::move(f));
                std::string_view key = check(field.unescaped_key());
                for (size_t k = 0; k < type.fieldNames.size(); ++k)
                    if (type.fieldNames[k] == key) list[k] = element(field.value(), type.children[k]);
            }
            return Value::list(std::move(list));
        }
        // MAP (and MULTISET as element -> count): keys are JSON strings parsed into the key type
        const DataType& keyType = type.children[0];
        DataType valueType = type.id == TypeId::Map ? type.children[1] : DataType::integer();
        for (auto f : check(v.get_object())) {
            ondemand::field field = check(std::move(f));
            std::string key(check(field.unescaped_key()));
            FieldSlot keySlot;
            parseText(key, keyType, keySlot);
            list.push_back(slotToValue(keySlot, keyType));
            list.push_back(element(field.value(), valueType));
        }
        return Value::list(std::move(list));
    }

    void decodeObject(ondemand::object obj) {
        for (auto& s : slots) s.reset();
        std::fill(seen.begin(), seen.end(), 0);
        for (auto f : obj) {
            ondemand::field field = check(std::move(f));
            std::string_view key = check(field.unescaped_key());
            auto it = index.find(key);
            if (it == index.end()) continue;
            int k = it->second;
            seen[static_cast<size_t>(k)] = 1;
            try {
                convert(field.value(), types[static_cast<size_t>(k)], slots[static_cast<size_t>(k)]);
            } catch (FieldError& e) {
                if (!options.ignoreParseErrors)
                    throw FieldError{fmt::format("Fail to deserialize at field: {}. {}",
                                                 names[static_cast<size_t>(k)], e.message)};
                slots[static_cast<size_t>(k)].null = true;
            }
        }
        if (options.failOnMissingField)
            for (size_t k = 0; k < seen.size(); ++k)
                if (!seen[k]) throw FieldError{fmt::format("Could not find field with name '{}'.", names[k])};
    }
};

JsonDecoder::JsonDecoder(JsonOptions options, const Schema& physical, const std::vector<int>& projection)
    : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    for (int p : projection) {
        impl_->names.push_back(physical.fields.at(static_cast<size_t>(p)).name);
        impl_->types.push_back(physical.fields.at(static_cast<size_t>(p)).type);
    }
    for (size_t k = 0; k < impl_->names.size(); ++k) impl_->index[impl_->names[k]] = static_cast<int>(k);
    impl_->slots.resize(impl_->names.size());
    impl_->seen.resize(impl_->names.size());
}

JsonDecoder::~JsonDecoder() = default;

size_t JsonDecoder::decode(std::string_view record, std::vector<Vector>& columns,
                           const RecordOrigin& origin) {
    Impl& m = *impl_;
    std::string_view text = trimWhitespace(record);
    if (text.empty()) return 0;
    // simdjson reads up to SIMDJSON_PADDING bytes past the end: parse a padded copy
    m.buffer.assign(text.data(), text.size());
    m.buffer.reserve(text.size() + simdjson::SIMDJSON_PADDING);
    size_t rows = 0;
    try {
        ondemand::document doc =
            check(m.parser.iterate(m.buffer.data(), m.buffer.size(), m.buffer.capacity()));
        ondemand::json_type jt = check(doc.type());
        if (jt == ondemand::json_type::object) {
            m.decodeObject(check(doc.get_object()));
            commitRow(columns, m.slots);
            rows = 1;
        } else if (jt == ondemand::json_type::array) {
            // Flink reads a top-level array as one row per element; rows are committed only when the
            // whole array decoded, so a bad element cannot leave half the record behind
            std::vector<std::vector<FieldSlot>> pending;
            for (auto el : check(doc.get_array())) {
                m.decodeObject(check(check(std::move(el)).get_object()));
                pending.push_back(m.slots);
            }
            for (const auto& row : pending) commitRow(columns, row);
            rows = pending.size();
        } else {
            throw SyntaxError{"the JSON root is not an object"};
        }
    } catch (SyntaxError& e) {
        if (m.options.ignoreParseErrors) {
            ++skippedBad_;
            return 0;
        }
        throw ExecutionError(
            fmt::format("Failed to deserialize JSON '{}' at {}: {}", text, origin.text(), e.message));
    } catch (FieldError& e) {
        throw ExecutionError(
            fmt::format("Failed to deserialize JSON '{}' at {}: {}", text, origin.text(), e.message));
    }
    return rows;
}

}  // namespace sluice::connectors
