#include "connectors/kafka/kafka_properties.h"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
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

// --- Java key stores ---------------------------------------------------------------------------
// Java clients name a trust store / key store file and its type (default JKS). librdkafka 2.0 reads
// PEM files and PKCS#12 key stores (ssl.keystore.location), not trust stores in PKCS#12 nor JKS at
// all. The file's first bytes decide, not the declared type: Java 9+ keytool writes PKCS12 even to
// a file named .jks, and Java's "JKS" type reads PKCS12 files too.

enum class StoreFormat { Pem, Pkcs12, Jks, Jceks, Unknown };

std::string readStoreFile(const std::string& path, const std::string& option) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw ValidationError(fmt::format("Cannot read the file '{}' given by option '{}': {}", path, option,
                                          std::strerror(errno)));
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

StoreFormat sniffStore(const std::string& bytes) {
    auto u = [&](size_t i) { return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0u; };
    if (u(0) == 0xFE && u(1) == 0xED && u(2) == 0xFE && u(3) == 0xED) return StoreFormat::Jks;
    if (u(0) == 0xCE && u(1) == 0xCE && u(2) == 0xCE && u(3) == 0xCE) return StoreFormat::Jceks;
    if (u(0) == 0x30) return StoreFormat::Pkcs12;  // a DER SEQUENCE
    if (bytes.find("-----BEGIN ") != std::string::npos) return StoreFormat::Pem;
    return StoreFormat::Unknown;
}

// The OpenSSL error queue as text (and emptied: this thread's queue must not leak into later calls).
std::string opensslError() {
    std::string text;
    while (unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof(buf));
        if (!text.empty()) text += "; ";
        text += buf;
    }
    return text.empty() ? "unknown OpenSSL error" : text;
}

[[noreturn]] void rejectJks(const std::string& path, const std::string& locationKey, bool trust) {
    const char* kind = trust ? "truststore" : "keystore";
    throw ValidationError(fmt::format(
        "Unsupported key store for option 'properties.{0}': '{1}' is a JKS (or JCEKS) file, which librdkafka "
        "cannot read. Convert it to PKCS12 (keytool -importkeystore -srckeystore {1} -destkeystore {2}.p12 "
        "-deststoretype pkcs12) and point 'properties.{0}' at the new file, or export it as PEM and set "
        "'properties.ssl.{2}.type' = 'PEM'{3}.",
        locationKey, path, kind,
        trust ? " (keytool -exportcert -rfc -keystore FILE -alias ALIAS -file ca.pem)"
              : " (openssl pkcs12 -in FILE.p12 -nodes -out client.pem)"));
}

using Pkcs12Ptr = std::unique_ptr<PKCS12, decltype(&PKCS12_free)>;

// Parses a PKCS#12 file and checks its password, naming the options in every error.
Pkcs12Ptr openPkcs12(const std::string& bytes, const std::string& path,
                     const std::optional<std::string>& password, const std::string& locationOption,
                     const std::string& passwordOption) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(bytes.size())), &PKCS12_free);
    if (!p12)
        throw ValidationError(fmt::format("The file '{}' given by option '{}' is not a PKCS12 key store: {}",
                                          path, locationOption, opensslError()));
    if (PKCS12_mac_present(p12.get())) {
        bool ok = password
                      ? PKCS12_verify_mac(p12.get(), password->c_str(), static_cast<int>(password->size()))
                      : (PKCS12_verify_mac(p12.get(), nullptr, 0) || PKCS12_verify_mac(p12.get(), "", 0));
        ERR_clear_error();
        if (!ok)
            throw ValidationError(
                password
                    ? fmt::format("Wrong password for the key store '{}': option '{}' does not open it "
                                  "(the PKCS12 integrity check failed).",
                                  path, passwordOption)
                    : fmt::format("The key store '{}' (option '{}') is password-protected: set option '{}'.",
                                  path, locationOption, passwordOption));
    }
    return p12;
}

struct Pkcs12Contents {
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509) * others = nullptr;
    ~Pkcs12Contents() {
        EVP_PKEY_free(key);
        X509_free(cert);
        sk_X509_pop_free(others, X509_free);
    }
};

// PKCS12_parse, retrying once with OpenSSL's legacy provider: key stores written by Java 8 encrypt
// their certificates with RC2-40, which OpenSSL 3 only knows through it.
void parsePkcs12(PKCS12* p12, const std::optional<std::string>& password, Pkcs12Contents& out,
                 const std::string& path, const std::string& locationOption) {
    const char* pass = password ? password->c_str() : nullptr;
    if (PKCS12_parse(p12, pass, &out.key, &out.cert, &out.others)) return;
    std::string first = opensslError();
    static std::atomic<bool> legacyLoaded{false};
    if (!legacyLoaded.exchange(true)) {
        OSSL_PROVIDER_try_load(nullptr, "legacy", 1);
        ERR_clear_error();
        if (PKCS12_parse(p12, pass, &out.key, &out.cert, &out.others)) return;
        first = opensslError();
    }
    throw ValidationError(fmt::format("Cannot read the PKCS12 key store '{}' given by option '{}': {}", path,
                                      locationOption, first));
}

// ssl.truststore.*: a PEM file goes to ssl.ca.location; a PKCS12 trust store is converted here into
// PEM text for ssl.ca.pem (librdkafka 2.0 has no PKCS12 trust store setting).
void translateTrustStore(const std::string& path, const std::string& type,
                         const std::optional<std::string>& password,
                         std::vector<std::pair<std::string, std::string>>& out) {
    const std::string loc = "properties.ssl.truststore.location";
    if (type == "pem") {
        out.emplace_back("ssl.ca.location", path);
        return;
    }
    std::string bytes = readStoreFile(path, loc);
    switch (sniffStore(bytes)) {
        case StoreFormat::Pem:
            out.emplace_back("ssl.ca.location", path);
            return;
        case StoreFormat::Jks:
        case StoreFormat::Jceks:
            rejectJks(path, "ssl.truststore.location", true);
        case StoreFormat::Unknown:
            throw ValidationError(fmt::format(
                "The file '{}' given by option '{}' is neither a PKCS12 key store nor PEM certificates.",
                path, loc));
        case StoreFormat::Pkcs12:
            break;
    }
    auto p12 = openPkcs12(bytes, path, password, loc, "properties.ssl.truststore.password");
    Pkcs12Contents c;
    parsePkcs12(p12.get(), password, c, path, loc);
    // The certificates that are not a key's own: keytool -importcert entries, Java's trust anchors.
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    int n = 0;
    for (int i = 0; c.others && i < sk_X509_num(c.others); ++i) {
        if (!PEM_write_bio_X509(bio.get(), sk_X509_value(c.others, i)))
            throw ValidationError(
                fmt::format("Cannot convert the trust store '{}' to PEM: {}", path, opensslError()));
        ++n;
    }
    if (n == 0)
        throw ValidationError(fmt::format(
            "The trust store '{}' given by option '{}' holds no trusted certificate entry.", path, loc));
    char* data = nullptr;
    long len = BIO_get_mem_data(bio.get(), &data);
    out.emplace_back("ssl.ca.pem", std::string(data, static_cast<size_t>(len)));
}

// ssl.keystore.*: a PKCS12 key store is opened here (a wrong password or a store without a key fails
// at plan time, naming the option) and handed over as PEM text: the certificate with its chain, and
// the key re-encrypted with the store's password. librdkafka 2.0 could read the file itself
// (ssl.keystore.location), but leaks a key and a certificate per client doing so.
void translateKeyStore(const std::string& path, const std::string& type,
                       const std::optional<std::string>& password,
                       std::vector<std::pair<std::string, std::string>>& out) {
    const std::string loc = "properties.ssl.keystore.location";
    if (type == "pem") {
        // a Java PEM key store holds the key and the certificate chain in one file
        out.emplace_back("ssl.certificate.location", path);
        out.emplace_back("ssl.key.location", path);
        if (password) out.emplace_back("ssl.key.password", *password);
        return;
    }
    std::string bytes = readStoreFile(path, loc);
    switch (sniffStore(bytes)) {
        case StoreFormat::Jks:
        case StoreFormat::Jceks:
            rejectJks(path, "ssl.keystore.location", false);
        case StoreFormat::Pem:
            throw ValidationError(fmt::format(
                "The file '{}' given by option '{}' is PEM: set 'properties.ssl.keystore.type' = 'PEM'.",
                path, loc));
        case StoreFormat::Unknown:
            throw ValidationError(
                fmt::format("The file '{}' given by option '{}' is not a PKCS12 key store.", path, loc));
        case StoreFormat::Pkcs12:
            break;
    }
    auto p12 = openPkcs12(bytes, path, password, loc, "properties.ssl.keystore.password");
    Pkcs12Contents c;
    parsePkcs12(p12.get(), password, c, path, loc);
    if (!c.key || !c.cert)
        throw ValidationError(fmt::format(
            "The key store '{}' given by option '{}' holds no private key with its certificate.", path, loc));
    std::unique_ptr<BIO, decltype(&BIO_free)> certs(BIO_new(BIO_s_mem()), &BIO_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> key(BIO_new(BIO_s_mem()), &BIO_free);
    bool ok = PEM_write_bio_X509(certs.get(), c.cert) == 1;
    for (int i = 0; ok && c.others && i < sk_X509_num(c.others); ++i)
        ok = PEM_write_bio_X509(certs.get(), sk_X509_value(c.others, i)) == 1;
    if (ok && password)
        ok = PEM_write_bio_PKCS8PrivateKey(key.get(), c.key, EVP_aes_256_cbc(), password->data(),
                                           static_cast<int>(password->size()), nullptr, nullptr) == 1;
    else if (ok)
        ok = PEM_write_bio_PrivateKey(key.get(), c.key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
    if (!ok)
        throw ValidationError(
            fmt::format("Cannot convert the key store '{}' to PEM: {}", path, opensslError()));
    auto text = [](BIO* bio) {
        char* data = nullptr;
        long len = BIO_get_mem_data(bio, &data);
        return std::string(data, static_cast<size_t>(len));
    };
    out.emplace_back("ssl.certificate.pem", text(certs.get()));
    out.emplace_back("ssl.key.pem", text(key.get()));
    if (password) out.emplace_back("ssl.key.password", *password);
}

// librdkafka before 2.6.1 repeats the client nonce in SCRAM's client-final-message; Kafka 4.x
// brokers check it strictly (CVE-2024-56128) and answer "invalid credentials". Warn once, at plan time,
// so that the authentication error that follows has its explanation next to it.
void warnScram(const std::string& mechanism) {
    static std::atomic<bool> warned{false};
    if (rd_kafka_version() >= 0x020601ff || lower(mechanism).rfind("scram", 0) != 0 || warned.exchange(true))
        return;
    std::fprintf(
        stderr,
        "kafka: warning: librdkafka %s (the Kafka client Sluice uses) has a SCRAM bug fixed in 2.6.1: "
        "brokers of Kafka 4.0 or newer reject its %s logins as invalid credentials. Use "
        "'properties.sasl.mechanism' = 'PLAIN' over SASL_SSL, or a build with librdkafka >= 2.6.1.\n",
        rd_kafka_version_str(), mechanism.c_str());
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
    for (const auto& [name, type] :
         {std::pair{"ssl.truststore.type", truststoreType}, {"ssl.keystore.type", keystoreType}})
        if (type != "jks" && type != "pkcs12" && type != "pem")
            throw ValidationError(fmt::format(
                "Unsupported value for option 'properties.{}': '{}'. Supported values are [JKS, PKCS12, PEM] "
                "(a JKS-typed file written by keytool since Java 9 is PKCS12, which Sluice reads).",
                name, *prop(name)));

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
        if (key == "sasl.mechanism" || key == "sasl.mechanisms") {
            warnScram(value);
            out.emplace_back("sasl.mechanisms", value);
            continue;
        }
        if (key == "ssl.truststore.type" || key == "ssl.keystore.type" || key == "ssl.truststore.password" ||
            key == "ssl.keystore.password")
            continue;  // read with their location
        if (key == "ssl.truststore.location") {
            translateTrustStore(value, truststoreType, prop("ssl.truststore.password"), out);
            continue;
        }
        if (key == "ssl.truststore.certificates") {
            out.emplace_back("ssl.ca.pem", value);
            continue;
        }
        if (key == "ssl.key.password" && keystoreType != "pem" && prop("ssl.keystore.location"))
            continue;  // a PKCS12 store has one password; its key is re-encrypted with it below
        if (key == "ssl.keystore.location") {
            translateKeyStore(value, keystoreType, prop("ssl.keystore.password"), out);
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
        "ssl.truststore.location: a PEM file -> ssl.ca.location; a PKCS12 trust store (also one typed JKS, "
        "as keytool writes since Java 9) -> its certificates as PEM in ssl.ca.pem, opened with "
        "ssl.truststore.password; a real JKS/JCEKS file rejected with how to convert it",
        "ssl.truststore.certificates -> ssl.ca.pem",
        "ssl.keystore.location: PKCS12 (opened with ssl.keystore.password) -> ssl.certificate.pem "
        "(certificate "
        "and chain) + ssl.key.pem (re-encrypted) + ssl.key.password; type PEM -> ssl.certificate.location + "
        "ssl.key.location (+ ssl.key.password); JKS rejected",
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
