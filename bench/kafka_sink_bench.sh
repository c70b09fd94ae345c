#!/usr/bin/env bash
# datagen -> Kafka sink vs `kcat -P` producing the same records, in the same run, to the same broker.
#   bench/kafka_sink_bench.sh path/to/sluice [ROWS] [PARTITIONS]
# Needs SLUICE_KAFKA_BOOTSTRAP and SLUICE_KAFKA_PORT (scripts/kafka create-topic). Records: the
# tutorial's shape, 5 fields as JSON (~120 bytes), null keys, default partitioner, at-least-once.
set -euo pipefail
sluice=$1
rows=${2:-2000000}
partitions=${3:-4}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=${SLUICE_KAFKA_BOOTSTRAP:?set SLUICE_KAFKA_BOOTSTRAP}
run=$$-$RANDOM
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gen="CREATE TABLE src (rideId BIGINT, driverId STRING, lon DOUBLE, lat DOUBLE, eventTime TIMESTAMP(3)) WITH (
  'connector'='datagen','number-of-rows'='$rows','rows-per-second'='1000000000','fields.rideId.kind'='sequence','fields.rideId.start'='1',
  'fields.rideId.end'='$rows','fields.driverId.length'='12','fields.lon.min'='-74.05','fields.lon.max'='-73.75',
  'fields.lat.min'='40.6','fields.lat.max'='40.9');"

# The same records as a file for kcat (datagen is seeded per run, so write them once and reuse).
cat >"$work/file.sql" <<SQL
SET 'table.dml-sync' = 'true';
$gen
CREATE TABLE f (rideId BIGINT, driverId STRING, lon DOUBLE, lat DOUBLE, eventTime TIMESTAMP(3))
  WITH ('connector'='filesystem','path'='$work/records','format'='json');
INSERT INTO f SELECT * FROM src;
SQL
"$sluice" run "$work/file.sql" >/dev/null
cat "$work"/records/part-* >"$work/records.json"
bytes=$(stat -c %s "$work/records.json")
echo "records: $rows, $((bytes / rows)) bytes/record (+ newline), $partitions partitions"

now() { date +%s.%N; }
t_kcat=ks-bench-kcat-$run
t_sluice=ks-bench-sluice-$run
"$root/scripts/kafka" create-topic "$t_kcat" "$partitions" >/dev/null
"$root/scripts/kafka" create-topic "$t_sluice" "$partitions" >/dev/null

# kcat: librdkafka with its defaults (acks=all, linger 5 ms), one message per line.
s=$(now)
kcat -b "$B" -P -t "$t_kcat" -X enable.idempotence=true -l "$work/records.json"
e=$(now)
kcat_rate=$(echo "$rows / ($e - $s)" | bc -l)

cat >"$work/sink.sql" <<SQL
SET 'table.dml-sync' = 'true';
$gen
CREATE TABLE k (rideId BIGINT, driverId STRING, lon DOUBLE, lat DOUBLE, eventTime TIMESTAMP(3))
  WITH ('connector'='kafka','topic'='$t_sluice','properties.bootstrap.servers'='$B','format'='json');
INSERT INTO k SELECT * FROM src;
SQL
s=$(now)
/usr/bin/time -f "%U %S" -o "$work/cpu" "$sluice" run "$work/sink.sql" >/dev/null
e=$(now)
sluice_rate=$(echo "$rows / ($e - $s)" | bc -l)
read -r user sys <"$work/cpu"
cpu_ns=$(echo "($user + $sys) * 1000000000 / $rows" | bc -l)

got=$(kcat -b "$B" -C -t "$t_sluice" -e -q | wc -l)
[ "$got" = "$rows" ] || { echo "sluice wrote $got records, expected $rows" >&2; exit 1; }
printf 'kcat -P:      %10.0f records/s\n' "$kcat_rate"
printf 'sluice sink:  %10.0f records/s (%.0f ns CPU/record, datagen + JSON + produce)\n' "$sluice_rate" "$cpu_ns"
printf 'ratio:        %10.1f %%\n' "$(echo "100 * $sluice_rate / $kcat_rate" | bc -l)"
