#include "connectors/kafka/kafka_properties.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <regex>

#include "common/error.h"

namespace sluice::connectors::kafka {

namespace {

constexpr const char* kPrefix = "properties.";

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// Flink-side settings read by Flink's KafkaSource, not by the Kafka client: consumed here.
bool isFlinkSourceKey(const std::string& key) {
    return key == "partition.discovery.interval.ms" || key == "commit.offsets.on.checkpoint" ||
           key == "client.id.prefix" || key == "register.consumer.metrics" ||
           key == "flink.partition-discovery.interval-millis";
}

// Java keys with no librdkafka equivalent that are harmless to drop (they tune the Java client's own
// machinery); everything else unknown to librdkafka is an error.
bool isIgnorableJavaKey(const std::string& key) {
    return key == "client.dns.lookup" || key == "max.poll.records" || key == "max.poll.interval.ms.ignored";
}

// `username="x" password="y"` inside a JAAS line; quotes may be single or double.
std::optional<std::string> jaasValue(const std::string& jaas, const std::string& name) {
    std::regex re(name + R"re(\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;]+)))re");
    std::smatch m;
    if (!std::regex_search(jaas, m, re)) return std::nullopt;
    for (int i = 1; i <= 3; ++i)
        if (m[i].matched) return m[i].str();
    return std::nullopt;
}

void translateJaas(const std::string& value, const planner::TableOptions& options,
                   std::vector<std::pair<std::string, std::string>>& out) {
    bool plain = value.find("PlainLoginModule") != std::string::npos;
    bool scram = value.find("ScramLoginModule") != std::string::npos;
    if (!plain && !scram)
        throw ValidationError(fmt::format(
            "Unsupported value for option 'properties.sasl.jaas.config': only "
            "org.apache.kafka.common.security.plain.PlainLoginModule and "
            "org.apache.kafka.common.security.scram.ScramLoginModule (username/password) are translated "
            "for librdkafka. For other mechanisms set librdkafka's own keys (e.g. "
            "'properties.sasl.kerberos.*', "
            "'properties.sasl.oauthbearer.*') instead. Value: '{}'",
            value.substr(0, value.find("password"))));
    auto user = jaasValue(value, "username");
    auto pass = jaasValue(value, "password");
    if (!user || !pass)
        throw ValidationError(
            "Option 'properties.sasl.jaas.config' must give both username=\"...\" and password=\"...\".");
    out.emplace_back("sasl.username", *user);
    out.emplace_back("sasl.password", *pass);
    bool hasMechanism = options.has("properties.sasl.mechanism") || options.has("properties.sasl.mechanisms");
    if (!hasMechanism) {
        if (scram)
            throw ValidationError(
                "Option 'properties.sasl.jaas.config' uses ScramLoginModule: set 'properties.sasl.mechanism' "
                "to 'SCRAM-SHA-256' or 'SCRAM-SHA-512'.");
        out.emplace_back("sasl.mechanisms", "PLAIN");
    }
}

[[noreturn]] void rejectJks(const std::string& key, const std::string& pemKey) {
    throw ValidationError(fmt::format(
        "Unsupported Kafka client property 'properties.{}': librdkafka cannot read Java key stores "
        "(JKS/PKCS12). Convert it to PEM (e.g. keytool -exportcert -rfc, or openssl pkcs12 -nodes) and set "
        "'properties.{}' instead, or set 'properties.{}' to 'PEM' for a PEM file.",
        key, pemKey, key.rfind("ssl.truststore", 0) == 0 ? "ssl.truststore.type" : "ssl.keystore.type"));
}

}  // namespace

void RdKafkaDeleter::operator()(rd_kafka_t* rk) const {
    rd_kafka_destroy(rk);
}

KafkaClientProperties readKafkaProperties(const planner::TableOptions& options, ClientRole role) {
    KafkaClientProperties props;
    props.bootstrapServers = options.getOr("properties.bootstrap.servers", "");
    auto prop = [&](const std::string& k) { return options.get(kPrefix + k); };
    std::string truststoreType = lower(prop("ssl.truststore.type").value_or("JKS"));
    std::string keystoreType = lower(prop("ssl.keystore.type").value_or("JKS"));

    for (const auto& [fullKey, value] : options.entries()) {
        if (fullKey.rfind(kPrefix, 0) != 0) continue;
        std::string key = fullKey.substr(std::char_traits<char>::length(kPrefix));
        auto& out = props.rdkafka;
        if (key == "key.deserializer" || key == "value.deserializer" || key == "key.serializer" ||
            key == "value.serializer")
            throw ValidationError(fmt::format(
                "Unsupported Kafka client property '{}': the table's formats ('key.format', 'value.format') "
                "turn message bytes into rows; Kafka (de)serializer classes are not used.",
                fullKey));
        if (key == "auto.offset.reset") {
            std::string v = lower(value);
            if (v == "smallest") v = "earliest";
            if (v == "largest") v = "latest";
            if (v != "earliest" && v != "latest" && v != "none")
                throw ValidationError(fmt::format(
                    "Invalid value for option '{}': '{}'. Supported values are [earliest, latest, none].",
                    fullKey, value));
            props.autoOffsetReset = v;
            continue;
        }
        if (key == "commit.offsets.on.checkpoint") {
            std::string v = lower(value);
            if (v != "true" && v != "false")
                throw ValidationError(
                    fmt::format("Invalid value for option '{}': '{}' is not a boolean.", fullKey, value));
            props.commitOffsetsOnCheckpoint = v == "true";
            continue;
        }
        if (key == "partition.discovery.interval.ms") {
            props.partitionDiscoveryIntervalMs = options.getInt(fullKey);
            continue;
        }
        if (key == "default.api.timeout.ms") {
            props.apiTimeoutMs = std::max<int64_t>(1, options.getInt(fullKey).value_or(30000));
            continue;
        }
        if (isFlinkSourceKey(key) || isIgnorableJavaKey(key)) continue;
        if (key == "enable.auto.commit" || key == "enable.auto.offset.store") {
            // the checkpoint owns the offsets (Flink forces enable.auto.commit=false too)
            if (role == ClientRole::Consumer) continue;
        }
        if (key == "sasl.jaas.config") {
            translateJaas(value, options, out);
            continue;
        }
        if (key == "sasl.mechanism") {
            out.emplace_back("sasl.mechanisms", value);
            continue;
        }
        if (key == "ssl.truststore.type" || key == "ssl.keystore.type") continue;  // read above
        if (key == "ssl.truststore.location") {
            if (truststoreType != "pem") rejectJks(key, "ssl.ca.location");
            out.emplace_back("ssl.ca.location", value);
            continue;
        }
        if (key == "ssl.truststore.password") {
            if (truststoreType != "pem") rejectJks(key, "ssl.ca.location");
            continue;  // a PEM trust store has no password
        }
        if (key == "ssl.truststore.certificates") {
            out.emplace_back("ssl.ca.pem", value);
            continue;
        }
        if (key == "ssl.keystore.location") {
            if (keystoreType != "pem")
                rejectJks(key, "ssl.certificate.location' and 'properties.ssl.key.location");
            // a Java PEM key store holds the key and the certificate chain in one file
            out.emplace_back("ssl.certificate.location", value);
            out.emplace_back("ssl.key.location", value);
            continue;
        }
        if (key == "ssl.keystore.password") {
            if (keystoreType != "pem") rejectJks(key, "ssl.key.password");
            out.emplace_back("ssl.key.password", value);
            continue;
        }
        if (key == "ssl.keystore.certificate.chain") {
            out.emplace_back("ssl.certificate.pem", value);
            continue;
        }
        if (key == "ssl.keystore.key") {
            out.emplace_back("ssl.key.pem", value);
            continue;
        }
        if (key == "ssl.endpoint.identification.algorithm" && value.empty()) {
            out.emplace_back(key, "none");  // Java's "" disables host name checks
            continue;
        }
        if (key == "group.id" && role == ClientRole::Producer) continue;
        out.emplace_back(key, value);
        if (key == "queued.max.messages.kbytes") props.userSetQueuedMaxKbytes = true;
    }
    // Reject keys librdkafka does not know now, at plan time, naming the table option.
    rd_kafka_conf_destroy(buildRdKafkaConf(props));
    return props;
}

void setRdKafkaConf(rd_kafka_conf_t* conf, const std::string& key, const std::string& value,
                    const std::string& optionName) {
    char err[512];
    rd_kafka_conf_res_t res = rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof(err));
    if (res == RD_KAFKA_CONF_OK) return;
    if (res == RD_KAFKA_CONF_UNKNOWN)
        throw ValidationError(fmt::format(
            "Unsupported Kafka client property '{}': librdkafka {} (the Kafka client Sluice uses) "
            "has no setting '{}'. See librdkafka's CONFIGURATION.md for the keys it supports.",
            optionName, rd_kafka_version_str(), key));
    throw ValidationError(fmt::format("Invalid value for Kafka client property '{}': {}", optionName, err));
}

rd_kafka_conf_t* buildRdKafkaConf(const KafkaClientProperties& props) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    try {
        for (const auto& [k, v] : props.rdkafka) setRdKafkaConf(conf, k, v, kPrefix + k);
    } catch (...) {
        rd_kafka_conf_destroy(conf);
        throw;
    }
    return conf;
}

std::vector<std::string> translatedKafkaKeys() {
    return {
        "sasl.jaas.config: PlainLoginModule/ScramLoginModule username and password -> sasl.username, "
        "sasl.password (sasl.mechanisms=PLAIN unless sasl.mechanism is set); other login modules rejected",
        "sasl.mechanism -> sasl.mechanisms",
        "ssl.truststore.location (type PEM) -> ssl.ca.location; JKS/PKCS12 rejected",
        "ssl.truststore.certificates -> ssl.ca.pem",
        "ssl.keystore.location (type PEM) -> ssl.certificate.location + ssl.key.location; JKS/PKCS12 "
        "rejected",
        "ssl.keystore.password (type PEM) -> ssl.key.password",
        "ssl.keystore.certificate.chain -> ssl.certificate.pem; ssl.keystore.key -> ssl.key.pem",
        "ssl.endpoint.identification.algorithm='' -> none",
        "key.deserializer, value.deserializer, key.serializer, value.serializer: rejected",
        "auto.offset.reset: earliest | latest | none, applied by the source (none fails without a "
        "committed offset, as in Flink)",
        "enable.auto.commit, enable.auto.offset.store: ignored by the source (checkpoints commit offsets)",
        "commit.offsets.on.checkpoint, partition.discovery.interval.ms, client.id.prefix, "
        "register.consumer.metrics: Flink KafkaSource settings, applied by Sluice",
        "default.api.timeout.ms: timeout of metadata and offset look-ups (default 30000)",
        "client.dns.lookup, max.poll.records: ignored (no librdkafka equivalent needed)",
        "any other key librdkafka does not know: rejected, naming the key",
    };
}

}  // namespace sluice::connectors::kafka
