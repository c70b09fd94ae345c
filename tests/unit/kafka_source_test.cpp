// The Kafka source against librdkafka's mock cluster (no real broker needed): startup and bounded
// modes, checkpoint state and offset commits, error messages, option translation. The real-broker
// tests are tests/kafka/source_modes.sh.

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <thread>

#include "common/error.h"
#include "connectors/kafka/kafka_factory.h"
#include "connectors/kafka/kafka_properties.h"
#include "connectors/kafka/kafka_source.h"
#include "connectors/kafka/kafka_source_config.h"
#include "runtime/collector.h"

using namespace sluice;
using namespace sluice::connectors::kafka;

namespace {

struct Rows : runtime::Collector {
    std::vector<RecordBatch> batches;
    void collect(RecordBatch batch) override { batches.push_back(std::move(batch)); }
    size_t count() const {
        size_t n = 0;
        for (const auto& b : batches) n += b.numRows;
        return n;
    }
    std::multiset<int32_t> ints(size_t column) const {
        std::multiset<int32_t> out;
        for (const auto& b : batches)
            for (size_t r = 0; r < b.numRows; ++r) out.insert(b.columns[column].data<int32_t>()[r]);
        return out;
    }
};

// A producer owning a mock cluster with topic `mt` (2 partitions): partition p holds JSON records
// {"a": p*100 + i} for i in [0, perPartition), then whatever `extra` appends.
struct MockCluster {
    rd_kafka_t* producer = nullptr;
    rd_kafka_mock_cluster_t* cluster = nullptr;
    std::string bootstraps;

    explicit MockCluster(int perPartition) {
        char err[512];
        rd_kafka_conf_t* conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "test.mock.num.brokers", "1", err, sizeof(err));
        rd_kafka_conf_set(conf, "log_level", "0", err, sizeof(err));
        producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
        REQUIRE(producer);
        cluster = rd_kafka_handle_mock_cluster(producer);
        REQUIRE(cluster);
        REQUIRE(rd_kafka_mock_topic_create(cluster, "mt", 2, 1) == RD_KAFKA_RESP_ERR_NO_ERROR);
        bootstraps = rd_kafka_mock_cluster_bootstraps(cluster);
        for (int p = 0; p < 2; ++p)
            for (int i = 0; i < perPartition; ++i) produce(p, "{\"a\": " + std::to_string(p * 100 + i) + "}");
    }
    void produce(int partition, const std::string& value) {
        REQUIRE(rd_kafka_producev(producer, RD_KAFKA_V_TOPIC("mt"), RD_KAFKA_V_PARTITION(partition),
                                  RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                                  RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                  RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR_NO_ERROR);
        REQUIRE(rd_kafka_flush(producer, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    ~MockCluster() { rd_kafka_destroy(producer); }
};

planner::ConnectorTable table(const std::string& bootstraps,
                              std::vector<std::pair<std::string, std::string>> extra) {
    planner::ConnectorTable t;
    t.name = "default_catalog.default_database.k";
    t.physical.fields = {{"a", DataType::integer()}};
    t.metadata = {{"off", "offset", DataType::bigint(), true},
                  {"part", "partition", DataType::integer(), true}};
    std::vector<std::pair<std::string, std::string>> o = {{"connector", "kafka"},
                                                          {"properties.bootstrap.servers", bootstraps},
                                                          {"topic", "mt"},
                                                          {"format", "json"},
                                                          {"properties.default.api.timeout.ms", "5000"}};
    o.insert(o.end(), extra.begin(), extra.end());
    t.options = planner::TableOptions(o);
    return t;
}

planner::ScanRequest fullScan() {
    planner::ScanRequest s;
    s.physicalFields = {0};
    s.metadataFields = {0, 1};
    return s;
}

// Polls a bounded source to its end (or 10 s).
void drain(runtime::Source& src, Rows& rows) {
    runtime::SourceContext ctx;
    src.open(ctx);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (src.poll(rows)) REQUIRE(std::chrono::steady_clock::now() < deadline);
}

int64_t committed(const std::string& bootstraps, const std::string& group, int partition) {
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstraps.c_str(), err, sizeof(err));
    rd_kafka_conf_set(conf, "group.id", group.c_str(), err, sizeof(err));
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
    rd_kafka_topic_partition_list_t* l = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(l, "mt", partition);
    rd_kafka_committed(rk, l, 5000);
    int64_t off = l->elems[0].offset;
    rd_kafka_topic_partition_list_destroy(l);
    rd_kafka_destroy(rk);
    return off;
}

}  // namespace

TEST_CASE("kafka specific offsets parse like Flink", "[kafka]") {
    auto m =
        parseSpecificOffsets("partition:0,offset:42;partition:1,offset:300", "scan.startup.specific-offsets");
    CHECK(m == std::map<int32_t, int64_t>{{0, 42}, {1, 300}});
    CHECK_THROWS_WITH(parseSpecificOffsets("partition:0;offset:1", "k"),
                      Catch::Contains("Invalid properties 'k' should follow the format"));
    CHECK_THROWS_AS(parseSpecificOffsets("partition:a,offset:1", "k"), ValidationError);
}

TEST_CASE("kafka partitions spread over subtasks as Flink's enumerator does", "[kafka]") {
    for (int parallelism : {1, 2, 3}) {
        std::vector<int> perSubtask(static_cast<size_t>(parallelism));
        for (int p = 0; p < 6; ++p) {
            int owner = splitOwner("rides", p, parallelism);
            REQUIRE(owner >= 0);
            REQUIRE(owner < parallelism);
            ++perSubtask[static_cast<size_t>(owner)];
            if (p > 0) CHECK(owner == (splitOwner("rides", p - 1, parallelism) + 1) % parallelism);
        }
        for (int n : perSubtask) CHECK(n == 6 / parallelism);
    }
    // Java: ((("rides".hashCode() * 31) & 0x7FFFFFFF) % 3 + p) % 3, "rides".hashCode() = 108508795
    int32_t start = static_cast<int32_t>((108508795u * 31u) & 0x7FFFFFFFu) % 3;
    CHECK(splitOwner("rides", 0, 3) == start);
}

TEST_CASE("kafka properties translate Java client keys", "[kafka]") {
    auto opts = [](std::vector<std::pair<std::string, std::string>> e) {
        e.insert(e.begin(), {"properties.bootstrap.servers", "localhost:9092"});
        return planner::TableOptions(e);
    };
    auto p = readKafkaProperties(opts({{"properties.security.protocol", "SASL_SSL"},
                                       {"properties.sasl.jaas.config",
                                        "org.apache.kafka.common.security.plain.PlainLoginModule required "
                                        "username=\"alice\" password=\"s3;cret\";"},
                                       {"properties.auto.offset.reset", "none"}}),
                                 ClientRole::Consumer);
    auto has = [&](const std::string& k, const std::string& v) {
        for (const auto& [k2, v2] : p.rdkafka)
            if (k2 == k && v2 == v) return true;
        return false;
    };
    CHECK(has("sasl.username", "alice"));
    CHECK(has("sasl.password", "s3;cret"));
    CHECK(has("sasl.mechanisms", "PLAIN"));
    CHECK(has("security.protocol", "SASL_SSL"));
    CHECK(p.autoOffsetReset == "none");
    CHECK_THROWS_WITH(
        readKafkaProperties(opts({{"properties.ssl.keystore.location", "/k.jks"}}), ClientRole::Consumer),
        Catch::Contains("option 'properties.ssl.keystore.location'"));
    CHECK_THROWS_WITH(readKafkaProperties(opts({{"properties.key.deserializer", "x"}}), ClientRole::Consumer),
                      Catch::Contains("'properties.key.deserializer'"));
    CHECK_THROWS_WITH(readKafkaProperties(opts({{"properties.bogus.key", "1"}}), ClientRole::Consumer),
                      Catch::Contains("'properties.bogus.key'"));
    auto pem = readKafkaProperties(
        opts({{"properties.ssl.truststore.type", "PEM"}, {"properties.ssl.truststore.location", "/ca.pem"}}),
        ClientRole::Consumer);
    CHECK(pem.rdkafka.back() == std::pair<std::string, std::string>{"ssl.ca.location", "/ca.pem"});
}

TEST_CASE("kafka source reads a mock cluster, snapshots and commits offsets", "[kafka]") {
    MockCluster mc(5);
    KafkaFactory factory;
    planner::FactoryContext ctx;
    auto t = table(mc.bootstraps, {{"scan.startup.mode", "earliest-offset"},
                                   {"scan.bounded.mode", "latest-offset"},
                                   {"properties.group.id", "g1"}});
    auto provider = factory.createSource(t, fullScan(), ctx);
    CHECK(provider->isBounded());
    REQUIRE(provider->outputSchema().size() == 3);

    SECTION("parallelism 1 reads both partitions, one partition per batch, with origins") {
        auto src = provider->createSource(0, 1);
        Rows rows;
        drain(*src, rows);
        CHECK(rows.ints(0) == std::multiset<int32_t>{0, 1, 2, 3, 4, 100, 101, 102, 103, 104});
        for (const auto& b : rows.batches) {
            REQUIRE(b.origins);
            int32_t part = b.columns[2].data<int32_t>()[0];
            CHECK(b.origins->source == "topic 'mt', partition " + std::to_string(part));
            for (size_t r = 0; r < b.numRows; ++r) {
                CHECK(b.columns[2].data<int32_t>()[r] == part);
                CHECK(b.origins->positions[r] == b.columns[1].data<int64_t>()[r]);
            }
        }
        std::string state = src->snapshotState(7);
        CHECK(state.find("mt\t0\t5\n") != std::string::npos);
        CHECK(state.find("mt\t1\t5\n") != std::string::npos);
        src->notifyCheckpointComplete(7);
        int64_t off = -1;
        for (int i = 0; i < 50 && off != 5; ++i) {
            off = committed(mc.bootstraps, "g1", 0);
            if (off != 5) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        CHECK(off == 5);
        src->close();
    }
    SECTION("parallelism 2: each subtask reads its own partition") {
        Rows a, b;
        auto s0 = provider->createSource(0, 2);
        auto s1 = provider->createSource(1, 2);
        drain(*s0, a);
        drain(*s1, b);
        CHECK(a.count() == 5);
        CHECK(b.count() == 5);
        CHECK(a.ints(0) != b.ints(0));
    }
    SECTION("a restored state overrides the startup mode") {
        auto src = provider->createSource(0, 1);
        src->restoreState("mt\t0\t3\nmt\t1\t5\n");
        Rows rows;
        drain(*src, rows);
        CHECK(rows.ints(0) == std::multiset<int32_t>{3, 4});
    }
}

TEST_CASE("kafka source startup and bounded modes on a mock cluster", "[kafka]") {
    MockCluster mc(5);
    KafkaFactory factory;
    planner::FactoryContext ctx;
    auto read = [&](std::vector<std::pair<std::string, std::string>> extra) {
        auto provider = factory.createSource(table(mc.bootstraps, std::move(extra)), fullScan(), ctx);
        auto src = provider->createSource(0, 1);
        Rows rows;
        drain(*src, rows);
        return rows.ints(0);
    };
    CHECK(read({{"scan.startup.mode", "specific-offsets"},
                {"scan.startup.specific-offsets", "partition:0,offset:4;partition:1,offset:2"},
                {"scan.bounded.mode", "latest-offset"}}) == std::multiset<int32_t>{4, 102, 103, 104});
    // a partition missing from the bounded offsets is not read
    CHECK(read({{"scan.startup.mode", "earliest-offset"},
                {"scan.bounded.mode", "specific-offsets"},
                {"scan.bounded.specific-offsets", "partition:0,offset:2"}}) == std::multiset<int32_t>{0, 1});
    CHECK(read({{"scan.startup.mode", "latest-offset"}, {"scan.bounded.mode", "latest-offset"}}).empty());
    CHECK(read({{"properties.group.id", "fresh"},
                {"properties.auto.offset.reset", "latest"},
                {"scan.bounded.mode", "latest-offset"}})
              .empty());
    CHECK_THROWS_WITH(read({{"properties.group.id", "fresh"}, {"scan.bounded.mode", "latest-offset"}}),
                      Catch::Contains("Undefined offset with no reset policy for partitions: [mt-0, mt-1]"));
}

TEST_CASE("kafka source errors name topic, partition and offset", "[kafka]") {
    MockCluster mc(2);
    mc.produce(0, "{\"a\": \"not a number\"}");
    mc.produce(0, "{\"a\": 9");
    KafkaFactory factory;
    planner::FactoryContext ctx;
    auto base = std::vector<std::pair<std::string, std::string>>{{"scan.startup.mode", "earliest-offset"},
                                                                 {"scan.bounded.mode", "latest-offset"}};
    {
        auto src = factory.createSource(table(mc.bootstraps, base), fullScan(), ctx)->createSource(0, 1);
        Rows rows;
        CHECK_THROWS_WITH(drain(*src, rows), Catch::Contains("topic 'mt', partition 0, offset 2"));
    }
    {
        auto opts = base;
        opts.push_back({"json.ignore-parse-errors", "true"});
        auto src = factory.createSource(table(mc.bootstraps, opts), fullScan(), ctx)->createSource(0, 1);
        Rows rows;
        drain(*src, rows);
        // the wrong-typed field becomes NULL (Flink's ignore-parse-errors); the truncated record is skipped
        CHECK(rows.count() == 5);
        CHECK(dynamic_cast<KafkaSource&>(*src).skippedRecords() == 1);
    }
    {
        auto t = table(mc.bootstraps, base);
        t.options = planner::TableOptions({{"properties.bootstrap.servers", mc.bootstraps},
                                           {"topic", "nope"},
                                           {"format", "json"},
                                           {"properties.default.api.timeout.ms", "3000"}});
        auto src = factory.createSource(t, fullScan(), ctx)->createSource(0, 1);
        Rows rows;
        CHECK_THROWS_WITH(drain(*src, rows), Catch::Contains("topic 'nope' does not exist"));
    }
    {
        auto t = table("127.0.0.1:1", {{"properties.default.api.timeout.ms", "1000"}});
        auto src = factory.createSource(t, fullScan(), ctx)->createSource(0, 1);
        Rows rows;
        CHECK_THROWS_WITH(drain(*src, rows), Catch::Contains("'127.0.0.1:1'"));
    }
}
