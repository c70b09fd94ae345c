#!/usr/bin/env bash
# datagen -> Kafka sink vs `kcat -P` producing the same records, in the same run, to the same broker.
#   bench/kafka_sink_bench.sh path/to/sluice [ROWS] [PARTITIONS] [RUNS]
# Each run produces with kcat, then with Sluice, into fresh topics; the median and best of RUNS are printed.
# Needs SLUICE_KAFKA_BOOTSTRAP and SLUICE_KAFKA_PORT (scripts/kafka create-topic). Records: the
# tutorial's shape, 5 fields as JSON (~120 bytes), null keys, default partitioner, at-least-once.
set -euo pipefail
sluice=$1
rows=${2:-2000000}
partitions=${3:-4}
runs=${4:-3}
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
kcat_rates=()
sluice_rates=()
cpu=()
for ((r = 1; r <= runs; r++)); do
  t_kcat=ks-bench-kcat-$run-$r
  t_sluice=ks-bench-sluice-$run-$r
  "$root/scripts/kafka" create-topic "$t_kcat" "$partitions" >/dev/null
  "$root/scripts/kafka" create-topic "$t_sluice" "$partitions" >/dev/null

  # kcat: librdkafka with its defaults (acks=all, linger 5 ms), one message per line.
  s=$(now)
  kcat -b "$B" -P -t "$t_kcat" -X enable.idempotence=true -l "$work/records.json"
  e=$(now)
  kcat_rates+=("$(echo "$rows / ($e - $s)" | bc -l)")

  cat >"$work/sink.sql" <<SQL
SET 'table.dml-sync' = 'true';
$gen
CREATE TABLE k (rideId BIGINT, driverId STRING, lon DOUBLE, lat DOUBLE, eventTime TIMESTAMP(3))
  WITH ('connector'='kafka','topic'='$t_sluice','properties.bootstrap.servers'='$B','format'='json');
INSERT INTO k SELECT * FROM src;
SQL
  s=$(now)
  /usr/bin/time -f "%U %S %M" -o "$work/cpu" "$sluice" run "$work/sink.sql" >/dev/null
  e=$(now)
  sluice_rates+=("$(echo "$rows / ($e - $s)" | bc -l)")
  read -r user sys maxrss <"$work/cpu"
  cpu+=("$(echo "($user + $sys) * 1000000000 / $rows" | bc -l)")

  got=$(kcat -b "$B" -C -t "$t_sluice" -e -q | wc -l)
  [ "$got" = "$rows" ] || { echo "sluice wrote $got records, expected $rows" >&2; exit 1; }
  printf 'run %d: kcat -P %9.0f rec/s   sluice %9.0f rec/s   %4.0f ns CPU/record (datagen + JSON + produce)   max RSS %d MB\n' \
    "$r" "${kcat_rates[-1]}" "${sluice_rates[-1]}" "${cpu[-1]}" "$((maxrss / 1024))"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
best() { printf '%s\n' "$@" | sort -g | tail -1; }
km=$(median "${kcat_rates[@]}"); sm=$(median "${sluice_rates[@]}")
kb=$(best "${kcat_rates[@]}"); sb=$(best "${sluice_rates[@]}")
printf 'median: kcat -P %9.0f   sluice %9.0f   ratio %5.1f %%\n' "$km" "$sm" "$(echo "100 * $sm / $km" | bc -l)"
printf 'best:   kcat -P %9.0f   sluice %9.0f   ratio %5.1f %%\n' "$kb" "$sb" "$(echo "100 * $sb / $kb" | bc -l)"
printf 'CPU per record (median): %.0f ns\n' "$(median "${cpu[@]}")"
