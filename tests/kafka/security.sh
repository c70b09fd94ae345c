#!/usr/bin/env bash
# Kafka security as Flink users configure it ('properties.security.protocol', 'properties.sasl.*',
# 'properties.ssl.truststore.*', 'properties.ssl.keystore.*'), against a real broker with secured
# listeners that this test starts itself (scripts/kafka with SLUICE_KAFKA_SECURITY=1, its own port and
# folder, stopped on exit), so the shared broker of the other tests is left alone:
#   - SASL_PLAINTEXT with PLAIN, and SASL_SSL with PLAIN and a PKCS12 trust store left at Java's default
#     type (JKS), each a Sluice sink then a bounded Sluice source: every row once;
#   - SSL with a PEM trust store; SSL with a client certificate from a PKCS12 key store (mutual TLS);
#   - SCRAM-SHA-256 over SASL_SSL with a PKCS12 trust store and SCRAM-SHA-512 over SASL_PLAINTEXT: a round
#     trip with librdkafka >= 2.6.1; with older ones (Debian 12 has 2.0.2) Kafka 4.x refuses their SCRAM
#     logins (librdkafka bug #4895), and the test checks that the job fails with the broker's "invalid
#     credentials" and Sluice's warning explaining it;
#   - a wrong SASL password, a wrong trust store or key store password, a real JKS trust store: clear
#     errors naming the option or the brokers.
#
#   tests/kafka/security.sh path/to/sluice
# Environment: SLUICE_SECURITY_TEST_PORT (first port tried, default 19192; it and the next 6 are used).
set -euo pipefail
sluice=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d)
run=$(date +%s%N | tail -c 9)
fail() { echo "FAIL: $*"; exit 1; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=${SLUICE_SECURITY_TEST_PORT:-19192}
while true; do # seven free ports: PLAINTEXT, controller, SASL_PLAINTEXT, SSL, SASL_SSL, MTLS, spare
  busy=
  for p in $(seq "$port" $((port + 6))); do port_busy "$p" && busy=1 && break; done
  [ -z "$busy" ] && break
  port=$((port + 20))
  [ "$port" -lt 20000 ] || fail "no free ports for the test broker"
done
export SLUICE_KAFKA_PORT=$port SLUICE_KAFKA_DIR=$tmp/kafka
cleanup() {
  "$root/scripts/kafka" stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
SLUICE_KAFKA_SECURITY=1 "$root/scripts/kafka" start
ssl=$SLUICE_KAFKA_DIR/ssl
PLAIN=127.0.0.1:$port # unauthenticated listener: kcat checks what Sluice wrote
SASL=127.0.0.1:$((port + 2))
SSL=127.0.0.1:$((port + 3))
SASL_SSL=127.0.0.1:$((port + 4))
MTLS=127.0.0.1:$((port + 5))

# Does the librdkafka that Sluice links log in with SCRAM to Kafka 4.x? (>= 2.6.1; kcat links the same
# system library.)
rdver=$(kcat -V 2>&1 | sed -n 's/.*librdkafka \([0-9.]*\).*/\1/p')
scram_works=0
[ "$(printf '%s\n' 2.6.1 "$rdver" | sort -V | head -1)" = 2.6.1 ] && scram_works=1

plain_jaas() { echo "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"$1\" password=\"$2\";"; }
scram_jaas() { echo "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$1\" password=\"$2\";"; }

# roundtrip NAME BOOTSTRAP OPTIONS: 200 rows into a new topic through a Sluice sink, then read back by a
# bounded Sluice source with the same options; every id once, and kcat sees 200 records.
roundtrip() {
  local name=$1 b=$2 opts=$3 topic=sec_$1_$run n=200 out
  cat >"$tmp/$name.sql" <<EOF
SET 'table.dml-sync' = 'true';
CREATE TABLE src (id BIGINT, name STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '$n',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '$n', 'fields.name.length' = '4');
CREATE TABLE k (id BIGINT, name STRING) WITH ('connector' = 'kafka', 'topic' = '$topic',
  'properties.bootstrap.servers' = '$b', 'format' = 'json', 'properties.default.api.timeout.ms' = '15000'$opts);
INSERT INTO k SELECT * FROM src;
CREATE TABLE r (id BIGINT, name STRING) WITH ('connector' = 'kafka', 'topic' = '$topic',
  'properties.bootstrap.servers' = '$b', 'format' = 'json', 'properties.default.api.timeout.ms' = '15000',
  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset'$opts);
SELECT id FROM r;
EOF
  out=$(timeout 120 "$sluice" run "$tmp/$name.sql" 2>&1) || fail "$name: the job failed: $out"
  local rows ids
  rows=$(grep -c '^| +I' <<<"$out" || true)
  ids=$(grep '^| +I' <<<"$out" | awk -F'|' '{gsub(/ /, "", $3); print $3}' | sort -un | wc -l)
  { [ "$rows" = $n ] && [ "$ids" = $n ]; } || fail "$name: read back $rows rows, $ids distinct ids, want $n: $out"
  [ "$(kcat -b "$PLAIN" -C -t "$topic" -e -q | wc -l)" = $n ] || fail "$name: kcat does not see $n records"
  echo "ok: $name"
}

# expect_failure NAME BOOTSTRAP OPTIONS PATTERN...: a sink job that must fail, its output matching all.
expect_failure() {
  local name=$1 b=$2 opts=$3 out pattern
  shift 3
  cat >"$tmp/$name.sql" <<EOF
SET 'table.dml-sync' = 'true';
CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');
CREATE TABLE k (id BIGINT) WITH ('connector' = 'kafka', 'topic' = 'sec_${name}_$run',
  'properties.bootstrap.servers' = '$b', 'format' = 'json', 'properties.default.api.timeout.ms' = '5000'$opts);
INSERT INTO k SELECT * FROM src;
EOF
  if out=$(timeout 120 "$sluice" run "$tmp/$name.sql" 2>&1); then fail "$name: the job succeeded: $out"; fi
  for pattern in "$@"; do
    grep -qF -- "$pattern" <<<"$out" || fail "$name: output lacks '$pattern': $out"
  done
  echo "ok: $name fails clearly"
}

# --- SASL_PLAINTEXT / PLAIN
roundtrip sasl_plain "$SASL" ",
  'properties.security.protocol' = 'SASL_PLAINTEXT', 'properties.sasl.mechanism' = 'PLAIN',
  'properties.sasl.jaas.config' = '$(plain_jaas alice alice-secret)'"

# --- SASL_SSL / PLAIN, the trust store as Java users have it: keytool's PKCS12 file, type left at JKS
roundtrip sasl_ssl_plain "$SASL_SSL" ",
  'properties.security.protocol' = 'SASL_SSL', 'properties.sasl.mechanism' = 'PLAIN',
  'properties.sasl.jaas.config' = '$(plain_jaas alice alice-secret)',
  'properties.ssl.truststore.location' = '$ssl/truststore.p12', 'properties.ssl.truststore.password' = 'sluice-secret'"

# --- SSL with a PEM trust store
roundtrip ssl_pem "$SSL" ",
  'properties.security.protocol' = 'SSL',
  'properties.ssl.truststore.type' = 'PEM', 'properties.ssl.truststore.location' = '$ssl/ca.pem'"

# --- mutual TLS: a client certificate from a PKCS12 key store (written by keytool), passed on as PEM
roundtrip mtls_pkcs12 "$MTLS" ",
  'properties.security.protocol' = 'SSL',
  'properties.ssl.truststore.location' = '$ssl/truststore.p12', 'properties.ssl.truststore.password' = 'sluice-secret',
  'properties.ssl.keystore.type' = 'PKCS12', 'properties.ssl.keystore.location' = '$ssl/client.p12',
  'properties.ssl.keystore.password' = 'sluice-secret', 'properties.ssl.key.password' = 'sluice-secret'"
# ... and the listener really demands it
expect_failure mtls_no_cert "$MTLS" ",
  'properties.security.protocol' = 'SSL', 'properties.ssl.truststore.type' = 'PEM',
  'properties.ssl.truststore.location' = '$ssl/ca.pem'" \
  "Cannot reach the Kafka brokers at $MTLS"

# --- SCRAM: SASL_SSL/SCRAM-SHA-256 with a PKCS12 trust store, SASL_PLAINTEXT/SCRAM-SHA-512
scram256=",
  'properties.security.protocol' = 'SASL_SSL', 'properties.sasl.mechanism' = 'SCRAM-SHA-256',
  'properties.sasl.jaas.config' = '$(scram_jaas alice alice-secret)',
  'properties.ssl.truststore.type' = 'PKCS12', 'properties.ssl.truststore.location' = '$ssl/truststore.p12',
  'properties.ssl.truststore.password' = 'sluice-secret'"
scram512=",
  'properties.security.protocol' = 'SASL_PLAINTEXT', 'properties.sasl.mechanism' = 'SCRAM-SHA-512',
  'properties.sasl.jaas.config' = '$(scram_jaas alice alice-secret)'"
if [ $scram_works = 1 ]; then
  roundtrip sasl_ssl_scram256 "$SASL_SSL" "$scram256"
  roundtrip sasl_scram512 "$SASL" "$scram512"
else
  echo "note: librdkafka $rdver cannot log in with SCRAM to Kafka 4.x (fixed in 2.6.1); checking the failure"
  expect_failure sasl_ssl_scram256 "$SASL_SSL" "$scram256" \
    "Cannot reach the Kafka brokers at $SASL_SSL" "invalid credentials with SASL mechanism SCRAM-SHA-256" \
    "SCRAM bug fixed in 2.6.1"
  expect_failure sasl_scram512 "$SASL" "$scram512" \
    "invalid credentials with SASL mechanism SCRAM-SHA-512" "SCRAM bug fixed in 2.6.1"
fi

# --- wrong passwords and unreadable stores
expect_failure wrong_sasl_password "$SASL" ",
  'properties.security.protocol' = 'SASL_PLAINTEXT', 'properties.sasl.mechanism' = 'PLAIN',
  'properties.sasl.jaas.config' = '$(plain_jaas alice wrong)'" \
  "Cannot reach the Kafka brokers at $SASL" "Authentication failed: Invalid username or password"
expect_failure wrong_truststore_password "$SASL_SSL" ",
  'properties.security.protocol' = 'SASL_SSL', 'properties.sasl.jaas.config' = '$(plain_jaas alice alice-secret)',
  'properties.ssl.truststore.location' = '$ssl/truststore.p12', 'properties.ssl.truststore.password' = 'wrong'" \
  "Wrong password for the key store '$ssl/truststore.p12'" \
  "option 'properties.ssl.truststore.password' does not open it"
expect_failure wrong_keystore_password "$MTLS" ",
  'properties.security.protocol' = 'SSL', 'properties.ssl.truststore.location' = '$ssl/ca.pem',
  'properties.ssl.keystore.location' = '$ssl/client.p12', 'properties.ssl.keystore.password' = 'wrong'" \
  "option 'properties.ssl.keystore.password' does not open it"
expect_failure jks_truststore "$SSL" ",
  'properties.security.protocol' = 'SSL',
  'properties.ssl.truststore.location' = '$ssl/truststore.jks', 'properties.ssl.truststore.password' = 'sluice-secret'" \
  "is a JKS (or JCEKS) file, which librdkafka cannot read" "-deststoretype pkcs12"

echo "kafka security tests passed"
