#include "connectors/datagen/field_generator.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <limits>

#include "common/error.h"
#include "connectors/formats/text_util.h"

namespace sluice::connectors {

namespace {

constexpr int kDefaultStringLength = 100;
constexpr int kDefaultCollectionLength = 3;

bool sequenceSupported(TypeId id) {
    switch (id) {
        case TypeId::Char:
        case TypeId::Varchar:
        case TypeId::Binary:
        case TypeId::Varbinary:
        case TypeId::TinyInt:
        case TypeId::SmallInt:
        case TypeId::Int:
        case TypeId::BigInt:
        case TypeId::Float:
        case TypeId::Double:
        case TypeId::Decimal:
            return true;
        default:
            return false;
    }
}

bool isTimeNow(TypeId id) {
    return id == TypeId::Date || id == TypeId::Time;
}

void integerRange(const DataType& t, int64_t& lo, int64_t& hi) {
    switch (t.id) {
        case TypeId::TinyInt:
            lo = -128, hi = 127;
            return;
        case TypeId::SmallInt:
            lo = -32768, hi = 32767;
            return;
        case TypeId::Int:
            lo = std::numeric_limits<int32_t>::min(), hi = std::numeric_limits<int32_t>::max();
            return;
        case TypeId::IntervalYearMonth:
            lo = 0, hi = 120000;  // Flink's default: Period max
            return;
        default:
            lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
            return;
    }
}

}  // namespace

FieldSpec FieldSpec::parse(const planner::TableOptions& options, const std::string& name,
                           const DataType& type, bool topLevel, std::vector<std::string>& allowedKeys) {
    FieldSpec s;
    s.name = name;
    s.type = type;
    const std::string p = "fields." + name + ".";
    auto allow = [&](const char* key) {
        allowedKeys.push_back(p + key);
        return p + key;
    };
    std::string kind = "random";
    if (topLevel) kind = options.getOr(allow("kind"), "random");
    if (kind == "sequence") {
        s.kind = Kind::Sequence;
        for (const char* k : {"start", "end"})
            if (!options.has(p + k))
                throw ValidationError(
                    fmt::format("Could not find required property '{}{}' for sequence generator.", p, k));
        if (type.id == TypeId::Boolean) {
            s.kind = Kind::Random;  // Flink: a boolean "sequence" is random
            return s;
        }
        if (isTimeNow(type.id) || type.isTimestamp()) {
            s.kind = Kind::Now;
            return s;
        }
        if (!sequenceSupported(type.id))
            throw ValidationError(fmt::format("Unsupported type: {}", type.toString()));
        s.start = *options.getInt(allow("start"));
        s.end = *options.getInt(allow("end"));
        if (s.end < s.start)
            throw ValidationError(fmt::format(
                "Invalid sequence for field '{}': start {} is greater than end {}.", name, s.start, s.end));
        return s;
    }
    if (kind != "random") throw ValidationError(fmt::format("Unsupported generator kind: {}", kind));

    auto readNullRate = [&] {
        s.nullRate = options.getDouble(allow("null-rate")).value_or(0);
        if (s.nullRate < 0 || s.nullRate > 1)
            throw ValidationError(fmt::format(
                "Invalid value for option '{}null-rate': {} is not between 0 and 1.", p, s.nullRate));
    };
    switch (type.id) {
        case TypeId::Boolean:
        case TypeId::Char:
            readNullRate();
            s.length = type.precision;
            break;
        case TypeId::Varchar:
        case TypeId::Varbinary: {
            int def = type.precision == DataType::kMaxLength ? kDefaultStringLength : type.precision;
            s.length = static_cast<int>(options.getInt(allow("length")).value_or(def));
            if (type.id == TypeId::Varchar) readNullRate();
            s.varLen = options.getBool(allow("var-len")).value_or(false);
            if (s.length < 1)
                throw ValidationError(
                    fmt::format("Invalid value for option '{}length': it must be positive.", p));
            break;
        }
        case TypeId::Binary:
            s.length = type.precision;
            break;
        case TypeId::TinyInt:
        case TypeId::SmallInt:
        case TypeId::Int:
        case TypeId::BigInt:
        case TypeId::IntervalYearMonth:
        case TypeId::IntervalDayTime: {
            integerRange(type, s.minInt, s.maxInt);
            int64_t lo = s.minInt, hi = s.maxInt;
            s.minInt = options.getInt(allow("min")).value_or(s.minInt);
            s.maxInt = options.getInt(allow("max")).value_or(s.maxInt);
            if (s.minInt < lo || s.maxInt > hi)
                throw ValidationError(fmt::format("Invalid range for field '{}': [{}, {}] is outside {}.",
                                                  name, s.minInt, s.maxInt, type.toString()));
            readNullRate();
            break;
        }
        case TypeId::Float:
        case TypeId::Double:
        case TypeId::Decimal: {
            bool isFloat = type.id == TypeId::Float;
            s.minDouble = options.getDouble(allow("min"))
                              .value_or(isFloat ? std::numeric_limits<float>::denorm_min()
                                                : std::numeric_limits<double>::denorm_min());
            s.maxDouble = options.getDouble(allow("max"))
                              .value_or(isFloat ? std::numeric_limits<float>::max()
                                                : std::numeric_limits<double>::max());
            if (type.id == TypeId::Decimal) {
                // Flink's DecimalDataRandomGenerator clamps to what DECIMAL(p, s) can hold
                double largest = std::pow(10.0, type.precision - type.scale) - std::pow(10.0, -type.scale);
                s.minDouble = std::max(-largest, s.minDouble);
                s.maxDouble = std::min(largest, s.maxDouble);
            }
            readNullRate();
            break;
        }
        case TypeId::Timestamp:
        case TypeId::TimestampLtz:
            s.maxPastMillis = options.getDurationMillis(allow("max-past")).value_or(0);
            readNullRate();
            break;
        case TypeId::Date:
        case TypeId::Time:
            s.kind = Kind::Now;
            break;
        case TypeId::Array:
        case TypeId::Multiset:
            s.children.push_back(parse(options, name + ".element", type.children.at(0), false, allowedKeys));
            s.length = static_cast<int>(options.getInt(allow("length")).value_or(kDefaultCollectionLength));
            readNullRate();
            break;
        case TypeId::Map:
            s.children.push_back(parse(options, name + ".key", type.children.at(0), false, allowedKeys));
            s.children.push_back(parse(options, name + ".value", type.children.at(1), false, allowedKeys));
            s.length = static_cast<int>(options.getInt(allow("length")).value_or(kDefaultCollectionLength));
            readNullRate();
            break;
        case TypeId::Row:
            for (size_t i = 0; i < type.children.size(); ++i)
                s.children.push_back(
                    parse(options, name + "." + type.fieldNames.at(i), type.children[i], false, allowedKeys));
            readNullRate();
            break;
        default:
            throw ValidationError(fmt::format("Unsupported type: {}", type.toString()));
    }
    if ((s.minInt > s.maxInt) || (s.minDouble > s.maxDouble))
        throw ValidationError(fmt::format("Invalid range for field '{}': min is greater than max.", name));
    return s;
}

int64_t FieldSpec::sequenceCount(int subtask, int parallelism) const {
    int64_t total = end - start + 1;
    int64_t base = total / parallelism;
    return total % parallelism > subtask ? base + 1 : base;
}

FieldGenerator::FieldGenerator(const FieldSpec& spec, int subtask, int parallelism, TimeZone zone)
    : spec_(spec),
      subtask_(subtask),
      parallelism_(parallelism),
      zone_(std::move(zone)),
      rng_(std::random_device{}()) {}

bool FieldGenerator::nextIsNull(const FieldSpec& spec) {
    if (spec.nullRate <= 0) return false;
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng_) <= spec.nullRate;
}

int FieldGenerator::generatedLength(const FieldSpec& spec) {
    // Flink: ThreadLocalRandom.nextInt(1, length), which excludes `length`
    if (!spec.varLen || spec.length <= 1) return std::max(spec.length, 0);
    return std::uniform_int_distribution<int>(1, spec.length - 1)(rng_);
}

std::string FieldGenerator::hexString(int length) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s(static_cast<size_t>(length), '0');
    for (int i = 0; i < length; i += 16) {
        uint64_t r = rng_();
        for (int j = i; j < length && j < i + 16; ++j, r >>= 4) s[static_cast<size_t>(j)] = kHex[r & 15];
    }
    return s;
}

std::string FieldGenerator::randomBytes(int length) {
    std::string s(static_cast<size_t>(length), '\0');
    for (auto& c : s) c = static_cast<char>(rng_() & 0xFF);
    return s;
}

Value FieldGenerator::randomValue(const FieldSpec& s) {
    if (s.kind == FieldSpec::Kind::Now) {
        int64_t local = zone_.toLocal(nowMicros());
        if (s.type.id == TypeId::Date) return Value::integer(floorDiv(local, kMicrosPerDay));
        if (s.type.id == TypeId::Time) return Value::integer(floorMod(local, kMicrosPerDay) / 1000);
        return Value::integer(nowMicros());
    }
    if (nextIsNull(s)) return Value::null();
    switch (s.type.id) {
        case TypeId::Boolean:
            return Value::boolean(rng_() & 1);
        case TypeId::TinyInt:
        case TypeId::SmallInt:
        case TypeId::Int:
        case TypeId::BigInt:
        case TypeId::IntervalYearMonth:
        case TypeId::IntervalDayTime:
            return Value::integer(std::uniform_int_distribution<int64_t>(s.minInt, s.maxInt)(rng_));
        case TypeId::Float:
        case TypeId::Double:
            return Value::real(s.minDouble >= s.maxDouble
                                   ? s.minDouble
                                   : std::uniform_real_distribution<double>(s.minDouble, s.maxDouble)(rng_));
        case TypeId::Decimal: {
            double d = s.minDouble >= s.maxDouble
                           ? s.minDouble
                           : std::uniform_real_distribution<double>(s.minDouble, s.maxDouble)(rng_);
            long double scaled = std::trunc(static_cast<long double>(d) * std::pow(10.0L, s.type.scale));
            return Value::decimal(static_cast<Int128>(scaled));
        }
        case TypeId::Char:
        case TypeId::Varchar:
            return Value::string(hexString(generatedLength(s)));
        case TypeId::Binary:
        case TypeId::Varbinary:
            return Value::string(randomBytes(generatedLength(s)));
        case TypeId::Timestamp:
        case TypeId::TimestampLtz: {
            int64_t past = s.maxPastMillis > 0
                               ? std::uniform_int_distribution<int64_t>(0, s.maxPastMillis - 1)(rng_)
                               : 0;
            return Value::integer(nowMicros() - past * 1000);
        }
        case TypeId::Array: {
            Value::List l;
            for (int i = 0; i < s.length; ++i) l.push_back(randomValue(s.children[0]));
            return Value::list(std::move(l));
        }
        case TypeId::Multiset: {
            Value::List l;
            for (int i = 0; i < s.length; ++i) {
                l.push_back(randomValue(s.children[0]));
                l.push_back(Value::integer(std::uniform_int_distribution<int>(0, 10)(rng_)));
            }
            return Value::list(std::move(l));
        }
        case TypeId::Map: {
            Value::List l;
            for (int i = 0; i < s.length; ++i) {
                l.push_back(randomValue(s.children[0]));
                l.push_back(randomValue(s.children[1]));
            }
            return Value::list(std::move(l));
        }
        case TypeId::Row: {
            Value::List l;
            for (const auto& c : s.children) l.push_back(randomValue(c));
            return Value::list(std::move(l));
        }
        default:
            return Value::null();
    }
}

void FieldGenerator::generate(Vector& out, size_t n) {
    {
        using namespace std::chrono;
        batchNowMicros_ = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count() * 1000;
    }
    out.reserve(out.size() + n);
    if (spec_.kind == FieldSpec::Kind::Sequence) {
        for (size_t r = 0; r < n; ++r, ++nextIndex_) {
            int64_t v = spec_.start + subtask_ + nextIndex_ * parallelism_;
            switch (spec_.type.id) {
                case TypeId::TinyInt:
                    out.append<int8_t>(static_cast<int8_t>(v));
                    break;
                case TypeId::SmallInt:
                    out.append<int16_t>(static_cast<int16_t>(v));
                    break;
                case TypeId::Int:
                    out.append<int32_t>(static_cast<int32_t>(v));
                    break;
                case TypeId::BigInt:
                    out.append<int64_t>(v);
                    break;
                case TypeId::Float:
                    out.append<float>(static_cast<float>(v));
                    break;
                case TypeId::Double:
                    out.append<double>(static_cast<double>(v));
                    break;
                case TypeId::Decimal: {
                    Int128 u = v;
                    for (int k = 0; k < spec_.type.scale; ++k) u *= 10;
                    out.append<Int128>(u);
                    break;
                }
                case TypeId::Binary:
                case TypeId::Varbinary: {
                    // Flink: Longs.toByteArray, 8 bytes big-endian
                    char b[8];
                    for (int k = 0; k < 8; ++k)
                        b[k] = static_cast<char>((static_cast<uint64_t>(v) >> (56 - 8 * k)) & 0xFF);
                    out.appendString(std::string_view(b, 8));
                    break;
                }
                default:
                    out.appendString(std::to_string(v));
                    break;
            }
        }
        return;
    }
    switch (spec_.type.id) {
        // the hot scalar cases stay unboxed
        case TypeId::Int:
        case TypeId::BigInt:
            if (spec_.nullRate <= 0) {
                std::uniform_int_distribution<int64_t> dist(spec_.minInt, spec_.maxInt);
                for (size_t r = 0; r < n; ++r) {
                    if (spec_.type.id == TypeId::Int)
                        out.append<int32_t>(static_cast<int32_t>(dist(rng_)));
                    else
                        out.append<int64_t>(dist(rng_));
                }
                return;
            }
            break;
        case TypeId::Varchar:
        case TypeId::Char:
            if (spec_.nullRate <= 0) {
                for (size_t r = 0; r < n; ++r) out.appendString(hexString(generatedLength(spec_)));
                return;
            }
            break;
        default:
            break;
    }
    for (size_t r = 0; r < n; ++r) out.appendValue(randomValue(spec_));
}

}  // namespace sluice::connectors
