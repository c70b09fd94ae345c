// The Kafka client's security options as Flink users write them, translated for librdkafka: JAAS
// lines, SASL mechanisms, PKCS12 trust stores converted to PEM, PKCS12 key stores checked and handed
// to librdkafka, JKS files rejected with a way out, wrong passwords named. The key stores are made
// here with OpenSSL (as keytool would); the real-broker round trips are tests/kafka/security.sh.

#include <librdkafka/rdkafka.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>
#include "temp_dir.h"

#include "common/error.h"
#include "connectors/kafka/kafka_properties.h"

using namespace sluice;
using namespace sluice::connectors::kafka;

namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

KafkaClientProperties read(Entries e, ClientRole role = ClientRole::Consumer) {
    e.insert(e.begin(), {"properties.bootstrap.servers", "127.0.0.1:9092"});
    return readKafkaProperties(planner::TableOptions(e), role);
}

// The value of a librdkafka key after translation, or "<unset>".
std::string rd(const KafkaClientProperties& p, const std::string& key) {
    for (const auto& [k, v] : p.rdkafka)
        if (k == key) return v;
    return "<unset>";
}

struct KeyPair {
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    ~KeyPair() {
        EVP_PKEY_free(key);
        X509_free(cert);
    }
};

// A self-signed certificate with an EC key (quick to make, also under sanitizers).
std::unique_ptr<KeyPair> selfSigned(const char* cn) {
    auto kp = std::make_unique<KeyPair>();
    kp->key = EVP_EC_gen("P-256");
    kp->cert = X509_new();
    X509_set_version(kp->cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(kp->cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(kp->cert), 0);
    X509_gmtime_adj(X509_getm_notAfter(kp->cert), 3600);
    X509_set_pubkey(kp->cert, kp->key);
    X509_NAME* name = X509_get_subject_name(kp->cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1,
                               0);
    X509_set_issuer_name(kp->cert, name);
    X509_sign(kp->cert, kp->key, EVP_sha256());
    return kp;
}

std::string pem(X509* cert) {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<size_t>(len));
    BIO_free(bio);
    return out;
}

// A PKCS12 file: a key entry when `key` is set, plus loose certificates (trust entries).
std::string pkcs12(const char* password, EVP_PKEY* key, X509* cert, const std::vector<X509*>& trusted) {
    STACK_OF(X509)* ca = sk_X509_new_null();
    for (X509* c : trusted) sk_X509_push(ca, c);
    PKCS12* p12 = PKCS12_create(password, "entry", key, cert, ca, 0, 0, 0, 0, 0);
    sk_X509_free(ca);
    REQUIRE(p12);
    unsigned char* der = nullptr;
    int len = i2d_PKCS12(p12, &der);
    std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(len));
    OPENSSL_free(der);
    PKCS12_free(p12);
    return out;
}

using sluice::test::TempDir;

}  // namespace

TEST_CASE("kafka properties: JAAS lines and SASL mechanisms", "[kafka][kafka-security]") {
    auto plain = read({{"properties.security.protocol", "SASL_PLAINTEXT"},
                       {"properties.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username='bob' "
                        "password=\"p w\";"}});
    CHECK(rd(plain, "security.protocol") == "SASL_PLAINTEXT");
    CHECK(rd(plain, "sasl.username") == "bob");
    CHECK(rd(plain, "sasl.password") == "p w");
    CHECK(rd(plain, "sasl.mechanisms") == "PLAIN");  // Java's default mechanism

    auto scram = read({{"properties.security.protocol", "SASL_SSL"},
                       {"properties.sasl.mechanism", "SCRAM-SHA-512"},
                       {"properties.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" "
                        "password=\"alice-secret\";"}},
                      ClientRole::Producer);
    CHECK(rd(scram, "sasl.mechanisms") == "SCRAM-SHA-512");
    CHECK(rd(scram, "sasl.username") == "alice");
    CHECK(rd(scram, "sasl.password") == "alice-secret");

    CHECK_THROWS_WITH(
        read({{"properties.sasl.jaas.config",
               "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"a\" "
               "password=\"b\";"}}),
        Catch::Contains("set 'properties.sasl.mechanism'"));
    CHECK_THROWS_WITH(read({{"properties.sasl.jaas.config",
                             "com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true;"}}),
                      Catch::Contains("Unsupported value for option 'properties.sasl.jaas.config'"));
    CHECK_THROWS_WITH(read({{"properties.sasl.jaas.config",
                             "org.apache.kafka.common.security.plain.PlainLoginModule required;"}}),
                      Catch::Contains("username=\"...\" and password=\"...\""));
}

TEST_CASE("kafka properties: trust stores", "[kafka][kafka-security]") {
    TempDir dir;
    auto ca = selfSigned("Test CA");
    auto other = selfSigned("Other CA");

    SECTION("a PKCS12 trust store typed JKS (keytool's default file) becomes ssl.ca.pem") {
        std::string file =
            dir.write("truststore.jks", pkcs12("changeit", nullptr, nullptr, {ca->cert, other->cert}));
        auto p = read({{"properties.security.protocol", "SSL"},
                       {"properties.ssl.truststore.location", file},
                       {"properties.ssl.truststore.password", "changeit"}});
        std::string caPem = rd(p, "ssl.ca.pem");
        CHECK(caPem.find(pem(ca->cert)) != std::string::npos);
        CHECK(caPem.find(pem(other->cert)) != std::string::npos);
        CHECK(rd(p, "ssl.ca.location") == "<unset>");
        // librdkafka builds its SSL context from it (rd_kafka_new parses ssl.ca.pem)
        rd_kafka_conf_t* conf = buildRdKafkaConf(p);
        char err[512];
        rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
        CHECK(rk != nullptr);
        if (rk)
            rd_kafka_destroy(rk);
        else
            rd_kafka_conf_destroy(conf);
    }
    SECTION("declared PKCS12 works the same") {
        std::string file = dir.write("ts.p12", pkcs12("changeit", nullptr, nullptr, {ca->cert}));
        auto p = read({{"properties.ssl.truststore.type", "PKCS12"},
                       {"properties.ssl.truststore.location", file},
                       {"properties.ssl.truststore.password", "changeit"}});
        CHECK(rd(p, "ssl.ca.pem") == pem(ca->cert));
    }
    SECTION("a wrong or missing password names the option") {
        std::string file = dir.write("ts.p12", pkcs12("changeit", nullptr, nullptr, {ca->cert}));
        CHECK_THROWS_WITH(
            read({{"properties.ssl.truststore.location", file},
                  {"properties.ssl.truststore.password", "wrong"}}),
            Catch::Contains("Wrong password for the key store '" + file + "'") &&
                Catch::Contains("option 'properties.ssl.truststore.password' does not open it"));
        CHECK_THROWS_WITH(read({{"properties.ssl.truststore.location", file}}),
                          Catch::Contains("set option 'properties.ssl.truststore.password'"));
    }
    SECTION("a real JKS file is rejected with how to convert it") {
        std::string jks = std::string("\xFE\xED\xFE\xED\x00\x00\x00\x02", 8) + std::string(64, '\x01');
        std::string file = dir.write("real.jks", jks);
        CHECK_THROWS_WITH(read({{"properties.ssl.truststore.location", file},
                                {"properties.ssl.truststore.password", "changeit"}}),
                          Catch::Contains("is a JKS (or JCEKS) file, which librdkafka cannot read") &&
                              Catch::Contains("-deststoretype pkcs12") &&
                              Catch::Contains("'properties.ssl.truststore.type' = 'PEM'"));
    }
    SECTION("PEM files go to ssl.ca.location, whatever the declared type") {
        std::string file = dir.write("ca.pem", pem(ca->cert));
        CHECK(rd(read({{"properties.ssl.truststore.location", file}}), "ssl.ca.location") == file);
        CHECK(rd(read({{"properties.ssl.truststore.type", "PEM"},
                       {"properties.ssl.truststore.location", file}}),
                 "ssl.ca.location") == file);
    }
    SECTION("unreadable, foreign and unsupported stores fail naming the option") {
        CHECK_THROWS_WITH(read({{"properties.ssl.truststore.location", (dir.path / "missing.p12").string()}}),
                          Catch::Contains("given by option 'properties.ssl.truststore.location'"));
        std::string junk = dir.write("junk.bin", "not a key store");
        CHECK_THROWS_WITH(read({{"properties.ssl.truststore.location", junk}}),
                          Catch::Contains("neither a PKCS12 key store nor PEM"));
        CHECK_THROWS_WITH(read({{"properties.ssl.truststore.type", "BCFKS"}}),
                          Catch::Contains("Unsupported value for option 'properties.ssl.truststore.type'"));
        std::string keyOnly = dir.write("key.p12", pkcs12("pw", ca->key, ca->cert, {}));
        CHECK_THROWS_WITH(read({{"properties.ssl.truststore.location", keyOnly},
                                {"properties.ssl.truststore.password", "pw"}}),
                          Catch::Contains("holds no trusted certificate entry"));
    }
}

TEST_CASE("kafka properties: key stores", "[kafka][kafka-security]") {
    TempDir dir;
    auto client = selfSigned("alice");
    auto ca = selfSigned("Test CA");
    std::string file = dir.write("client.p12", pkcs12("secret", client->key, client->cert, {ca->cert}));

    SECTION(
        "a PKCS12 key store goes to librdkafka as PEM text, the key encrypted with the store's password") {
        auto p = read({{"properties.security.protocol", "SSL"},
                       {"properties.ssl.keystore.type", "PKCS12"},
                       {"properties.ssl.keystore.location", file},
                       {"properties.ssl.keystore.password", "secret"},
                       {"properties.ssl.key.password", "secret"}});
        CHECK(rd(p, "ssl.certificate.pem") == pem(client->cert) + pem(ca->cert));
        CHECK(rd(p, "ssl.key.pem").rfind("-----BEGIN ENCRYPTED PRIVATE KEY-----", 0) == 0);
        CHECK(rd(p, "ssl.key.password") == "secret");
        CHECK(rd(p, "ssl.keystore.location") == "<unset>");
        CHECK(rd(p, "ssl.certificate.location") == "<unset>");
        // librdkafka decrypts the key and pairs it with the certificate in rd_kafka_new
        rd_kafka_conf_t* conf = buildRdKafkaConf(p);
        char err[512];
        rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
        CHECK(rk != nullptr);
        if (rk)
            rd_kafka_destroy(rk);
        else
            rd_kafka_conf_destroy(conf);
    }
    SECTION("a wrong password names the option") {
        CHECK_THROWS_WITH(
            read({{"properties.ssl.keystore.location", file}, {"properties.ssl.keystore.password", "nope"}}),
            Catch::Contains("option 'properties.ssl.keystore.password' does not open it"));
    }
    SECTION("a store without a key, a JKS file, a PEM file without its type") {
        std::string trustOnly = dir.write("trust.p12", pkcs12("secret", nullptr, nullptr, {ca->cert}));
        CHECK_THROWS_WITH(read({{"properties.ssl.keystore.location", trustOnly},
                                {"properties.ssl.keystore.password", "secret"}}),
                          Catch::Contains("holds no private key"));
        std::string jks = dir.write("k.jks", std::string("\xFE\xED\xFE\xED\x00\x00\x00\x02", 8));
        CHECK_THROWS_WITH(read({{"properties.ssl.keystore.location", jks}}),
                          Catch::Contains("'properties.ssl.keystore.location'") && Catch::Contains("JKS"));
        std::string pemFile = dir.write("client.pem", pem(client->cert));
        CHECK_THROWS_WITH(read({{"properties.ssl.keystore.location", pemFile}}),
                          Catch::Contains("set 'properties.ssl.keystore.type' = 'PEM'"));
    }
    SECTION("a PEM key store keeps its one-file meaning") {
        auto p = read({{"properties.ssl.keystore.type", "PEM"},
                       {"properties.ssl.keystore.location", "/c.pem"},
                       {"properties.ssl.keystore.password", "kp"}});
        CHECK(rd(p, "ssl.certificate.location") == "/c.pem");
        CHECK(rd(p, "ssl.key.location") == "/c.pem");
        CHECK(rd(p, "ssl.key.password") == "kp");
    }
}
