#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "common/error.h"
#include "runtime/operators/changelog_normalize_operator.h"

using namespace sluice;
using namespace sluice::runtime;

namespace {

// Rows of (id BIGINT, name STRING, score DOUBLE); key = id. A missing name/score is NULL.
struct Row {
    RowKind kind;
    int64_t id;
    std::optional<std::string> name;
    std::optional<double> score;
};

std::vector<DataType> types() {
    return {DataType::bigint().withNullable(false), DataType::string(), DataType::doubleType()};
}

RecordBatch batchOf(const std::vector<Row>& rows) {
    RecordBatch b;
    for (const auto& t : types()) b.columns.emplace_back(t);
    bool allInserts = true;
    for (const auto& r : rows) {
        b.columns[0].append<int64_t>(r.id);
        if (r.name)
            b.columns[1].appendString(*r.name);
        else
            b.columns[1].appendNull();
        if (r.score)
            b.columns[2].append<double>(*r.score);
        else
            b.columns[2].appendNull();
        b.rowKinds.push_back(r.kind);
        allInserts = allInserts && r.kind == RowKind::Insert;
    }
    if (allInserts) b.rowKinds.clear();
    b.numRows = rows.size();
    return b;
}

// A tombstone as the Kafka source emits it: the key, NULL everywhere else.
Row tombstone(int64_t id) {
    return {RowKind::Delete, id, std::nullopt, std::nullopt};
}
Row upsert(int64_t id, std::string name, double score) {
    return {RowKind::Insert, id, std::move(name), score};
}

class Captured : public Collector {
public:
    void collect(RecordBatch batch) override {
        ++batches;
        for (size_t r = 0; r < batch.numRows; ++r) {
            std::string line = std::string(rowKindShortString(batch.kind(r))) + "[" +
                               std::to_string(batch.columns[0].data<int64_t>()[r]) + ", ";
            line += batch.columns[1].isNull(r) ? "NULL" : std::string(batch.columns[1].stringAt(r));
            line += ", ";
            line += batch.columns[2].isNull(r) ? "NULL" : std::to_string(batch.columns[2].data<double>()[r]);
            lines.push_back(line + "]");
        }
    }
    std::vector<std::string> take() { return std::exchange(lines, {}); }
    std::vector<std::string> lines;
    int batches = 0;
};

ChangelogNormalizeOperator makeOp(bool updateBefore = true) {
    return ChangelogNormalizeOperator(types(), {0}, updateBefore, "ChangelogNormalize(key=[id])");
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("changelog normalize: the first row of a key is an insert", "[changelog-normalize]") {
    auto op = makeOp();
    Captured out;
    op.processBatch(batchOf({upsert(1, "a", 1.5), upsert(2, "b", 2.5)}), 0, out);
    CHECK(out.take() == Lines{"+I[1, a, 1.500000]", "+I[2, b, 2.500000]"});
    CHECK(op.stateSize() == 2);
}

TEST_CASE("changelog normalize: a later row of a known key is -U(old) then +U(new)",
          "[changelog-normalize]") {
    auto op = makeOp();
    Captured out;
    op.processBatch(batchOf({upsert(1, "a", 1.5)}), 0, out);
    out.take();
    // The source may mark upserts +I or +U: both update a known key.
    op.processBatch(batchOf({upsert(1, "b", 2.0), {RowKind::UpdateAfter, 1, "c", std::nullopt}}), 0, out);
    CHECK(out.take() ==
          Lines{"-U[1, a, 1.500000]", "+U[1, b, 2.000000]", "-U[1, b, 2.000000]", "+U[1, c, NULL]"});
    CHECK(op.stateSize() == 1);
}

TEST_CASE("changelog normalize: without update-before only +U is emitted", "[changelog-normalize]") {
    auto op = makeOp(false);
    Captured out;
    op.processBatch(batchOf({upsert(1, "a", 1.5), upsert(1, "b", 1.5)}), 0, out);
    CHECK(out.take() == Lines{"+I[1, a, 1.500000]", "+U[1, b, 1.500000]"});
}

TEST_CASE("changelog normalize: a tombstone of a known key deletes the full stored row",
          "[changelog-normalize]") {
    auto op = makeOp();
    Captured out;
    op.processBatch(batchOf({upsert(1, "a", 1.5), upsert(1, "b", 3.0)}), 0, out);
    out.take();
    op.processBatch(batchOf({tombstone(1)}), 0, out);
    CHECK(out.take() == Lines{"-D[1, b, 3.000000]"});
    CHECK(op.stateSize() == 0);
    // The key is gone: its next row is an insert again.
    op.processBatch(batchOf({upsert(1, "c", 4.0)}), 0, out);
    CHECK(out.take() == Lines{"+I[1, c, 4.000000]"});
}

TEST_CASE("changelog normalize: a delete of an unknown key is dropped", "[changelog-normalize]") {
    auto op = makeOp();
    Captured out;
    op.processBatch(batchOf({tombstone(7), {RowKind::UpdateBefore, 8, "x", 1.0}}), 0, out);
    CHECK(out.lines.empty());
    CHECK(out.batches == 0);  // nothing to emit: no empty batch either
    op.processBatch(batchOf({upsert(1, "a", 1.0), tombstone(1), tombstone(1)}), 0, out);
    CHECK(out.take() == Lines{"+I[1, a, 1.000000]", "-D[1, a, 1.000000]"});
}

TEST_CASE("changelog normalize: an identical upsert is suppressed (Flink without state TTL)",
          "[changelog-normalize]") {
    auto op = makeOp();
    Captured out;
    op.processBatch(batchOf({upsert(1, "a", 1.5), upsert(1, "a", 1.5)}), 0, out);
    op.processBatch(batchOf({upsert(1, "a", 1.5)}), 0, out);
    CHECK(out.take() == Lines{"+I[1, a, 1.500000]"});
    // NULL versus a value is a change; NULL versus NULL is not.
    op.processBatch(
        batchOf({{RowKind::Insert, 1, "a", std::nullopt}, {RowKind::Insert, 1, "a", std::nullopt}}), 0, out);
    CHECK(out.take() == Lines{"-U[1, a, 1.500000]", "+U[1, a, NULL]"});
}

TEST_CASE("changelog normalize: several keys interleaved in one batch", "[changelog-normalize]") {
    auto op = makeOp();
    Captured out;
    op.processBatch(batchOf({upsert(1, "a", 1.0), upsert(2, "b", 2.0), upsert(1, "a2", 1.0), tombstone(2),
                             upsert(3, "c", 3.0), upsert(2, "b2", 2.0), tombstone(9)}),
                    0, out);
    CHECK(out.take() == Lines{"+I[1, a, 1.000000]", "+I[2, b, 2.000000]", "-U[1, a, 1.000000]",
                              "+U[1, a2, 1.000000]", "-D[2, b, 2.000000]", "+I[3, c, 3.000000]",
                              "+I[2, b2, 2.000000]"});
    CHECK(out.batches == 1);  // one output batch per input batch
    CHECK(op.stateSize() == 3);
}

TEST_CASE("changelog normalize: a composite key with a string part", "[changelog-normalize]") {
    // key = (name, id): same id with different names are different keys
    ChangelogNormalizeOperator op(types(), {1, 0}, true, "ChangelogNormalize(key=[name, id])");
    Captured out;
    op.processBatch(batchOf({upsert(1, "a", 1.0), upsert(1, "b", 2.0), upsert(1, "a", 3.0)}), 0, out);
    CHECK(out.take() ==
          Lines{"+I[1, a, 1.000000]", "+I[1, b, 2.000000]", "-U[1, a, 1.000000]", "+U[1, a, 3.000000]"});
}

TEST_CASE("changelog normalize: origins follow the input row that caused each output row",
          "[changelog-normalize]") {
    auto op = makeOp();
    struct OriginCheck : Collector {
        void collect(RecordBatch batch) override { positions = batch.origins->positions; }
        std::vector<int64_t> positions;
    } out;
    RecordBatch b = batchOf({upsert(1, "a", 1.0), upsert(1, "b", 1.0), tombstone(5)});
    auto o = std::make_shared<RowOrigins>();
    o->source = "topic 't', partition 0";
    o->unit = RowOrigins::Unit::Offset;
    o->positions = {10, 11, 12};
    b.origins = o;
    op.processBatch(std::move(b), 0, out);
    CHECK(out.positions == std::vector<int64_t>{10, 11, 11});
}

TEST_CASE("changelog normalize: snapshot and restore round-trip the state", "[changelog-normalize]") {
    auto op = makeOp();
    Captured out;
    op.processBatch(batchOf({upsert(1, "a", 1.0),
                             upsert(2, "", 2.0),
                             {RowKind::Insert, 3, std::nullopt, 3.0},
                             upsert(4, "d", 4.0),
                             tombstone(4)}),
                    0, out);
    std::string bytes = op.snapshotState(1);

    auto restored = makeOp();
    restored.restoreState(bytes);
    CHECK(restored.stateSize() == 3);
    CHECK(restored.snapshotState(2).size() == bytes.size());
    Captured after;
    restored.processBatch(
        batchOf({upsert(1, "a", 1.0), upsert(2, "b", 2.0), tombstone(3), tombstone(4), upsert(4, "e", 5.0)}),
        0, after);
    // key 1 unchanged (suppressed), key 2 updated from its empty string, key 3's NULL name restored
    CHECK(after.take() ==
          Lines{"-U[2, , 2.000000]", "+U[2, b, 2.000000]", "-D[3, NULL, 3.000000]", "+I[4, e, 5.000000]"});

    // Restoring replaces the state; an empty snapshot clears it.
    restored.restoreState(makeOp().snapshotState(3));
    CHECK(restored.stateSize() == 0);
    CHECK_THROWS_AS(restored.restoreState("garbage"), InternalError);
    CHECK_THROWS_AS(restored.restoreState(bytes.substr(0, bytes.size() - 1)), InternalError);
    ChangelogNormalizeOperator narrower({DataType::bigint()}, {0}, true, "ChangelogNormalize(key=[id])");
    CHECK_THROWS_AS(narrower.restoreState(bytes), InternalError);
}

TEST_CASE("changelog normalize: every column type survives the state", "[changelog-normalize]") {
    std::vector<DataType> all = {DataType::integer(),
                                 DataType::boolean(),
                                 DataType::tinyint(),
                                 DataType::smallint(),
                                 DataType::floatType(),
                                 DataType::decimal(20, 2),
                                 DataType::timestampLtz(3),
                                 DataType::bytes(),
                                 DataType::array(DataType::string()),
                                 DataType::map(DataType::string(), DataType::integer())};
    std::vector<Value> values = {Value::integer(1),
                                 Value::boolean(true),
                                 Value::integer(-3),
                                 Value::integer(300),
                                 Value::real(0.25),
                                 Value::decimal(static_cast<Int128>(1) << 80),
                                 Value::integer(1700000000123000),
                                 Value::string(std::string("\0\x01", 2)),
                                 Value::list({Value::string("x"), Value::null()}),
                                 Value::list({Value::string("k"), Value::integer(5)})};
    auto makeBatch = [&](RowKind kind, bool nullRest) {
        RecordBatch b;
        for (size_t c = 0; c < all.size(); ++c) {
            b.columns.emplace_back(all[c]);
            b.columns[c].appendValue(c > 0 && nullRest ? Value::null() : values[c]);
        }
        b.rowKinds = {kind};
        b.numRows = 1;
        return b;
    };
    ChangelogNormalizeOperator op(all, {0}, true, "ChangelogNormalize(key=[k])");
    struct Last : Collector {
        void collect(RecordBatch b) override { batch = std::move(b); }
        RecordBatch batch;
    } out;
    op.processBatch(makeBatch(RowKind::Insert, false), 0, out);
    ChangelogNormalizeOperator restored(all, {0}, true, "ChangelogNormalize(key=[k])");
    restored.restoreState(op.snapshotState(1));
    restored.processBatch(makeBatch(RowKind::Delete, true), 0, out);
    REQUIRE(out.batch.numRows == 1);
    CHECK(out.batch.kind(0) == RowKind::Delete);
    for (size_t c = 0; c < all.size(); ++c) {
        INFO("column " << c);
        CHECK(out.batch.columns[c].getValue(0) == values[c]);
    }
}
