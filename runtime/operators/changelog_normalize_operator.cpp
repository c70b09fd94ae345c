#include "runtime/operators/changelog_normalize_operator.h"

#include <cstring>

#include "common/error.h"

namespace sluice::runtime {

namespace {

// Row encoding, per column: one flag byte (0 = value, 1 = NULL), then for a value its fixed-width
// bytes as stored in the vector, or a uint32 length and the bytes (strings, binaries), or a
// type-directed encoding of the boxed Value (nested types). Host byte order: a snapshot is read
// back by the same binary on the same machine.

void putU32(std::string& out, uint32_t v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

void putU64(std::string& out, uint64_t v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

/// A bounds-checked reader over encoded bytes; running off the end is a corrupt snapshot or row.
struct Reader {
    std::string_view data;
    size_t pos = 0;

    const char* take(size_t n) {
        if (n > data.size() - pos) throw InternalError("ChangelogNormalize: truncated state bytes");
        const char* p = data.data() + pos;
        pos += n;
        return p;
    }
    template <class T>
    T get() {
        T v;
        std::memcpy(&v, take(sizeof v), sizeof v);
        return v;
    }
    std::string_view bytes(size_t n) { return {take(n), n}; }
    bool done() const { return pos == data.size(); }
};

void encodeValue(const Value& v, const DataType& t, std::string& out) {
    if (v.isNull()) {
        out.push_back(1);
        return;
    }
    out.push_back(0);
    switch (t.id) {
        case TypeId::Boolean:
            out.push_back(v.asBool() ? 1 : 0);
            return;
        case TypeId::Float:
        case TypeId::Double: {
            double d = v.asDouble();
            out.append(reinterpret_cast<const char*>(&d), sizeof d);
            return;
        }
        case TypeId::Decimal: {
            Int128 d = v.asDecimal();
            out.append(reinterpret_cast<const char*>(&d), sizeof d);
            return;
        }
        case TypeId::Char:
        case TypeId::Varchar:
        case TypeId::Binary:
        case TypeId::Varbinary:
        case TypeId::Raw:
            putU32(out, static_cast<uint32_t>(v.asString().size()));
            out.append(v.asString());
            return;
        case TypeId::Array:
        case TypeId::Row:
        case TypeId::Map:
        case TypeId::Multiset: {
            const auto& list = v.asList();
            putU32(out, static_cast<uint32_t>(list.size()));
            for (size_t i = 0; i < list.size(); ++i) {
                // ARRAY: elements; ROW: fields; MAP: key, value alternating; MULTISET: element, count.
                DataType element;
                if (t.id == TypeId::Array)
                    element = t.children.at(0);
                else if (t.id == TypeId::Row)
                    element = t.children.at(i);
                else if (i % 2 == 0)
                    element = t.children.at(0);
                else
                    element = t.id == TypeId::Map ? t.children.at(1) : DataType::bigint();
                encodeValue(list[i], element, out);
            }
            return;
        }
        case TypeId::Null:
            return;
        default: {  // integers, dates, times, timestamps, intervals
            int64_t i = v.asInt();
            out.append(reinterpret_cast<const char*>(&i), sizeof i);
            return;
        }
    }
}

Value decodeValue(Reader& in, const DataType& t) {
    if (in.get<uint8_t>() != 0) return Value::null();
    switch (t.id) {
        case TypeId::Boolean:
            return Value::boolean(in.get<uint8_t>() != 0);
        case TypeId::Float:
        case TypeId::Double:
            return Value::real(in.get<double>());
        case TypeId::Decimal:
            return Value::decimal(in.get<Int128>());
        case TypeId::Char:
        case TypeId::Varchar:
        case TypeId::Binary:
        case TypeId::Varbinary:
        case TypeId::Raw:
            return Value::string(std::string(in.bytes(in.get<uint32_t>())));
        case TypeId::Array:
        case TypeId::Row:
        case TypeId::Map:
        case TypeId::Multiset: {
            uint32_t n = in.get<uint32_t>();
            Value::List list;
            list.reserve(n);
            for (uint32_t i = 0; i < n; ++i) {
                DataType element;
                if (t.id == TypeId::Array)
                    element = t.children.at(0);
                else if (t.id == TypeId::Row)
                    element = t.children.at(i);
                else if (i % 2 == 0)
                    element = t.children.at(0);
                else
                    element = t.id == TypeId::Map ? t.children.at(1) : DataType::bigint();
                list.push_back(decodeValue(in, element));
            }
            return Value::list(std::move(list));
        }
        case TypeId::Null:
            return Value::null();
        default:
            return Value::integer(in.get<int64_t>());
    }
}

/// Appends `width` raw bytes as one fixed-width value (the vector stores plain bytes per row).
void appendRaw(Vector& v, const char* p, int width) {
    switch (width) {
        case 1: {
            uint8_t x;
            std::memcpy(&x, p, 1);
            v.append<uint8_t>(x);
            return;
        }
        case 2: {
            int16_t x;
            std::memcpy(&x, p, 2);
            v.append<int16_t>(x);
            return;
        }
        case 4: {
            int32_t x;
            std::memcpy(&x, p, 4);
            v.append<int32_t>(x);
            return;
        }
        case 8: {
            int64_t x;
            std::memcpy(&x, p, 8);
            v.append<int64_t>(x);
            return;
        }
        case 16: {
            Int128 x;
            std::memcpy(&x, p, 16);
            v.append<Int128>(x);
            return;
        }
        default:
            throw InternalError("ChangelogNormalize: unexpected value width " + std::to_string(width));
    }
}

constexpr uint32_t kSnapshotMagic = 0x534c434eu;  // "SLCN"
constexpr uint32_t kSnapshotVersion = 1;

}  // namespace

ChangelogNormalizeOperator::ChangelogNormalizeOperator(std::vector<DataType> types,
                                                       std::vector<int> keyFields, bool generateUpdateBefore,
                                                       std::string description)
    : types_(std::move(types)),
      keyFields_(std::move(keyFields)),
      generateUpdateBefore_(generateUpdateBefore),
      description_(std::move(description)) {
    SLUICE_CHECK(!keyFields_.empty());
    for (int k : keyFields_) SLUICE_CHECK(k >= 0 && static_cast<size_t>(k) < types_.size());
}

void ChangelogNormalizeOperator::encodeField(const Vector& v, size_t r, std::string& out) const {
    if (v.isNull(r)) {
        out.push_back(1);
        return;
    }
    if (v.isVarLen()) {
        std::string_view s = v.stringAt(r);
        out.push_back(0);
        putU32(out, static_cast<uint32_t>(s.size()));
        out.append(s);
    } else if (v.isBoxed()) {
        encodeValue(v.boxedAt(r), v.type(), out);
    } else {
        int width = v.type().fixedWidth();
        out.push_back(0);
        out.append(reinterpret_cast<const char*>(v.data<char>()) + r * static_cast<size_t>(width),
                   static_cast<size_t>(width));
    }
}

void ChangelogNormalizeOperator::appendStored(std::string_view row) {
    Reader in{row};
    for (size_t c = 0; c < types_.size(); ++c) {
        Vector& v = outCols_[c];
        if (v.isBoxed()) {
            v.appendValue(decodeValue(in, types_[c]));
            continue;
        }
        if (in.get<uint8_t>() != 0) {
            v.appendNull();
        } else if (v.isVarLen()) {
            v.appendString(in.bytes(in.get<uint32_t>()));
        } else {
            int width = types_[c].fixedWidth();
            appendRaw(v, in.take(static_cast<size_t>(width)), width);
        }
    }
}

void ChangelogNormalizeOperator::processBatch(RecordBatch batch, int, Collector& out) {
    SLUICE_CHECK(batch.columns.size() == types_.size());
    outCols_.clear();
    for (const auto& t : types_) outCols_.emplace_back(t);
    outKinds_.clear();
    outPositions_.clear();
    const RowOrigins* origins = batch.origins.get();
    auto emitted = [&](RowKind kind, size_t inputRow) {
        outKinds_.push_back(kind);
        if (origins)
            outPositions_.push_back(inputRow < origins->positions.size() ? origins->positions[inputRow] : 0);
    };
    auto appendInput = [&](size_t r) {
        for (size_t c = 0; c < types_.size(); ++c) outCols_[c].appendFrom(batch.columns[c], r);
    };

    // Rows are applied in order, so several rows of one key in a batch see each other's state.
    for (size_t r = 0; r < batch.numRows; ++r) {
        keyBuf_.clear();
        for (int k : keyFields_) encodeField(batch.columns[static_cast<size_t>(k)], r, keyBuf_);
        RowKind kind = batch.kind(r);
        auto it = state_.find(keyBuf_);
        if (kind == RowKind::Insert || kind == RowKind::UpdateAfter) {
            rowBuf_.clear();
            for (const auto& col : batch.columns) encodeField(col, r, rowBuf_);
            if (it == state_.end()) {
                state_.emplace(keyBuf_, rowBuf_);
                appendInput(r);
                emitted(RowKind::Insert, r);
                continue;
            }
            // State TTL is not supported, so an identical upsert is dropped as Flink does without TTL.
            if (it->second == rowBuf_) continue;
            if (generateUpdateBefore_) {
                appendStored(it->second);
                emitted(RowKind::UpdateBefore, r);
            }
            appendInput(r);
            emitted(RowKind::UpdateAfter, r);
            it->second.assign(rowBuf_);
        } else {
            // -D or -U: the key is gone. Emit the stored row, which is complete (a tombstone may
            // carry only the key); a delete of an unknown key is dropped.
            if (it == state_.end()) continue;
            appendStored(it->second);
            emitted(RowKind::Delete, r);
            state_.erase(it);
        }
    }
    if (outKinds_.empty()) return;
    RecordBatch result;
    result.numRows = outKinds_.size();
    result.columns = std::move(outCols_);
    outCols_.clear();
    bool allInserts = true;
    for (RowKind k : outKinds_) allInserts = allInserts && k == RowKind::Insert;
    if (!allInserts) result.rowKinds = outKinds_;
    if (origins) {
        auto o = std::make_shared<RowOrigins>();
        o->source = origins->source;
        o->unit = origins->unit;
        o->positions = outPositions_;
        result.origins = std::move(o);
    }
    out.collect(std::move(result));
}

std::string ChangelogNormalizeOperator::snapshotState(int64_t) const {
    std::string out;
    putU32(out, kSnapshotMagic);
    putU32(out, kSnapshotVersion);
    putU32(out, static_cast<uint32_t>(types_.size()));
    putU64(out, state_.size());
    for (const auto& [key, row] : state_) {
        putU32(out, static_cast<uint32_t>(key.size()));
        out.append(key);
        putU32(out, static_cast<uint32_t>(row.size()));
        out.append(row);
    }
    return out;
}

void ChangelogNormalizeOperator::restoreState(const std::string& state) {
    Reader in{state};
    if (in.get<uint32_t>() != kSnapshotMagic || in.get<uint32_t>() != kSnapshotVersion)
        throw InternalError("ChangelogNormalize: not a state snapshot of this operator");
    if (in.get<uint32_t>() != types_.size())
        throw InternalError("ChangelogNormalize: the snapshot has a different number of columns");
    uint64_t n = in.get<uint64_t>();
    std::unordered_map<std::string, std::string> restored;
    restored.reserve(n);
    for (uint64_t i = 0; i < n; ++i) {
        std::string_view key = in.bytes(in.get<uint32_t>());
        std::string_view row = in.bytes(in.get<uint32_t>());
        restored.emplace(std::string(key), std::string(row));
    }
    if (!in.done()) throw InternalError("ChangelogNormalize: trailing bytes in the state snapshot");
    state_ = std::move(restored);
}

}  // namespace sluice::runtime
