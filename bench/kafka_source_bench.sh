#!/usr/bin/env bash
# Kafka -> blackhole of tutorial-shaped JSON vs `kcat -C -e -o beginning` draining the same topic,
# in the same run, from the same broker.
#   bench/kafka_source_bench.sh path/to/sluice [ROWS] [PARTITIONS] [RUNS]
# Needs SLUICE_KAFKA_BOOTSTRAP (scripts/kafka start). Records: the tutorial's 5 fields as JSON
# (~120 bytes), produced once with kcat. Each run drains the topic with kcat, then with Sluice
# (earliest-offset, bounded by latest-offset, parallelism = min(PARTITIONS, 2)); the best and the
# median of RUNS are printed, and Sluice's CPU time per record (user + sys, all threads).
set -euo pipefail
sluice=$1
rows=${2:-2000000}
partitions=${3:-1}
runs=${4:-3}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=${SLUICE_KAFKA_BOOTSTRAP:?set SLUICE_KAFKA_BOOTSTRAP}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
topic=ks-source-bench-$$-$RANDOM
parallelism=$((partitions < 2 ? partitions : 2))

# The tutorial producer's records (json.dumps of a dict: ", " and ": " separators).
awk -v n="$rows" 'BEGIN { srand(42); for (i = 0; i < n; i++)
  printf "{\"PULocationID\": %d, \"DOLocationID\": %d, \"trip_distance\": %.2f, \"total_amount\": %.2f, \"tpep_pickup_datetime\": %.0f}\n",
    1 + int(rand() * 265), 1 + int(rand() * 265), rand() * 12, 4 + rand() * 86, 1761442778618 + i * 37 }' >"$work/records.json"
bytes=$(stat -c %s "$work/records.json")
"$root/scripts/kafka" create-topic "$topic" "$partitions" >/dev/null
kcat -b "$B" -P -t "$topic" -l "$work/records.json"
rm "$work/records.json"
echo "records: $rows, $((bytes / rows - 1)) bytes/record, $partitions partition(s), Sluice parallelism $parallelism"

cat >"$work/job.sql" <<SQL
SET 'table.dml-sync' = 'true';
SET 'parallelism.default' = '$parallelism';
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
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json'
);
CREATE TABLE sink (
  PULocationID INTEGER,
  DOLocationID INTEGER,
  trip_distance DOUBLE,
  total_amount DOUBLE,
  pickup_datetime TIMESTAMP(3)
) WITH ('connector' = 'blackhole');
INSERT INTO sink
SELECT PULocationID, DOLocationID, trip_distance, total_amount,
       TO_TIMESTAMP_LTZ(tpep_pickup_datetime, 3)
FROM events;
SQL

now() { date +%s.%N; }
rate() { echo "$rows / ($2 - $1)" | bc -l; }
kcat_rates=()
sluice_rates=()
cpu=()
for ((r = 1; r <= runs; r++)); do
  s=$(now)
  got=$(kcat -b "$B" -C -t "$topic" -o beginning -e -q | wc -l)
  e=$(now)
  [ "$got" = "$rows" ] || { echo "kcat read $got records, expected $rows" >&2; exit 1; }
  kcat_rates+=("$(rate "$s" "$e")")
  s=$(now)
  /usr/bin/time -f "%U %S %M" -o "$work/cpu" "$sluice" run "$work/job.sql" >/dev/null
  e=$(now)
  sluice_rates+=("$(rate "$s" "$e")")
  read -r user sys maxrss <"$work/cpu"
  cpu+=("$(echo "($user + $sys) * 1000000000 / $rows" | bc -l)")
  printf 'run %d: kcat %9.0f rec/s   sluice %9.0f rec/s   %4.0f ns CPU/record   max RSS %d MB\n' \
    "$r" "${kcat_rates[-1]}" "${sluice_rates[-1]}" "${cpu[-1]}" "$((maxrss / 1024))"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
best() { printf '%s\n' "$@" | sort -g | tail -1; }
km=$(median "${kcat_rates[@]}"); sm=$(median "${sluice_rates[@]}")
kb=$(best "${kcat_rates[@]}"); sb=$(best "${sluice_rates[@]}")
printf 'median: kcat %9.0f   sluice %9.0f   ratio %5.1f %%\n' "$km" "$sm" "$(echo "100 * $sm / $km" | bc -l)"
printf 'best:   kcat %9.0f   sluice %9.0f   ratio %5.1f %%\n' "$kb" "$sb" "$(echo "100 * $sb / $kb" | bc -l)"
printf 'CPU per record (median): %.0f ns\n' "$(median "${cpu[@]}")"
