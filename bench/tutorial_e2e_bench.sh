#!/usr/bin/env bash
# The tutorial's job end to end (issue 6): Kafka JSON -> TO_TIMESTAMP_LTZ -> PostgreSQL through the jdbc
# sink, checkpoints every 10 s, exactly-once (the sink writes each checkpoint's rows in one transaction,
# PREPARE TRANSACTION at the barrier, COMMIT PREPARED when the checkpoint completes), against its two
# limits in the same run on the same data: `kcat -C -o beginning -e` draining the topic, and `psql \copy`
# loading the same rows (a CSV of the 5 columns) into an identical table.
#   bench/tutorial_e2e_bench.sh path/to/sluice [ROWS] [PARTITIONS] [RUNS]
# Needs SLUICE_KAFKA_BOOTSTRAP (scripts/kafka) and PostgreSQL from scripts/postgres (SLUICE_PG_PORT,
# default 5432). The job is sql/examples/tutorial.sql with only the addresses, topic, table and
# pipeline.name replaced (so the tutorial's DDL: Flink's default sink.buffer-flush.max-rows = 100,
# parallelism 1, 'scan.bounded.mode' = 'latest-offset' so it ends by itself).
# Environment knobs (defaults in brackets):
#   PARALLELISM [unset: the tutorial's default]  SET 'parallelism.default' for the job
#   SINK_OPTIONS [none]  extra jdbc options, e.g. "'sink.buffer-flush.max-rows' = '0'"
#   PAUSE_INTERVAL [1s]  one extra run with this checkpoint interval, so that checkpoints happen while
#                        rows flow (a 10 s interval may not fire before a bounded run ends)
#   RESTART_ROWS [ROWS/4]  records produced after the kill -9 in the restart measurement
# Per run: records/s of kcat, psql and Sluice (wall clock of the whole process), Sluice's peak RSS
# (/usr/bin/time -v) and CPU, and the checkpoint lines ("longest task pause"). Then the restart: the
# same job without a bound on its own topic, killed with SIGKILL after its first checkpoint completed
# and its commit is visible, RESTART_ROWS more records produced, the job started again: the time from
# process start to the "Restored from checkpoint" line and until SELECT count(*) first grows, then until
# every record is in (exactly once: the count must be ROWS + RESTART_ROWS).
set -euo pipefail
sluice=$(realpath "$1")
rows=${2:-2000000}
partitions=${3:-2}
runs=${4:-3}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=${SLUICE_KAFKA_BOOTSTRAP:?set SLUICE_KAFKA_BOOTSTRAP}
port=${SLUICE_PG_PORT:-5432}
pause_interval=${PAUSE_INTERVAL:-1s}
restart_rows=${RESTART_ROWS:-$((rows / 4))}
pg() { "$root/scripts/postgres" psql -v ON_ERROR_STOP=1 -qAt "$@"; }
"$root/scripts/postgres" status >/dev/null || { echo "no PostgreSQL: scripts/postgres start" >&2; exit 1; }
"$root/scripts/kafka" status >/dev/null || { echo "no Kafka: scripts/kafka start" >&2; exit 1; }
run=$$-$RANDOM
schema=e2e_bench_${run//-/_}
topic=e2e-bench-$run
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  pg -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

# The tutorial producer's records (json.dumps of a dict: ", " and ": " separators). mawk's %d stops at
# 2^31, so the epoch millis go through %.0f.
gen() {  # gen FIRST COUNT
  awk -v s="$1" -v n="$2" 'BEGIN { srand(42 + s); for (i = s; i < s + n; i++)
    printf "{\"PULocationID\": %d, \"DOLocationID\": %d, \"trip_distance\": %.2f, \"total_amount\": %.2f, \"tpep_pickup_datetime\": %.0f}\n",
      1 + int(rand() * 265), 1 + int(rand() * 265), rand() * 12, 4 + rand() * 86, 1761442778618 + i * 37 }'
}
gen 0 "$rows" >records.json
bytes=$(stat -c %s records.json)
"$root/scripts/kafka" create-topic "$topic" "$partitions" >/dev/null
kcat -b "$B" -P -t "$topic" -l records.json

cols="PULocationID INTEGER, DOLocationID INTEGER, trip_distance DOUBLE PRECISION, total_amount DOUBLE PRECISION,
  pickup_datetime TIMESTAMP(3)"
pg -c "CREATE SCHEMA $schema"
pg -c "CREATE TABLE $schema.processed_events ($cols)"
pg -c "CREATE TABLE $schema.copy_events ($cols)"
pg -c "CREATE TABLE $schema.restart_events ($cols)"

# job NAME TOPIC TABLE INTERVAL BOUNDED(1|0): the tutorial's script with our addresses and names.
job() {
  local extra=()
  [ -z "${SINK_OPTIONS:-}" ] || extra=(-e "s/'driver' = 'org.postgresql.Driver'/'driver' = 'org.postgresql.Driver', $SINK_OPTIONS/")
  sed -e "s/'127.0.0.1:9092'/'$B'/" \
      -e "s#jdbc:postgresql://127.0.0.1:5432/postgres#jdbc:postgresql://127.0.0.1:$port/postgres#" \
      -e "s/'topic' = 'rides'/'topic' = '$2'/" \
      -e "s/'table-name' = 'processed_events'/'table-name' = '$schema.$3'/" \
      -e "s/'pipeline.name' = 'tutorial-rides-to-postgres'/'pipeline.name' = 'e2e-$run-$1'/" \
      -e "s/'execution.checkpointing.interval' = '10s'/'execution.checkpointing.interval' = '$4'/" \
      "${extra[@]}" \
      "$root/sql/examples/tutorial.sql" >"$1.sql"
  [ "$5" = 1 ] || sed -i "/'scan.bounded.mode'/d" "$1.sql"
  [ -z "${PARALLELISM:-}" ] || sed -i "1i SET 'parallelism.default' = '$PARALLELISM';" "$1.sql"
  grep -q "'topic' = '$2'" "$1.sql" && grep -q "'$schema.$3'" "$1.sql" && grep -q "'$4'" "$1.sql" ||
    { echo "sql/examples/tutorial.sql changed: cannot rewrite it" >&2; exit 1; }
}

# The same rows as psql's CSV: the tutorial's source and SELECT into a filesystem sink (UTC, as the job).
job csv "$topic" processed_events 10s 1
sed -n '/^CREATE TABLE processed_events/q;p' csv.sql >rows.sql
cat >>rows.sql <<SQL
CREATE TABLE rows_csv (PULocationID INTEGER, DOLocationID INTEGER, trip_distance DOUBLE, total_amount DOUBLE,
  pickup_datetime TIMESTAMP(3)) WITH ('connector' = 'filesystem', 'path' = '$work/rows', 'format' = 'csv');
INSERT INTO rows_csv SELECT PULocationID, DOLocationID, trip_distance, total_amount,
  TO_TIMESTAMP_LTZ(tpep_pickup_datetime, 3) FROM events;
SQL
sed -i "/execution.checkpointing.interval/d" rows.sql
"$sluice" run rows.sql >/dev/null
cat rows/part-* >rows.csv
rm -rf rows
[ "$(wc -l <rows.csv)" = "$rows" ] || { echo "rows.csv has $(wc -l <rows.csv) rows, expected $rows" >&2; exit 1; }
echo "records: $rows, $((bytes / rows - 1)) bytes of JSON/record, $(($(stat -c %s rows.csv) / rows)) bytes of CSV/row," \
  "$partitions partition(s); job parallelism ${PARALLELISM:-default}; sink options: ${SINK_OPTIONS:-as in the tutorial}"
echo "load: $(uptime)"

now() { date +%s.%N; }
rate() { echo "$rows / ($2 - $1)" | bc -l | xargs printf '%.0f'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
pauses() {  # pauses LOG: "N: X ms" for each completed checkpoint
  sed -n 's/^Checkpoint \([0-9]*\) complete:.*longest task pause \([0-9.]*\) ms.*/\1: \2 ms/p' "$1" | paste -sd ' '
}
prepared_left() {  # locks of prepared transactions (no backend) on our tables
  pg -c "SELECT count(*) FROM pg_locks WHERE pid IS NULL AND relation IN (SELECT oid FROM pg_class
    WHERE relnamespace = '$schema'::regnamespace)"
}

# sluice_run NAME: times `sluice run NAME.sql` (fresh table and checkpoint dir); sets s_rate s_rss s_cpu
sluice_run() {
  local s e user sys
  pg -c "TRUNCATE $schema.processed_events; CHECKPOINT"
  rm -rf .sluice
  s=$(now)
  /usr/bin/time -f "%U %S %M" -o "$1.time" "$sluice" run "$1.sql" >"$1.out" 2>"$1.log" ||
    { cat "$1.out" "$1.log" >&2; exit 1; }
  e=$(now)
  local got
  got=$(pg -c "SELECT count(*) FROM $schema.processed_events")
  [ "$got" = "$rows" ] || { echo "sluice wrote $got rows, expected $rows" >&2; cat "$1.log" >&2; exit 1; }
  read -r user sys s_rss <"$1.time"
  s_rss=$((s_rss / 1024))
  s_rate=$(rate "$s" "$e")
  s_cpu=$(echo "($user + $sys) * 1000000000 / $rows" | bc -l | xargs printf '%.0f')
}

job e2e "$topic" processed_events 10s 1
kr=() pr=() sr=() rss=() cpu=()
for ((r = 1; r <= runs; r++)); do
  s=$(now)
  got=$(kcat -b "$B" -C -t "$topic" -o beginning -e -q | wc -l)
  e=$(now)
  [ "$got" = "$rows" ] || { echo "kcat read $got records, expected $rows" >&2; exit 1; }
  kr+=("$(rate "$s" "$e")")

  pg -c "TRUNCATE $schema.copy_events; CHECKPOINT"
  s=$(now)
  pg -c "\\copy $schema.copy_events FROM '$work/rows.csv' CSV"
  e=$(now)
  pr+=("$(rate "$s" "$e")")

  sluice_run e2e
  sr+=("$s_rate") rss+=("$s_rss") cpu+=("$s_cpu")
  lim=$((kr[-1] < pr[-1] ? kr[-1] : pr[-1]))
  echo "run $r: kcat -C ${kr[-1]} rec/s | psql \\copy ${pr[-1]} rows/s | sluice ${sr[-1]} rows/s" \
    "($((100 * sr[-1] / lim))% of the slower limit), ${s_cpu} ns CPU/row, peak RSS ${s_rss} MB;" \
    "checkpoints: $(pauses e2e.log) ; load $(cut -d' ' -f1-3 /proc/loadavg)"
done
[ "$(pg -c "SELECT count(*) FROM (SELECT * FROM $schema.processed_events EXCEPT ALL SELECT * FROM $schema.copy_events) d")" = 0 ] ||
  echo "WARNING: Sluice's rows differ from psql's" >&2
km=$(median "${kr[@]}") pm=$(median "${pr[@]}") sm=$(median "${sr[@]}")
lim=$((km < pm ? km : pm))
echo "median: kcat -C $km rec/s | psql \\copy $pm rows/s | sluice $sm rows/s = $((100 * sm / lim))% of the slower limit" \
  "($( ((km < pm)) && echo kcat || echo psql)); ${rows} rows; CPU $(median "${cpu[@]}") ns/row; peak RSS $(median "${rss[@]}") MB" \
  "(max $(printf '%s\n' "${rss[@]}" | sort -n | tail -1) MB)"

# Checkpoints while rows flow: the same job with a short interval.
job pause "$topic" processed_events "$pause_interval" 1
sluice_run pause
echo "interval $pause_interval: sluice $s_rate rows/s, peak RSS $s_rss MB; checkpoints (id: longest task pause): $(pauses pause.log)"
[ "$(prepared_left)" = 0 ] || echo "WARNING: prepared transactions left behind" >&2

# Restart: kill -9 after a completed (and committed) checkpoint, more records, start again.
rtopic=$topic-restart
"$root/scripts/kafka" create-topic "$rtopic" "$partitions" >/dev/null
kcat -b "$B" -P -t "$rtopic" -l records.json
job restart "$rtopic" restart_events 10s 0
rm -rf .sluice
count() { pg -c "SELECT count(*) FROM $schema.restart_events"; }
"$sluice" run restart.sql >restart-1.log 2>&1 &
pid=$!
for ((i = 0; i < 1200; i++)); do grep -q "^Checkpoint .* complete" restart-1.log && break; sleep 0.1; done
grep -q "^Checkpoint .* complete" restart-1.log || { echo "no checkpoint within 120 s" >&2; cat restart-1.log >&2; exit 1; }
last=-1
for ((i = 0; i < 100; i++)); do c=$(count); [ "$c" = "$last" ] && [ "$c" != 0 ] && break; last=$c; sleep 0.2; done
kill -9 "$pid"; wait "$pid" 2>/dev/null || true; pid=
c0=$(count)
gen "$rows" "$restart_rows" | kcat -b "$B" -P -t "$rtopic"
echo "restart: killed with SIGKILL after $(pauses restart-1.log | awk '{print NF / 3}') checkpoint(s), $c0 rows committed;" \
  "$restart_rows more records produced; load $(cut -d' ' -f1-3 /proc/loadavg)"
s=$(now)
"$sluice" run restart.sql >restart-2.log 2>&1 &
pid=$!
t_restored= t_first=
for ((i = 0; i < 12000; i++)); do
  [ -z "$t_restored" ] && grep -q "^Restored from checkpoint" restart-2.log && t_restored=$(now)
  [ "$(count)" -gt "$c0" ] && { t_first=$(now); break; }
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.02
done
[ -n "$t_first" ] || { echo "no row committed after the restart" >&2; cat restart-2.log >&2; exit 1; }
[ -n "$t_restored" ] || { grep -q "^Restored from checkpoint" restart-2.log && t_restored=$t_first; }
[ -n "$t_restored" ] || { echo "the restart did not restore from the checkpoint" >&2; cat restart-2.log >&2; exit 1; }
for ((i = 0; i < 1200; i++)); do [ "$(count)" -ge $((rows + restart_rows)) ] && break; sleep 0.1; done
t_all=$(now)
kill -TERM "$pid"; wait "$pid" || { echo "the restarted job did not stop cleanly" >&2; exit 1; }; pid=
final=$(count)
printf 'restart: "Restored from checkpoint" after %.2f s, first committed row after %.2f s, all %d rows after %.2f s;' \
  "$(echo "$t_restored - $s" | bc -l)" "$(echo "$t_first - $s" | bc -l)" "$final" "$(echo "$t_all - $s" | bc -l)"
echo " checkpoints after the restart: $(pauses restart-2.log)"
[ "$final" = $((rows + restart_rows)) ] || echo "WARNING: $final rows after the restart, expected $((rows + restart_rows))" >&2
[ "$(prepared_left)" = 0 ] || echo "WARNING: prepared transactions left behind" >&2
