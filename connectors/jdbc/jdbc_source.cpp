#include "connectors/jdbc/jdbc_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <thread>

#include "common/error.h"
#include "connectors/jdbc/pg_table.h"
#include "runtime/collector.h"

namespace sluice::connectors::jdbc {

namespace {

constexpr Oid kTextOid = 25;
constexpr Oid kBpcharOid = 1042;
constexpr Oid kVarcharOid = 1043;
constexpr Oid kTimestampOid = 1114;
constexpr Oid kTimestamptzOid = 1184;
constexpr int64_t kPgEpochDays = 10957;  // 2000-01-01 - 1970-01-01
constexpr int64_t kPgEpochMicros = kPgEpochDays * 86400LL * 1000000LL;

int16_t get16(const char* p) {
    uint16_t v;
    std::memcpy(&v, p, 2);
    return static_cast<int16_t>(__builtin_bswap16(v));
}
int32_t get32(const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return static_cast<int32_t>(__builtin_bswap32(v));
}
int64_t get64(const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return static_cast<int64_t>(__builtin_bswap64(v));
}

// The PostgreSQL type each Sluice type is read as (the SELECT casts to it): strings as text (a cast
// to varchar(n) would truncate silently), timestamps as the column's own kind when it is one.
std::string castType(const DataType& t, Oid columnType, bool& tz) {
    int p = std::min(t.precision, 6);
    tz = false;
    switch (t.id) {
        case TypeId::Char:
        case TypeId::Varchar:
            // text-like columns as they are: a cast would strip char(n)'s padding, which Flink keeps
            if (columnType == kTextOid || columnType == kBpcharOid || columnType == kVarcharOid) return "";
            return "TEXT";
        case TypeId::Timestamp:
            tz = columnType == kTimestamptzOid;
            return fmt::format("{}({})", tz ? "TIMESTAMPTZ" : "TIMESTAMP", p);
        case TypeId::TimestampLtz:
            tz = columnType != kTimestampOid;
            return fmt::format("{}({})", tz ? "TIMESTAMPTZ" : "TIMESTAMP", p);
        case TypeId::Array: {
            bool ignored;
            return castType(t.children.at(0), 0, ignored) + "[]";
        }
        default:
            return PgTable::pgTypeName(t);
    }
}

[[noreturn]] void badValue(const DataType& t, const std::string& why) {
    throw ExecutionError(fmt::format("Cannot read a PostgreSQL value as {}: {}.", t.toString(), why));
}

Int128 pow10(int n) {
    Int128 r = 1;
    while (n-- > 0) r *= 10;
    return r;
}

// numeric's binary format: ndigits, weight, sign, dscale, then base-10000 digits.
Int128 decodeNumeric(const DataType& t, const char* p, int32_t len, int scale) {
    if (len < 8) badValue(t, "a short numeric");
    int ndigits = get16(p), weight = get16(p + 2);
    uint16_t sign = static_cast<uint16_t>(get16(p + 4));
    if (sign != 0 && sign != 0x4000) badValue(t, "NaN or infinity");
    if (len < 8 + 2 * ndigits) badValue(t, "a short numeric");
    Int128 acc = 0;
    int exp10 = 4 * (weight - ndigits + 1) + scale;  // acc * 10^exp10 is the unscaled value
    int used = ndigits;
    // digits beyond the scale are zero (the SELECT cast to numeric(p, s)): drop them before they overflow
    while (used > 0 && exp10 < 0 && get16(p + 8 + 2 * (used - 1)) == 0) {
        --used;
        exp10 += 4;
    }
    for (int i = 0; i < used; ++i) acc = acc * 10000 + get16(p + 8 + 2 * i);
    if (exp10 >= 0)
        acc *= pow10(exp10);
    else
        acc /= pow10(-exp10);
    return sign == 0x4000 ? -acc : acc;
}

Value decodeScalar(const DataType& t, bool tz, const char* p, int32_t len, const TimeZone& zone);

Value decodeArray(const DataType& t, const char* p, int32_t len, const TimeZone& zone) {
    if (len < 12) badValue(t, "a short array");
    int32_t ndim = get32(p);
    const DataType& elem = t.children.at(0);
    Value::List items;
    if (ndim == 0) return Value::list(std::move(items));
    if (ndim != 1) badValue(t, fmt::format("a {}-dimensional array", ndim));
    int32_t n = get32(p + 12);
    const char* q = p + 20;
    const char* end = p + len;
    bool tz = elem.id == TypeId::TimestampLtz;
    items.reserve(static_cast<size_t>(std::max(n, 0)));
    for (int32_t i = 0; i < n; ++i) {
        if (q + 4 > end) badValue(t, "a short array");
        int32_t l = get32(q);
        q += 4;
        if (l < 0) {
            items.push_back(Value::null());
            continue;
        }
        if (q + l > end) badValue(t, "a short array");
        items.push_back(decodeScalar(elem, tz, q, l, zone));
        q += l;
    }
    return Value::list(std::move(items));
}

Value decodeScalar(const DataType& t, bool tz, const char* p, int32_t len, const TimeZone& zone) {
    auto need = [&](int32_t n) {
        if (len != n) badValue(t, fmt::format("{} bytes instead of {}", len, n));
    };
    switch (t.id) {
        case TypeId::Boolean:
            need(1);
            return Value::boolean(p[0] != 0);
        case TypeId::TinyInt: {
            need(2);
            int16_t v = get16(p);
            if (v < -128 || v > 127) badValue(t, fmt::format("{} is out of range", v));
            return Value::integer(v);
        }
        case TypeId::SmallInt:
            need(2);
            return Value::integer(get16(p));
        case TypeId::Int:
            need(4);
            return Value::integer(get32(p));
        case TypeId::BigInt:
            need(8);
            return Value::integer(get64(p));
        case TypeId::Float: {
            need(4);
            uint32_t bits = static_cast<uint32_t>(get32(p));
            float f;
            std::memcpy(&f, &bits, 4);
            return Value::real(f);
        }
        case TypeId::Double: {
            need(8);
            uint64_t bits = static_cast<uint64_t>(get64(p));
            double d;
            std::memcpy(&d, &bits, 8);
            return Value::real(d);
        }
        case TypeId::Decimal:
            return Value::decimal(decodeNumeric(t, p, len, t.scale));
        case TypeId::Char:
        case TypeId::Varchar:
        case TypeId::Binary:
        case TypeId::Varbinary:
            return Value::string(std::string(p, static_cast<size_t>(len)));
        case TypeId::Date:
            need(4);
            return Value::integer(get32(p) + kPgEpochDays);
        case TypeId::Time:
            need(8);
            return Value::integer(get64(p) / 1000);  // Sluice TIME: milliseconds of the day
        case TypeId::Timestamp:
        case TypeId::TimestampLtz: {
            need(8);
            int64_t micros = get64(p) + kPgEpochMicros;
            // TIMESTAMP holds wall time, TIMESTAMP_LTZ an instant; the other kind goes through the zone
            if (t.id == TypeId::Timestamp && tz) micros = zone.toLocal(micros);
            if (t.id == TypeId::TimestampLtz && !tz) micros = zone.toUtc(micros);
            return Value::integer(micros);
        }
        case TypeId::Array:
            return decodeArray(t, p, len, zone);
        default:
            badValue(t, "the type is not supported by the jdbc connector");
    }
}

std::string tableDisplay(const JdbcOptions& o) {
    return o.schemaName.name.empty() ? o.table.name : o.schemaName.name + "." + o.table.name;
}

}  // namespace

std::vector<std::pair<int64_t, int64_t>> jdbcPartitionRanges(int64_t lower, int64_t upper, int64_t num) {
    std::vector<std::pair<int64_t, int64_t>> out;
    if (num < 1 || lower > upper) return out;
    // as JdbcNumericBetweenParametersProvider.getParameterValues (in 128 bits: no overflow)
    Int128 maxElemCount = static_cast<Int128>(upper) - lower + 1;
    Int128 numBatches = std::min<Int128>(num, maxElemCount);
    Int128 batchSize = (maxElemCount + numBatches - 1) / numBatches;
    Int128 bigBatchNum = maxElemCount - (batchSize - 1) * numBatches;
    Int128 start = lower;
    for (Int128 i = 0; i < numBatches; ++i) {
        Int128 end = start + batchSize - 1 - (i >= bigBatchNum ? 1 : 0);
        out.emplace_back(static_cast<int64_t>(start), static_cast<int64_t>(end));
        start = end + 1;
    }
    return out;
}

JdbcSource::JdbcSource(std::shared_ptr<const JdbcOptions> options, std::vector<int> projection, Schema output,
                       int subtask, int parallelism, bool ordered)
    : options_(std::move(options)),
      projection_(std::move(projection)),
      output_(std::move(output)),
      subtask_(subtask),
      parallelism_(std::max(parallelism, 1)),
      ordered_(ordered) {
    where_ = options_->parsedUrl.describe();
    const auto& o = *options_;
    if (o.partitionColumn.empty()) {
        if (subtask_ == 0) splits_.push_back(Split{"table", true, 0, 0, 0});
    } else {
        auto ranges = jdbcPartitionRanges(o.partitionLower, o.partitionUpper, o.partitionNum);
        for (size_t i = static_cast<size_t>(subtask_); i < ranges.size();
             i += static_cast<size_t>(parallelism_)) {
            auto [lo, hi] = ranges[i];
            splits_.push_back(Split{fmt::format("{}..{}", lo, hi), false, lo, hi, 0});
        }
    }
}

std::string JdbcSource::snapshotState(int64_t) {
    std::string state = "jdbc-scan 1\n";
    if (ordered_) state += "order " + orderBy_ + "\n";
    for (const auto& key : done_) state += "done " + key + "\n";
    if (inCopy_ || !leftover_.empty())
        state += fmt::format("at {} {}\n", splits_[nextSplit_ - 1].key, currentRows_);
    else if (nextSplit_ < splits_.size() && splits_[nextSplit_].skip > 0)  // restored, not started yet
        state += fmt::format("at {} {}\n", splits_[nextSplit_].key, splits_[nextSplit_].skip);
    return state;
}

void JdbcSource::restoreState(const std::string& state) {
    auto corrupt = [&](const std::string& line) {
        return InternalError(
            fmt::format("Corrupt jdbc source state line '{}' (table '{}')", line, options_->tableName));
    };
    auto find = [&](const std::string& key) -> Split& {
        for (auto& s : splits_)
            if (s.key == key) return s;
        // The checkpoint's splits come from other 'scan.partition.*' options (connector options may
        // change between runs): its positions mean nothing for this job's splits.
        throw ExecutionError(fmt::format(
            "The checkpoint holds a position in split '{}' of the jdbc table '{}', which is not one of "
            "subtask {}'s splits now: 'scan.partition.*' changed since the checkpoint was taken. Restore "
            "it with the options it was taken with, or start the job without it.",
            key, options_->tableName, subtask_));
    };
    std::istringstream in(state);
    std::string line;
    bool unordered = true;
    std::vector<std::string> done;
    const Split* current = nullptr;
    int64_t currentRows = 0;
    while (std::getline(in, line)) {
        if (line.rfind("jdbc-scan ", 0) == 0) {
            if (line != "jdbc-scan 1") throw corrupt(line);
        } else if (line.rfind("order ", 0) == 0) {
            restoredOrder_ = line.substr(6);
            unordered = false;
        } else if (line.rfind("done ", 0) == 0) {
            done.push_back(find(line.substr(5)).key);
        } else if (line.rfind("at ", 0) == 0) {
            auto space = line.rfind(' ');
            if (space <= 3) throw corrupt(line);
            current = &find(line.substr(3, space - 3));
            try {
                currentRows = std::stoll(line.substr(space + 1));
            } catch (const std::exception&) {
                throw corrupt(line);
            }
        } else if (!line.empty()) {
            throw corrupt(line);
        }
    }
    if (current && currentRows > 0 && unordered)
        throw ExecutionError(fmt::format(
            "The checkpoint was taken in the middle of reading the jdbc table '{}' without a stable row "
            "order, so it cannot say which rows are still to be read.",
            options_->tableName));
    if (current && currentRows > 0) ordered_ = true;  // the offset refers to the ordered sequence
    // Finished splits go, the one in progress comes first (it was first in reading order before).
    std::vector<Split> rest;
    for (auto& s : splits_) {
        if (std::find(done.begin(), done.end(), s.key) != done.end()) continue;
        if (&s == current) {
            s.skip = currentRows;
            rest.insert(rest.begin(), s);
        } else {
            rest.push_back(s);
        }
    }
    std::fprintf(stderr, "jdbc: table '%s' subtask %d: restored: %zu split(s) read, %s\n",
                 options_->tableName.c_str(), subtask_, done.size(),
                 current ? fmt::format("resuming split {} after {} row(s)", current->key, currentRows).c_str()
                         : "none in progress");
    splits_ = std::move(rest);
    done_ = std::move(done);
}

std::string JdbcSource::orderKey(const std::string& qualifiedTable) {
    // The primary key first, else the narrowest unique index without predicate or expressions whose
    // columns are all NOT NULL (a unique index lets NULLs repeat).
    auto r = conn_->execParams(
        "SELECT i.indexrelid, a.attname FROM pg_index i "
        "CROSS JOIN LATERAL generate_series(0, i.indnkeyatts - 1) AS k "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k] "
        "WHERE i.indrelid = $1::regclass AND i.indisunique AND i.indisvalid "
        "AND i.indpred IS NULL AND i.indexprs IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM generate_series(0, i.indnkeyatts - 1) AS j "
        "  JOIN pg_attribute x ON x.attrelid = i.indrelid AND x.attnum = i.indkey[j] WHERE NOT x.attnotnull) "
        "ORDER BY i.indisprimary DESC, i.indnkeyatts, i.indexrelid, k",
        {qualifiedTable.c_str()});
    std::string key;
    int n = PQntuples(r.get());
    for (int i = 0; i < n && std::string(PQgetvalue(r.get(), i, 0)) == PQgetvalue(r.get(), 0, 0); ++i)
        // qualified: a bare name would mean the SELECT's output column, which the cast may have rounded
        key += (key.empty() ? "" : ", ") + qualifiedTable + "." + pgQuote(PQgetvalue(r.get(), i, 1));
    if (!key.empty()) return key;
    // Correct, but PostgreSQL sorts each split instead of walking an index: say why the scan is slower.
    std::fprintf(stderr,
                 "jdbc: table '%s' subtask %d: %s has no primary key (nor a unique index over NOT NULL "
                 "columns); a scan that may be checkpointed sorts each split by every column read\n",
                 options_->tableName.c_str(), subtask_, qualifiedTable.c_str());
    for (size_t c = 1; c <= output_.fields.size(); ++c) key += fmt::format("{}{}", c == 1 ? "" : ", ", c);
    return key;
}

void JdbcSource::open(runtime::SourceContext& ctx) {
    zone_ = ctx.zone;
    maxRowsPerPoll_ = ctx.maxRowsPerPoll;
    // A fixture stopped after its first checkpoint resumes mid-split: read in a stable order then too.
    if (maxRowsPerPoll_ > 0) ordered_ = true;
    batch_ = RecordBatch(output_);
    if (splits_.empty()) return;  // nothing to read: no connection
    const auto& o = *options_;
    conn_ = PgConnection::connectRetrying(o.connectionString(), where_, o.maxRetries,
                                          [&ctx] { return ctx.stopping(); });
    auto table = PgTable::load(*conn_, o.schemaName, o.table);
    if (!table)
        throw ValidationError(
            fmt::format("Table '{}' of the jdbc table '{}' does not exist in PostgreSQL at {}.",
                        tableDisplay(o), o.tableName, where_));
    std::string select;
    fromTimestamptz_.clear();
    for (const auto& f : output_.fields) {
        const PgColumn& c = table->require(f.name, o.tableName);
        bool tz = false;
        std::string type = castType(f.type, c.baseType, tz);
        select += fmt::format("{}{}{}{}", select.empty() ? "" : ", ", pgQuote(c.name),
                              type.empty() ? "" : "::", type);
        fromTimestamptz_.push_back(tz);
    }
    selectPrefix_ = fmt::format("COPY (SELECT {} FROM {}", select, table->qualifiedName());
    if (!o.partitionColumn.empty())
        partitionColumn_ = pgQuote(table->require(o.partitionColumn, o.tableName).name);
    if (ordered_) {
        orderBy_ = orderKey(table->qualifiedName());
        bool resuming =
            std::any_of(splits_.begin(), splits_.end(), [](const Split& s) { return s.skip > 0; });
        if (resuming && orderBy_ != restoredOrder_)
            throw ExecutionError(
                fmt::format("The checkpoint was taken while reading the jdbc table '{}' ordered by ({}), but "
                            "its rows are "
                            "ordered by ({}) now (its keys changed), so the checkpoint cannot say which rows "
                            "are still to "
                            "be read.",
                            o.tableName, restoredOrder_, orderBy_));
    }
}

bool JdbcSource::startNextQuery() {
    if (nextSplit_ >= splits_.size()) return false;
    const Split& split = splits_[nextSplit_++];
    std::string sql = selectPrefix_;
    // the bounds are integers formatted here, not text from the user: nothing to escape
    if (!split.wholeTable)
        sql += fmt::format(" WHERE {} BETWEEN {} AND {}", partitionColumn_, split.lo, split.hi);
    if (ordered_ && !orderBy_.empty()) sql += " ORDER BY " + orderBy_;
    if (split.skip > 0) sql += fmt::format(" OFFSET {}", split.skip);
    conn_->copyOutStart(sql + ") TO STDOUT (FORMAT binary)");
    inCopy_ = true;
    headerSeen_ = false;
    currentRows_ = split.skip;
    return true;
}

size_t JdbcSource::decodeMessage(const char* data, size_t size, int64_t maxRows) {
    const char* p = data;
    const char* end = data + size;
    auto fail = [&](const char* what) {
        throw ExecutionError(fmt::format("Unexpected COPY data from PostgreSQL table '{}' at {}: {}.",
                                         tableDisplay(*options_), where_, what));
    };
    if (!headerSeen_) {
        static const char kSig[] = "PGCOPY\n\377\r\n";
        if (size < 19 || std::memcmp(p, kSig, 11) != 0) fail("no binary COPY header");
        int32_t ext = get32(p + 15);
        p += 19 + ext;
        headerSeen_ = true;
    }
    int64_t rows = 0;
    while (p < end && rows < maxRows) {
        if (end - p < 2) fail("a short tuple");
        int16_t n = get16(p);
        p += 2;
        if (n == -1) return size;  // the trailer
        if (static_cast<size_t>(n) != output_.fields.size()) fail("the wrong number of fields");
        for (size_t c = 0; c < static_cast<size_t>(n); ++c) {
            if (end - p < 4) fail("a short tuple");
            int32_t len = get32(p);
            p += 4;
            if (len > end - p) fail("a short field");
            decodeField(c, p, len);
            if (len > 0) p += len;
        }
        ++batch_.numRows;
        ++rows;
    }
    currentRows_ += rows;
    return static_cast<size_t>(p - data);
}

void JdbcSource::decodeField(size_t c, const char* p, int32_t len) {
    Vector& v = batch_.columns[c];
    if (len < 0) {
        v.appendNull();
        return;
    }
    const DataType& t = output_.fields[c].type;
    switch (t.id) {
        case TypeId::Char:
        case TypeId::Varchar:
        case TypeId::Binary:
        case TypeId::Varbinary:
            v.appendString(std::string_view(p, static_cast<size_t>(len)));
            return;
        case TypeId::Int:
            if (len != 4) break;
            v.append<int32_t>(get32(p));
            return;
        case TypeId::BigInt:
            if (len != 8) break;
            v.append<int64_t>(get64(p));
            return;
        default:
            break;
    }
    v.appendValue(decodeScalar(t, fromTimestamptz_[c], p, len, zone_));
}

bool JdbcSource::poll(runtime::Collector& out) {
    // A checkpoint comes between polls: everything decoded here is emitted before poll() returns.
    // 'scan.fetch-size' (Flink: rows per round trip) sizes the batches; a test's maxRowsPerPoll wins
    auto limit = static_cast<int64_t>(runtime::kTargetBatchRows);
    if (options_->fetchSize > 0) limit = std::min(limit, options_->fetchSize);
    if (maxRowsPerPoll_ > 0) limit = maxRowsPerPoll_;
    while (static_cast<int64_t>(batch_.numRows) < limit) {
        int64_t room = limit - static_cast<int64_t>(batch_.numRows);
        if (!leftover_.empty()) {
            size_t used = decodeMessage(leftover_.data(), leftover_.size(), room);
            leftover_.erase(0, used);
            continue;
        }
        if (!inCopy_ && !startNextQuery()) break;
        const char* data = nullptr;
        int size = 0;
        if (!conn_->copyGet(data, size)) {
            inCopy_ = false;
            done_.push_back(splits_[nextSplit_ - 1].key);
            continue;
        }
        size_t used = decodeMessage(data, static_cast<size_t>(size), room);
        if (used < static_cast<size_t>(size)) leftover_.assign(data + used, static_cast<size_t>(size) - used);
    }
    bool more = inCopy_ || !leftover_.empty() || nextSplit_ < splits_.size();
    if (batch_.numRows > 0) {
        out.collect(std::move(batch_));
        batch_ = RecordBatch(output_);
    }
    if (!more) conn_.reset();
    return more;
}

void JdbcSource::close() {
    conn_.reset();  // ends a COPY in progress with the connection
    inCopy_ = false;
}

JdbcSourceProvider::JdbcSourceProvider(std::shared_ptr<const JdbcOptions> options,
                                       std::vector<int> projection, bool ordered)
    : options_(std::move(options)), projection_(std::move(projection)), ordered_(ordered) {
    for (int p : projection_) output_.fields.push_back(options_->physical.fields.at(static_cast<size_t>(p)));
}

int JdbcSourceProvider::maxParallelism() const {
    const auto& o = *options_;
    if (o.partitionColumn.empty()) return 1;
    return static_cast<int>(jdbcPartitionRanges(o.partitionLower, o.partitionUpper, o.partitionNum).size());
}

std::unique_ptr<runtime::Source> JdbcSourceProvider::createSource(int subtask, int parallelism) {
    return std::make_unique<JdbcSource>(options_, projection_, output_, subtask, parallelism, ordered_);
}

std::string JdbcSourceProvider::describe() const {
    const auto& o = *options_;
    std::string fields;
    for (const auto& f : output_.fields) fields += (fields.empty() ? "" : ", ") + f.name;
    std::string d = fmt::format("jdbc(url={}, table-name={}", JdbcUrl::masked(o.url), tableDisplay(o));
    if (!o.partitionColumn.empty())
        d += fmt::format(", partition={} in [{}, {}] / {}", o.partitionColumn, o.partitionLower,
                         o.partitionUpper, o.partitionNum);
    return d + ", fields=[" + fields + "])";
}

}  // namespace sluice::connectors::jdbc
