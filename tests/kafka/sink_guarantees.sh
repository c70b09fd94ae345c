#!/usr/bin/env bash
# The Kafka sink against the real broker (scripts/kafka), read back with kcat:
#   tests/kafka/sink_guarantees.sh path/to/sluice
# Needs SLUICE_KAFKA_BOOTSTRAP (e.g. 127.0.0.1:9092) and SLUICE_KAFKA_PORT for create-topic.
set -euo pipefail
sluice=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=${SLUICE_KAFKA_BOOTSTRAP:?set SLUICE_KAFKA_BOOTSTRAP}
run=$$-$RANDOM  # fresh topics per run
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
count() { kcat -b "$B" -C -t "$1" -e -q -X isolation.level="${2:-read_committed}" | wc -l; }

gen() {  # gen ROWS: a datagen table 'src' of (id, name)
    echo "CREATE TABLE src (id BIGINT, name STRING) WITH ('connector'='datagen','number-of-rows'='$1',
      'fields.id.kind'='sequence','fields.id.start'='1','fields.id.end'='$1','fields.name.length'='4');"
}
sink() {  # sink TOPIC EXTRA-OPTIONS
    echo "CREATE TABLE k (id BIGINT, name STRING) WITH ('connector'='kafka','topic'='$1',
      'properties.bootstrap.servers'='$B'$2);"
}

# at-least-once (default), key/value formats, EXCEPT_KEY, over 4 partitions
t=ks-alo-$run
"$root/scripts/kafka" create-topic "$t" 4 >/dev/null
cat >"$work/alo.sql" <<SQL
SET 'table.dml-sync' = 'true';
$(gen 1000)
$(sink "$t" ",'key.format'='json','key.fields'='id','value.format'='json','value.fields-include'='EXCEPT_KEY'")
INSERT INTO k SELECT * FROM src;
SQL
"$sluice" run "$work/alo.sql" >/dev/null
[ "$(count "$t")" = 1000 ] || fail "at-least-once: expected 1000 records"
kv=$(kcat -b "$B" -C -t "$t" -e -q -f '%k %s\n')
grep -q '^{"id":1} {"name":"' <<<"$kv" || fail "key/value formats"
[ "$(kcat -b "$B" -C -t "$t" -e -q -f '%p\n' | sort -u | wc -l)" = 4 ] || fail "keys spread over 4 partitions"
# Each key lands where the Java client (murmur2) puts it: kcat with librdkafka's murmur2 partitioner
# writes the same keys to a second topic, and the key -> partition maps must be equal.
t2=ks-alo-murmur-$run
"$root/scripts/kafka" create-topic "$t2" 4 >/dev/null
kcat -b "$B" -C -t "$t" -e -q -f '%k\t%s\n' | kcat -b "$B" -P -t "$t2" -K$'\t' -X partitioner=murmur2
kcat -b "$B" -C -t "$t" -e -q -f '%k %p\n' | sort >"$work/ours"
kcat -b "$B" -C -t "$t2" -e -q -f '%k %p\n' | sort >"$work/murmur2"
cmp -s "$work/ours" "$work/murmur2" || fail "default partitioner: keys must go to their murmur2 partitions"

# none
t=ks-none-$run
cat >"$work/none.sql" <<SQL
SET 'table.dml-sync' = 'true';
$(gen 500)
$(sink "$t" ",'format'='json','sink.delivery-guarantee'='none'")
INSERT INTO k SELECT * FROM src;
SQL
"$sluice" run "$work/none.sql" >/dev/null
[ "$(count "$t")" = 500 ] || fail "none: expected 500 records"

# exactly-once: a committed run, then a run that fails mid-way and leaves nothing visible
t=ks-eos-$run
cat >"$work/eos.sql" <<SQL
SET 'table.dml-sync' = 'true';
$(gen 3000)
$(sink "$t" ",'format'='json','sink.delivery-guarantee'='exactly-once','sink.transactional-id-prefix'='tx-$run'")
INSERT INTO k SELECT * FROM src;
SQL
"$sluice" run "$work/eos.sql" >/dev/null
# Row 2900 divides by zero: the job fails there, deterministically, after 2899 rows were sent.
sed 's/INSERT INTO k SELECT \* FROM src;/INSERT INTO k SELECT id, CASE WHEN id = 2900 THEN CAST(1 \/ (id - 2900) AS STRING) ELSE name END FROM src;/' \
    "$work/eos.sql" >"$work/eos_fail.sql"
if "$sluice" run "$work/eos_fail.sql" >/dev/null 2>&1; then fail "the failing exactly-once job succeeded"; fi
[ "$(count "$t" read_committed)" = 3000 ] || fail "exactly-once: read_committed must see exactly the first run"
[ "$(count "$t" read_uncommitted)" -gt 3000 ] || fail "exactly-once: the failed run's aborted rows should exist uncommitted"
progress=$(kcat -b "$B" -C -t __sluice_sink_progress -e -q -X isolation.level=read_committed -f '%k %s\n')
grep -q "^tx-$run .*\"final\":true" <<<"$progress" || fail "exactly-once: progress record"

# fixed and round-robin partitioners, sink.parallelism
for mode in fixed round-robin; do
    t=ks-$mode-$run
    "$root/scripts/kafka" create-topic "$t" 4 >/dev/null
    cat >"$work/p.sql" <<SQL
SET 'table.dml-sync' = 'true';
$(gen 400)
$(sink "$t" ",'format'='json','sink.partitioner'='$mode','sink.parallelism'='$([ $mode = fixed ] && echo 2 || echo 1)'")
INSERT INTO k SELECT * FROM src;
SQL
    "$sluice" run "$work/p.sql" >/dev/null
    parts=$(kcat -b "$B" -C -t "$t" -e -q -f '%p\n' | sort | uniq -c | awk '{print $2":"$1}' | tr '\n' ' ')
    if [ $mode = fixed ]; then
        [ "$(kcat -b "$B" -C -t "$t" -e -q -f '%p\n' | sort -u | tr '\n' ' ')" = "0 1 " ] || fail "fixed: $parts"
    else
        [ "$parts" = "0:100 1:100 2:100 3:100 " ] || fail "round-robin: $parts"
    fi
done

# timestamp metadata
t=ks-meta-$run
cat >"$work/meta.sql" <<SQL
SET 'table.dml-sync' = 'true';
$(gen 3)
CREATE TABLE m (id BIGINT, ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp', p INT METADATA FROM 'partition' VIRTUAL)
  WITH ('connector'='kafka','topic'='$t','properties.bootstrap.servers'='$B','format'='json');
INSERT INTO m SELECT id, TO_TIMESTAMP_LTZ(1700000000000 + id, 3) FROM src;
SQL
"$sluice" run "$work/meta.sql" >/dev/null
[ "$(kcat -b "$B" -C -t "$t" -e -q -f '%T %s\n' | sed -n 1p)" = '1700000000001 {"id":1}' ] || fail "timestamp metadata"

# broker unreachable: a clear error naming the bootstrap servers
cat >"$work/down.sql" <<SQL
SET 'table.dml-sync' = 'true';
$(gen 3)
CREATE TABLE d (id BIGINT, name STRING) WITH ('connector'='kafka','topic'='x','properties.bootstrap.servers'='127.0.0.1:1',
  'format'='json','properties.default.api.timeout.ms'='1000');
INSERT INTO d SELECT * FROM src;
SQL
if "$sluice" run "$work/down.sql" >"$work/down.out" 2>&1; then fail "unreachable broker: job succeeded"; fi
grep -q "Cannot reach the Kafka brokers at 127.0.0.1:1" "$work/down.out" || fail "unreachable broker message: $(cat "$work/down.out")"
echo "kafka sink: all checks passed"
