#pragma once

// The table's 'properties.*' options as a librdkafka configuration, shared by the Kafka source and
// sink. Flink hands 'properties.*' to the Java client; librdkafka spells some keys differently or
// lacks them, so Java-only keys are translated where an equivalent exists and rejected otherwise.

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "planner/table_options.h"

namespace sluice::connectors::kafka {

enum class ClientRole { Consumer, Producer };

/// The client settings taken from 'properties.*', after translation.
struct KafkaClientProperties {
    /// librdkafka keys and values, in table order (bootstrap.servers, group.id, security ...).
    std::vector<std::pair<std::string, std::string>> rdkafka;
    /// 'properties.auto.offset.reset' as Flink reads it (earliest | latest | none), when set. It is
    /// kept out of librdkafka: the source resolves start offsets itself.
    std::optional<std::string> autoOffsetReset;
    /// 'properties.commit.offsets.on.checkpoint' (Flink's KafkaSourceOptions; default true).
    bool commitOffsetsOnCheckpoint = true;
    /// 'properties.default.api.timeout.ms' (the Java client's timeout for metadata and offset
    /// look-ups); default 30 s, shorter than Java's 60 s so that a dead broker is reported sooner.
    int64_t apiTimeoutMs = 30000;
    /// 'properties.partition.discovery.interval.ms' when given (overrides the table option).
    std::optional<int64_t> partitionDiscoveryIntervalMs;
    /// The user's 'properties.bootstrap.servers', for messages.
    std::string bootstrapServers;
    bool userSetQueuedMaxKbytes = false;
};

/// Reads and translates every 'properties.*' option. Trust and key stores are opened here, at plan
/// time: a PKCS12 trust store becomes PEM text (ssl.ca.pem), a PKCS12 key store is handed to librdkafka
/// once its password opens it. Throws ValidationError naming the option for a key librdkafka does not
/// know (checked against a scratch configuration), a JKS key store, a store that cannot be read or
/// whose password does not open it, a deserializer or serializer class, or an unsupported JAAS login
/// module. Warns on stderr when SCRAM meets a librdkafka older than 2.6.1 (Kafka 4.x refuses it).
KafkaClientProperties readKafkaProperties(const planner::TableOptions& options, ClientRole role);

/// A new librdkafka configuration holding `props.rdkafka`; the caller owns it (rd_kafka_new takes it
/// over). Throws ValidationError naming the 'properties.' key librdkafka rejects.
rd_kafka_conf_t* buildRdKafkaConf(const KafkaClientProperties& props);

/// Sets one librdkafka key on `conf`; throws ValidationError (naming `optionName`) when rejected.
void setRdKafkaConf(rd_kafka_conf_t* conf, const std::string& key, const std::string& value,
                    const std::string& optionName);

/// The Java-client keys this module translates or rejects, one line each ("key: what happens"),
/// for documentation and the shell's help.
std::vector<std::string> translatedKafkaKeys();

/// Deleters for RAII holders of librdkafka handles.
struct RdKafkaDeleter {
    void operator()(rd_kafka_t* rk) const;
    void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
    void operator()(rd_kafka_topic_partition_list_t* l) const { rd_kafka_topic_partition_list_destroy(l); }
    void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
    void operator()(const rd_kafka_metadata_t* md) const { rd_kafka_metadata_destroy(md); }
};
using RdKafkaHandle = std::unique_ptr<rd_kafka_t, RdKafkaDeleter>;
using RdKafkaPartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, RdKafkaDeleter>;
using RdKafkaQueue = std::unique_ptr<rd_kafka_queue_t, RdKafkaDeleter>;
using RdKafkaMetadata = std::unique_ptr<const rd_kafka_metadata_t, RdKafkaDeleter>;

}  // namespace sluice::connectors::kafka
