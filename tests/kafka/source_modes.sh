#!/usr/bin/env bash
# The Kafka source against a real broker: the tutorial's DDL (verbatim apart from the bootstrap
# address), every startup mode with a bounded mode so the job ends, metadata columns, a 4-partition
# topic read with parallelism 2, JSON edge cases under both error policies, a missing topic and an
# unreachable broker. Data is produced with kcat.
#
#   tests/kafka/source_modes.sh path/to/sluice
# Needs a broker at $SLUICE_KAFKA_BOOTSTRAP (default 127.0.0.1:${SLUICE_KAFKA_PORT:-9092}), e.g. from
# `scripts/kafka start`. Topics get a unique suffix so reruns against one broker do not collide.
set -euo pipefail
sluice=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=${SLUICE_KAFKA_BOOTSTRAP:-127.0.0.1:${SLUICE_KAFKA_PORT:-9092}}
port=${B##*:}
run=$(date +%s%N | tail -c 9)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# waitFor FILE PATTERN SECONDS: until grep finds PATTERN in FILE (a loaded machine may be slow).
waitFor() {
  local deadline=$((SECONDS + $3))
  until grep -q "$2" "$1" 2>/dev/null; do
    [ $SECONDS -ge $deadline ] && return 0
    sleep 0.5
  done
}
create() { SLUICE_KAFKA_PORT=$port "$root/scripts/kafka" create-topic "$1" "$2" >/dev/null; }
ride() { # PULocationID: a tutorial-shaped JSON ride
  echo "{\"PULocationID\": $1, \"DOLocationID\": $(($1 + 100)), \"trip_distance\": 1.5, \"total_amount\": $1.25, \"tpep_pickup_datetime\": 1700000000000}"
}
# runs SQL text, prints stdout+stderr, returns sluice's status
sql() { printf '%s\n' "$1" >"$tmp/job.sql"; timeout 120 "$sluice" run "$tmp/job.sql" 2>&1; }
ddl() { # table, topic, extra WITH options
  cat <<EOF
CREATE TABLE $1 (
    PULocationID INTEGER,
    DOLocationID INTEGER,
    trip_distance DOUBLE,
    total_amount DOUBLE,
    tpep_pickup_datetime BIGINT,
    \`partition\` INT METADATA VIRTUAL,
    \`offset\` BIGINT METADATA VIRTUAL
) WITH (
    'connector' = 'kafka',
    'properties.bootstrap.servers' = '$B',
    'topic' = '$2',
    'format' = 'json'$3
);
EOF
}
rows() { grep -c '^| +I' <<<"$1" || true; }

# --- 1. the tutorial's DDL verbatim: latest-offset, unbounded; rows produced before start are not read
topic=rides_$run
create "$topic" 1
for i in 1 2; do ride $i; done | kcat -b "$B" -P -t "$topic"
cat >"$tmp/tutorial.sql" <<EOF
CREATE TABLE events (
            PULocationID INTEGER,
            DOLocationID INTEGER,
            trip_distance DOUBLE,
            total_amount DOUBLE,
            tpep_pickup_datetime BIGINT
        ) WITH (
            'connector' = 'kafka',
            'properties.bootstrap.servers' = '$B',
            'topic' = '$topic',
            'scan.startup.mode' = 'latest-offset', -- Crucial!
            'format' = 'json'  -- Flink deserializes automatically
        );
CREATE TABLE out_print (PULocationID INTEGER, total_amount DOUBLE) WITH ('connector' = 'print');
INSERT INTO out_print SELECT PULocationID, total_amount FROM events;
EOF
timeout 60 "$sluice" run "$tmp/tutorial.sql" >"$tmp/tutorial.out" 2>&1 &
pid=$!
sleep 6  # the job resolves 'latest' when its source opens: produce only after that
for i in 7 8 9; do ride $i; done | kcat -b "$B" -P -t "$topic"
waitFor "$tmp/tutorial.out" '+I\[9, 9.25\]' 30
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
for i in 7 8 9; do grep -q "+I\[$i, $i.25\]" "$tmp/tutorial.out" || fail "tutorial: row $i missing: $(cat "$tmp/tutorial.out")"; done
grep -q '+I\[1, ' "$tmp/tutorial.out" && fail "tutorial: latest-offset read an old row"

# --- 2. startup modes, each bounded (5 rows at offsets 0..4, timestamps via kcat are 'now')
topic=modes_$run
create "$topic" 1
for i in 1 2 3 4 5; do ride $i; done | kcat -b "$B" -P -t "$topic"
out=$(sql "$(ddl t "$topic" ",'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset'")
SELECT PULocationID, \`offset\` FROM t;") || fail "earliest: $out"
[ "$(rows "$out")" = 5 ] || fail "earliest/latest: $out"

out=$(sql "$(ddl t "$topic" ",'scan.startup.mode' = 'specific-offsets', 'scan.startup.specific-offsets' = 'partition:0,offset:3', 'scan.bounded.mode' = 'latest-offset'")
SELECT PULocationID FROM t;") || fail "specific: $out"
[ "$(rows "$out")" = 2 ] || fail "specific-offsets start: $out"

out=$(sql "$(ddl t "$topic" ",'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'specific-offsets', 'scan.bounded.specific-offsets' = 'partition:0,offset:2'")
SELECT PULocationID FROM t;") || fail "bounded specific: $out"
[ "$(rows "$out")" = 2 ] || fail "bounded specific-offsets: $out"

# timestamp: all five records were written before `now`, three more after
now=$(($(date +%s%3N) + 1000))
sleep 2
for i in 6 7 8; do ride $i; done | kcat -b "$B" -P -t "$topic"
out=$(sql "$(ddl t "$topic" ",'scan.startup.mode' = 'timestamp', 'scan.startup.timestamp-millis' = '$now', 'scan.bounded.mode' = 'latest-offset'")
SELECT PULocationID FROM t;") || fail "timestamp: $out"
[ "$(rows "$out")" = 3 ] || fail "timestamp start: $out"
out=$(sql "$(ddl t "$topic" ",'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'timestamp', 'scan.bounded.timestamp-millis' = '$now'")
SELECT PULocationID FROM t;") || fail "bounded timestamp: $out"
[ "$(rows "$out")" = 5 ] || fail "bounded timestamp: $out"

# latest-offset start + latest-offset bound: nothing, and the job ends
out=$(sql "$(ddl t "$topic" ",'scan.startup.mode' = 'latest-offset', 'scan.bounded.mode' = 'latest-offset'")
SELECT PULocationID FROM t;") || fail "latest/latest: $out"
[ "$(rows "$out")" = 0 ] || fail "latest/latest: $out"

# group-offsets (the default) without a committed offset fails as in Flink; with a reset it reads
out=$(sql "$(ddl t "$topic" ",'properties.group.id' = 'g_$run', 'scan.bounded.mode' = 'latest-offset'")
SELECT PULocationID FROM t;") && fail "group-offsets without committed offsets succeeded: $out"
[[ $out == *"Undefined offset with no reset policy for partitions: [$topic-0]"* ]] || fail "group-offsets message: $out"
out=$(sql "$(ddl t "$topic" ",'properties.group.id' = 'g_$run', 'properties.auto.offset.reset' = 'earliest', 'scan.bounded.mode' = 'latest-offset'")
SELECT PULocationID FROM t;") || fail "group-offsets earliest: $out"
[ "$(rows "$out")" = 8 ] || fail "group-offsets + earliest: $out"

# --- 3. metadata: headers, key, timestamp type, topic
topic=meta_$run
create "$topic" 1
ride 1 | kcat -b "$B" -P -t "$topic" -H h1=v1 -H h2=v2 -k key1
out=$(sql "CREATE TABLE m (
  PULocationID INT,
  tp STRING METADATA FROM 'topic' VIRTUAL,
  pa INT METADATA FROM 'partition' VIRTUAL,
  ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
  tt STRING METADATA FROM 'timestamp-type' VIRTUAL,
  hs MAP<STRING, BYTES> METADATA FROM 'headers',
  le INT METADATA FROM 'leader-epoch' VIRTUAL
) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$B', 'topic' = '$topic', 'format' = 'json',
        'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset');
SELECT PULocationID, tp, pa, tt, hs, le FROM m;") || fail "metadata: $out"
[[ $out == *"$topic"*"CreateTime"*"h1"*"h2"*"<NULL>"* ]] || fail "metadata values: $out"

# key.format + key.fields with EXCEPT_KEY: the key column comes from the message key (raw)
out=$(sql "CREATE TABLE k (
  k STRING, PULocationID INT
) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$B', 'topic' = '$topic',
        'key.format' = 'raw', 'key.fields' = 'k', 'value.format' = 'json', 'value.fields-include' = 'EXCEPT_KEY',
        'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset');
SELECT k, PULocationID FROM k;") || fail "key fields: $out"
[[ $out == *"key1"*"1"* ]] || fail "key value: $out"

# --- 4. four partitions, parallelism 2: every row once
topic=parts_$run
create "$topic" 4
for i in $(seq 1 40); do echo "$((i % 4))|$(ride "$i")"; done | kcat -b "$B" -P -t "$topic" -K '|' -p -1
for p in 0 1 2 3; do for i in 1 2 3; do ride $((1000 + p * 10 + i)); done | kcat -b "$B" -P -t "$topic" -p $p; done
out=$(sql "SET 'parallelism.default' = '2';
$(ddl t "$topic" ",'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset'")
SELECT PULocationID, \`partition\` FROM t;") || fail "partitions: $out"
ids=$(grep '^| +I' <<<"$out" | awk -F'|' '{gsub(/ /, "", $3); print $3}' | sort -u | wc -l)
ps=$(grep '^| +I' <<<"$out" | awk -F'|' '{gsub(/ /, "", $4); print $4}' | sort -u | wc -l)
[ "$(rows "$out")" = 52 ] && [ "$ids" = 52 ] && [ "$ps" = 4 ] ||
  fail "4 partitions, parallelism 2: rows $(rows "$out"), distinct ids $ids, partitions $ps: $out"

# --- 5. JSON edge cases
topic=bad_$run
create "$topic" 1
{
  echo '{"PULocationID": 1, "DOLocationID": null}'             # offset 0: nulls and a missing field
  echo '{"PULocationID": 2, "extra": {"a": [1, 2]}}'            # offset 1: unknown nested field
  echo '{"PULocationID": "x3"}'                                 # offset 2: wrong type
  echo '{"PULocationID": 4, "DOLocationID": 5'                  # offset 3: truncated
  printf '{"PULocationID": 5, "s": "\xff\xfe"}\n'               # offset 4: bad UTF-8 in an unused field
  echo '{"PULocationID": 6}'                                    # offset 5
} | kcat -b "$B" -P -t "$topic"
out=$(sql "$(ddl t "$topic" ",'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset'")
SELECT PULocationID, DOLocationID FROM t;") && fail "bad JSON without ignore-parse-errors succeeded: $out"
[[ $out == *"topic '$topic', partition 0, offset 2"* ]] || fail "bad JSON message lacks topic/partition/offset: $out"
out=$(sql "$(ddl t "$topic" ",'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset', 'json.ignore-parse-errors' = 'true'")
SELECT PULocationID, DOLocationID FROM t;") || fail "ignore-parse-errors: $out"
[[ $out == *"skipped"*"offset"* ]] || fail "no skip log line: $out"
for i in 1 2 6; do grep -qE "^\| \+I \|[[:space:]]+$i \|" <<<"$out" || fail "ignore-parse-errors: row $i missing: $out"; done

# a STRING column receiving an object keeps its JSON text
topic=nested_$run
create "$topic" 1
echo '{"id": 1, "payload": {"a": [1, 2], "b": "x"}}' | kcat -b "$B" -P -t "$topic"
out=$(sql "CREATE TABLE n (id INT, payload STRING) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$B',
  'topic' = '$topic', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset');
SELECT payload FROM n;") || fail "nested: $out"
[[ $out == *'{"a": [1, 2], "b": "x"}'* || $out == *'{"a":[1,2],"b":"x"}'* ]] || fail "nested object into STRING: $out"

# --- 6. faults: a missing topic, an unreachable broker
out=$(sql "$(ddl t "missing_$run" ",'scan.startup.mode' = 'earliest-offset'")
SELECT * FROM t;") && fail "missing topic succeeded"
[[ $out == *"topic 'missing_$run' does not exist"* ]] || fail "missing topic message: $out"
out=$(sql "CREATE TABLE u (a INT) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '127.0.0.1:1',
  'topic' = 'x', 'format' = 'json', 'properties.default.api.timeout.ms' = '2000');
SELECT * FROM u;") && fail "unreachable broker succeeded"
[[ $out == *"127.0.0.1:1"* ]] || fail "unreachable broker message: $out"

# --- 7. partition discovery: a partition added while the job runs is read from its earliest offset
topic=disc_$run
create "$topic" 1
cat >"$tmp/disc.sql" <<EOF
$(ddl src "$topic" ",'scan.startup.mode' = 'earliest-offset', 'scan.topic-partition-discovery.interval' = '1 s'")
CREATE TABLE out_print (PULocationID INTEGER, p INT) WITH ('connector' = 'print');
INSERT INTO out_print SELECT PULocationID, \`partition\` FROM src;
EOF
timeout 60 "$sluice" run "$tmp/disc.sql" >"$tmp/disc.out" 2>&1 &
pid=$!
ride 1 | kcat -b "$B" -P -t "$topic" -p 0
sleep 3
SLUICE_KAFKA_PORT=$port "$root/scripts/kafka" topics --alter --topic "$topic" --partitions 2 >/dev/null
ride 2 | kcat -b "$B" -P -t "$topic" -p 1
waitFor "$tmp/disc.out" '+I\[2, 1\]' 30
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
grep -q '+I\[1, 0\]' "$tmp/disc.out" || fail "discovery: partition 0 row missing: $(cat "$tmp/disc.out")"
grep -q '+I\[2, 1\]' "$tmp/disc.out" || fail "discovery: new partition's row missing: $(cat "$tmp/disc.out")"

echo "kafka source tests passed"
