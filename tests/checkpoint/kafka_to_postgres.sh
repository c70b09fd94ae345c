#!/usr/bin/env bash
# The tutorial's job, exactly once across kill -9: ride events in Kafka -> TO_TIMESTAMP_LTZ -> the jdbc
# sink into PostgreSQL (append mode, no key: duplicates would show), checkpoints every 300 ms, the
# process killed with SIGKILL three times while events keep arriving and started again each time, then
# stopped with SIGTERM (a savepoint). Every event must be in the table exactly once, and no prepared
# transaction may be left behind.
#   tests/checkpoint/kafka_to_postgres.sh path/to/sluice
# Needs SLUICE_KAFKA_BOOTSTRAP and PostgreSQL from scripts/postgres (SLUICE_PG_PORT); without a server
# it skips (exit 77), except under CI=true.
set -euo pipefail
sluice=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=${SLUICE_KAFKA_BOOTSTRAP:?set SLUICE_KAFKA_BOOTSTRAP}
port=${SLUICE_PG_PORT:-5432}
pg() { "$root/scripts/postgres" psql -v ON_ERROR_STOP=1 -qAt "$@"; }
if ! "$root/scripts/postgres" status >/dev/null 2>&1; then
  [ "${CI:-}" = true ] && { echo "FAIL: no PostgreSQL on 127.0.0.1:$port" >&2; exit 1; }
  echo "SKIP: no PostgreSQL on 127.0.0.1:$port"
  exit 77
fi
run=$$-$RANDOM
schema=ckpt_pg_${run//-/_}
work=$(mktemp -d)
pid=
producer=
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  [ -n "$producer" ] && kill "$producer" 2>/dev/null || true
  pg -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$work"/run-*.log; do echo "--- $f" >&2; grep -v "^Checkpoint" "$f" | tail -20 >&2; done; exit 1; }

pg -c "CREATE SCHEMA $schema"
pg -c "CREATE TABLE $schema.processed_events (ride_id BIGINT, PULocationID INTEGER, DOLocationID INTEGER,
  trip_distance DOUBLE PRECISION, total_amount DOUBLE PRECISION, pickup_datetime TIMESTAMP)"

topic=rides-ckpt-$run
"$root/scripts/kafka" create-topic "$topic" 2 >/dev/null
total=10000
(
  for ((b = 0; b < total / 250; b++)); do
    awk -v s=$((b * 250 + 1)) -v e=$((b * 250 + 250)) 'BEGIN { for (i = s; i <= e; i++)
      printf "{\"ride_id\": %d, \"PULocationID\": %d, \"DOLocationID\": %d, \"trip_distance\": 1.5, \"total_amount\": 12.25, \"tpep_pickup_datetime\": %.0f}\n",
        i, i % 265 + 1, (i * 7) % 265 + 1, 1761442778618 + i }' | kcat -b "$B" -P -t "$topic"
    sleep 0.1
  done
) &
producer=$!

cat >"$work/job.sql" <<SQL
SET 'execution.checkpointing.interval' = '300ms';
SET 'pipeline.name' = 'rides-to-pg-$run';
SET 'table.local-time-zone' = 'UTC';
CREATE TABLE events (
    ride_id BIGINT,
    PULocationID INTEGER,
    DOLocationID INTEGER,
    trip_distance DOUBLE,
    total_amount DOUBLE,
    tpep_pickup_datetime BIGINT
) WITH (
    'connector' = 'kafka',
    'properties.bootstrap.servers' = '$B',
    'topic' = '$topic',
    'properties.group.id' = 'rides-$run',
    'scan.startup.mode' = 'earliest-offset',
    'format' = 'json'
);
CREATE TABLE processed_events (
    ride_id BIGINT,
    PULocationID INTEGER,
    DOLocationID INTEGER,
    trip_distance DOUBLE,
    total_amount DOUBLE,
    pickup_datetime TIMESTAMP(3)
) WITH (
    'connector' = 'jdbc',
    'url' = 'jdbc:postgresql://127.0.0.1:$port/postgres',
    'table-name' = '$schema.processed_events',
    'username' = 'postgres',
    'password' = 'postgres',
    'driver' = 'org.postgresql.Driver'
);
INSERT INTO processed_events
SELECT ride_id, PULocationID, DOLocationID, trip_distance, total_amount,
       TO_TIMESTAMP_LTZ(tpep_pickup_datetime, 3) AS pickup_datetime
FROM events;
SQL

cd "$work"
rows() { pg -c "SELECT count(*) FROM $schema.processed_events"; }
for k in 1 2 3; do
  "$sluice" run job.sql >"run-$k.log" 2>&1 &
  pid=$!
  for ((i = 0; i < 100; i++)); do grep -q "Checkpoint .* complete" "run-$k.log" && break; sleep 0.1; done
  sleep "0.$((RANDOM % 9))"
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
  grep -q "Checkpoint .* complete" "run-$k.log" || fail "run $k completed no checkpoint before the kill"
done
grep -q "Restored from checkpoint" run-2.log || fail "the second run did not restore"
wait "$producer"
producer=

"$sluice" run job.sql >run-final.log 2>&1 &
pid=$!
for ((i = 0; i < 600; i++)); do
  [ "$(rows)" -ge "$total" ] && break
  sleep 0.1
done
kill -TERM "$pid"  # a script's background job ignores SIGINT; SIGTERM stops the same way
wait "$pid" || fail "the final run did not exit 0 after SIGTERM"
pid=
grep -q "stopped with a savepoint" run-final.log || fail "no savepoint on SIGTERM"

[ "$(rows)" = "$total" ] || fail "$(rows) rows in PostgreSQL, expected $total"
[ "$(pg -c "SELECT count(DISTINCT ride_id) FROM $schema.processed_events")" = "$total" ] || fail "duplicate or lost rides"
[ "$(pg -c "SELECT count(*) FROM $schema.processed_events WHERE pickup_datetime <> TIMESTAMP '2025-10-26 01:39:38.618' + (ride_id || ' milliseconds')::interval")" = 0 ] ||
  fail "pickup_datetime is not TO_TIMESTAMP_LTZ(ms, 3) in UTC: $(pg -c "SELECT ride_id, pickup_datetime FROM $schema.processed_events ORDER BY ride_id LIMIT 3")"
[ "$(pg -c "SELECT count(*) FROM pg_prepared_xacts WHERE gid LIKE 'sluice:%'")" = 0 ] ||
  fail "prepared transactions left behind: $(pg -c "SELECT gid FROM pg_prepared_xacts")"
echo "Kafka -> PostgreSQL across 3 kills: $total rides exactly once"
