#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "connectors/kafka/kafka_partitioner.h"
#include "connectors/kafka/kafka_sink.h"

// The Kafka sink against librdkafka's in-process mock cluster (no broker needed); the real-broker
// checks live in tests/kafka/sink_*.sh.

using namespace sluice;
using namespace sluice::connectors::kafka;

namespace {

/// A one-broker mock cluster, owned by a throwaway producer handle.
struct MockCluster {
    rd_kafka_t* owner = nullptr;
    rd_kafka_mock_cluster_t* cluster = nullptr;
    std::string bootstrap;
    MockCluster() {
        char err[256];
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "log_level", "0", err, sizeof(err));
        owner = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
        cluster = rd_kafka_mock_cluster_new(owner, 1);
        bootstrap = rd_kafka_mock_cluster_bootstraps(cluster);
    }
    ~MockCluster() {
        rd_kafka_mock_cluster_destroy(cluster);
        rd_kafka_destroy(owner);
    }
    void createTopic(const std::string& t, int partitions) {
        rd_kafka_mock_topic_create(cluster, t.c_str(), partitions, 1);
    }
};

struct Message {
    int32_t partition;
    std::optional<std::string> key;
    std::optional<std::string> value;
    int64_t timestamp;
    std::vector<std::pair<std::string, std::string>> headers;
};

/// Every message of `topic` (all partitions, from the beginning).
std::vector<Message> readAll(const std::string& bootstrap, const std::string& topic, int partitions) {
    char err[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof(err));
    rd_kafka_conf_set(conf, "enable.partition.eof", "true", err, sizeof(err));
    rd_kafka_conf_set(conf, "log_level", "0", err, sizeof(err));
    rd_kafka_conf_set(conf, "group.id", "kafka-sink-test", err, sizeof(err));
    rd_kafka_t* c = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; ++p)
        rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(c, list);
    rd_kafka_topic_partition_list_destroy(list);
    std::vector<Message> out;
    int eofs = 0;
    for (int i = 0; i < 200 && eofs < partitions; ++i) {
        rd_kafka_message_t* m = rd_kafka_consumer_poll(c, 100);
        if (!m) continue;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            ++eofs;
        } else if (!m->err) {
            Message msg;
            msg.partition = m->partition;
            if (m->key) msg.key = std::string(static_cast<const char*>(m->key), m->key_len);
            if (m->payload) msg.value = std::string(static_cast<const char*>(m->payload), m->len);
            msg.timestamp = rd_kafka_message_timestamp(m, nullptr);
            rd_kafka_headers_t* h = nullptr;
            if (rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR) {
                const char* name;
                const void* v;
                size_t size;
                for (size_t idx = 0; !rd_kafka_header_get_all(h, idx, &name, &v, &size); ++idx)
                    msg.headers.emplace_back(name, v ? std::string(static_cast<const char*>(v), size) : "");
            }
            out.push_back(std::move(msg));
        }
        rd_kafka_message_destroy(m);
    }
    rd_kafka_consumer_close(c);
    rd_kafka_destroy(c);
    return out;
}

planner::ConnectorTable table(const std::string& bootstrap, const std::string& topic,
                              std::vector<std::pair<std::string, std::string>> extra) {
    planner::ConnectorTable t;
    t.name = "default_catalog.default_database.k";
    t.physical.fields = {{"id", DataType::bigint()}, {"name", DataType::string()}};
    std::vector<std::pair<std::string, std::string>> o = {
        {"topic", topic}, {"properties.bootstrap.servers", bootstrap}, {"properties.log_level", "0"}};
    o.insert(o.end(), extra.begin(), extra.end());
    t.options = planner::TableOptions(o);
    return t;
}

RecordBatch rows(const Schema& schema, const std::vector<std::vector<Value>>& values,
                 std::vector<RowKind> kinds = {}) {
    RecordBatch b(schema);
    for (const auto& row : values)
        for (size_t c = 0; c < row.size(); ++c) b.columns[c].appendValue(row[c]);
    b.numRows = values.size();
    b.rowKinds = std::move(kinds);
    return b;
}

Schema schemaOf(const planner::ConnectorTable& t) {
    Schema s = t.physical;
    for (const auto& m : t.metadata)
        if (!m.isVirtual) s.fields.push_back({m.name, m.type});
    return s;
}

void runSink(const planner::ConnectorTable& t, bool upsert, const std::vector<RecordBatch>& batches,
             int subtask = 0, int parallelism = 1) {
    KafkaSinkProvider provider(KafkaSinkConfig::fromTable(t, upsert));
    auto sink = provider.createSink(subtask, parallelism);
    runtime::SinkContext ctx;
    ctx.subtask = subtask;
    ctx.parallelism = parallelism;
    sink->open(ctx);
    for (const auto& b : batches) sink->write(b);
    sink->finish();
    sink->close();
}

}  // namespace

TEST_CASE("kafka sink: key and value formats, EXCEPT_KEY, murmur2 partitions", "[kafka][sink]") {
    MockCluster mock;
    mock.createTopic("kv", 4);
    auto t = table(mock.bootstrap, "kv",
                   {{"key.format", "json"},
                    {"key.fields", "id"},
                    {"value.format", "json"},
                    {"value.fields-include", "EXCEPT_KEY"}});
    runSink(
        t, false,
        {rows(t.physical, {{Value::integer(1), Value::string("a")}, {Value::integer(2), Value::null()}})});
    auto msgs = readAll(mock.bootstrap, "kv", 4);
    REQUIRE(msgs.size() == 2);
    std::map<std::string, std::string> byKey;
    for (const auto& m : msgs) byKey[*m.key] = *m.value;
    CHECK(byKey["{\"id\":1}"] == "{\"name\":\"a\"}");
    CHECK(byKey["{\"id\":2}"] == "{\"name\":null}");
    // The same key always lands in the same partition (murmur2, as the Java client).
    runSink(t, false, {rows(t.physical, {{Value::integer(1), Value::string("b")}})});
    msgs = readAll(mock.bootstrap, "kv", 4);
    std::set<int32_t> partitionsOfKey1;
    for (const auto& m : msgs)
        if (*m.key == "{\"id\":1}") partitionsOfKey1.insert(m.partition);
    CHECK(partitionsOfKey1.size() == 1);
}

TEST_CASE("kafka sink: fixed and round-robin partitioners", "[kafka][sink]") {
    MockCluster mock;
    mock.createTopic("fx", 4);
    auto fixed = table(mock.bootstrap, "fx", {{"format", "json"}, {"sink.partitioner", "fixed"}});
    runSink(fixed, false,
            {rows(fixed.physical,
                  {{Value::integer(1), Value::string("a")}, {Value::integer(2), Value::string("b")}})},
            5, 6);
    for (const auto& m : readAll(mock.bootstrap, "fx", 4)) CHECK(m.partition == 1);  // 5 % 4

    mock.createTopic("rr", 4);
    auto rr = table(mock.bootstrap, "rr", {{"format", "json"}, {"sink.partitioner", "round-robin"}});
    std::vector<std::vector<Value>> eight;
    for (int i = 0; i < 8; ++i) eight.push_back({Value::integer(i), Value::string("x")});
    runSink(rr, false, {rows(rr.physical, eight)});
    std::map<int32_t, int> perPartition;
    for (const auto& m : readAll(mock.bootstrap, "rr", 4)) ++perPartition[m.partition];
    CHECK(perPartition == std::map<int32_t, int>{{0, 2}, {1, 2}, {2, 2}, {3, 2}});

    KafkaPartitioner p(KafkaPartitioner::Mode::Fixed, 6);
    p.setPartitionCount(4);
    CHECK(p.partition() == 2);
    CHECK_THROWS_AS(KafkaPartitioner::parse("org.example.MyPartitioner"), ValidationError);
}

TEST_CASE("upsert-kafka sink: key from the PRIMARY KEY, tombstones, -U skipped, buffering", "[kafka][sink]") {
    MockCluster mock;
    mock.createTopic("up", 1);
    auto t = table(mock.bootstrap, "up", {{"key.format", "json"}, {"value.format", "json"}});
    t.primaryKey = {"id"};
    runSink(t, true,
            {rows(t.physical,
                  {{Value::integer(1), Value::string("a")},
                   {Value::integer(1), Value::string("a")},
                   {Value::integer(1), Value::string("b")},
                   {Value::integer(1), Value::string("b")}},
                  {RowKind::Insert, RowKind::UpdateBefore, RowKind::UpdateAfter, RowKind::Delete})});
    auto msgs = readAll(mock.bootstrap, "up", 1);
    REQUIRE(msgs.size() == 3);
    CHECK(*msgs[0].key == "{\"id\":1}");
    CHECK(*msgs[0].value == "{\"id\":1,\"name\":\"a\"}");
    CHECK(*msgs[1].value == "{\"id\":1,\"name\":\"b\"}");
    CHECK(!msgs[2].value.has_value());  // tombstone

    // With sink.buffer-flush.* only the last row per key is sent.
    mock.createTopic("upb", 1);
    auto b = table(mock.bootstrap, "upb",
                   {{"key.format", "json"},
                    {"value.format", "json"},
                    {"sink.buffer-flush.max-rows", "100"},
                    {"sink.buffer-flush.interval", "1h"}});
    b.primaryKey = {"id"};
    runSink(b, true,
            {rows(b.physical,
                  {{Value::integer(1), Value::string("a")},
                   {Value::integer(2), Value::string("x")},
                   {Value::integer(1), Value::string("c")}},
                  {RowKind::Insert, RowKind::Insert, RowKind::UpdateAfter})});
    msgs = readAll(mock.bootstrap, "upb", 1);
    REQUIRE(msgs.size() == 2);
    CHECK(*msgs[0].value == "{\"id\":1,\"name\":\"c\"}");
    CHECK(*msgs[1].value == "{\"id\":2,\"name\":\"x\"}");

    // 'kafka' is append-only.
    auto plain = table(mock.bootstrap, "up", {{"format", "json"}});
    CHECK_FALSE(KafkaSinkProvider(KafkaSinkConfig::fromTable(plain, false)).acceptsUpdates());
    CHECK(KafkaSinkProvider(KafkaSinkConfig::fromTable(t, true)).acceptsUpdates());
}

TEST_CASE("kafka sink: timestamp and headers metadata", "[kafka][sink]") {
    MockCluster mock;
    mock.createTopic("md", 1);
    auto t = table(mock.bootstrap, "md", {{"format", "json"}});
    t.metadata = {{"ts", "timestamp", DataType::timestampLtz(3), false},
                  {"h", "headers", DataType::map(DataType::string(), DataType::bytes()), false},
                  {"p", "partition", DataType::integer(), true}};
    Value headers =
        Value::list({Value::string("trace"), Value::string("abc"), Value::string("n"), Value::string("1")});
    runSink(t, false,
            {rows(schemaOf(t),
                  {{Value::integer(1), Value::string("a"), Value::integer(1700000000123000), headers},
                   {Value::integer(2), Value::string("b"), Value::null(), Value::null()}})});
    auto msgs = readAll(mock.bootstrap, "md", 1);
    REQUIRE(msgs.size() == 2);
    CHECK(*msgs[0].value == "{\"id\":1,\"name\":\"a\"}");
    CHECK(msgs[0].timestamp == 1700000000123);
    CHECK(msgs[0].headers == std::vector<std::pair<std::string, std::string>>{{"trace", "abc"}, {"n", "1"}});
    CHECK(msgs[1].timestamp > 1700000000123);  // no timestamp: the producer's clock
    CHECK(msgs[1].headers.empty());

    auto bad = table(mock.bootstrap, "md", {{"format", "json"}});
    bad.metadata = {{"p", "partition", DataType::integer(), false}};
    CHECK_THROWS_WITH(KafkaSinkConfig::fromTable(bad, false),
                      Catch::Contains("Invalid metadata key 'partition'"));
}

TEST_CASE("kafka sink: option checks", "[kafka][sink]") {
    auto eos = table("127.0.0.1:1", "t", {{"format", "json"}, {"sink.delivery-guarantee", "exactly-once"}});
    CHECK_THROWS_WITH(KafkaSinkConfig::fromTable(eos, false),
                      Catch::Contains("sink.transactional-id-prefix must be specified"));
    auto rr = table("127.0.0.1:1", "t",
                    {{"key.format", "json"},
                     {"key.fields", "id"},
                     {"format", "json"},
                     {"sink.partitioner", "round-robin"}});
    CHECK_THROWS_WITH(KafkaSinkConfig::fromTable(rr, false), Catch::Contains("'round-robin' partitioner"));
    auto two = table("127.0.0.1:1", "a;b", {{"format", "json"}});
    CHECK_THROWS_WITH(KafkaSinkConfig::fromTable(two, false), Catch::Contains("single topic"));
    auto upsertNoKey = table("127.0.0.1:1", "t", {{"key.format", "json"}, {"value.format", "json"}});
    CHECK_THROWS_WITH(KafkaSinkConfig::fromTable(upsertNoKey, true), Catch::Contains("PRIMARY KEY"));
}

TEST_CASE("kafka sink: unreachable broker and failed deliveries are job errors", "[kafka][sink]") {
    auto down = table("127.0.0.1:1", "t", {{"format", "json"}, {"properties.default.api.timeout.ms", "500"}});
    KafkaSinkProvider provider(KafkaSinkConfig::fromTable(down, false));
    auto sink = provider.createSink(0, 1);
    runtime::SinkContext ctx;
    CHECK_THROWS_WITH(sink->open(ctx), Catch::Contains("Cannot reach the Kafka brokers at 127.0.0.1:1"));

    MockCluster mock;
    mock.createTopic("gone", 1);
    auto t = table(mock.bootstrap, "gone", {{"format", "json"}, {"properties.message.timeout.ms", "300"}});
    KafkaSinkProvider p2(KafkaSinkConfig::fromTable(t, false));
    auto s2 = p2.createSink(0, 1);
    s2->open(ctx);
    rd_kafka_mock_broker_set_down(mock.cluster, 1);
    s2->write(rows(t.physical, {{Value::integer(1), Value::string("a")}}));
    CHECK_THROWS_WITH(s2->prepareCheckpoint(1), Catch::Contains("Failed to send data to Kafka topic 'gone'"));
    s2->close();
}
