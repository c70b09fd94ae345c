#!/usr/bin/env bash
# The proof of issue 6: the tutorial's job (its SQL verbatim apart from the bootstrap address, the
# PostgreSQL URL and table, and 'scan.startup.mode' = 'earliest-offset') keeps every ride event
# exactly once in PostgreSQL while
#   - a producer writes N events into a topic of 3 partitions as the job runs,
#   - the job is killed with SIGKILL at random moments K times and started again each time,
#   - it kills itself between PREPARE TRANSACTION and COMMIT PREPARED (failpoint jdbc.after-prepare)
#     and between the checkpoint's metadata write and the sinks' commit (checkpoint.after-metadata),
#   - PostgreSQL is restarted under a running job (which restarts itself from its checkpoint),
# and is finally stopped with SIGTERM (a savepoint). Each event carries a unique pickup time, so
# count(DISTINCT pickup_datetime) = count(*) = N proves "exactly once"; no prepared transaction may
# be left behind.
#   tests/checkpoint/kafka_to_postgres.sh path/to/sluice
#   SLUICE_KILL_EVENTS=200000 SLUICE_KILLS=10 tests/checkpoint/kafka_to_postgres.sh build/sluice  # long
# Needs SLUICE_KAFKA_BOOTSTRAP and PostgreSQL from scripts/postgres (SLUICE_PG_PORT); without a server
# it skips (exit 77), except under CI=true.
set -euo pipefail
sluice=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=${SLUICE_KAFKA_BOOTSTRAP:?set SLUICE_KAFKA_BOOTSTRAP}
port=${SLUICE_PG_PORT:-5432}
total=${SLUICE_KILL_EVENTS:-12000}
kills=${SLUICE_KILLS:-3}
# A database of its own: prepared transactions are per database, and other tests (run in parallel by
# ctest) may leave theirs in 'postgres' while they run.
run=$$-$RANDOM
db=ckpt_pg_${run//-/_}
pgadmin() { "$root/scripts/postgres" psql -v ON_ERROR_STOP=1 -qAt "$@"; }
pg() { pgadmin -d "$db" "$@"; }
if ! "$root/scripts/postgres" status >/dev/null 2>&1; then
  [ "${CI:-}" = true ] && { echo "FAIL: no PostgreSQL on 127.0.0.1:$port" >&2; exit 1; }
  echo "SKIP: no PostgreSQL on 127.0.0.1:$port"
  exit 77
fi
schema=ckpt_pg_${run//-/_}
work=$(mktemp -d)
pid=
producer=
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  [ -n "$producer" ] && kill "$producer" 2>/dev/null || true
  # Prepared transactions left by a failure would block DROP DATABASE: roll them back first.
  for gid in $(pg -c "SELECT gid FROM pg_prepared_xacts WHERE database = '$db'" 2>/dev/null); do
    pg -c "ROLLBACK PREPARED '$gid'" >/dev/null 2>&1 || true
  done
  pgadmin -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$work"/*.log; do echo "--- $f" >&2; grep -v "^Checkpoint" "$f" | tail -15 >&2; done; exit 1; }

pgadmin -c "CREATE DATABASE $db"
pg -c "CREATE SCHEMA $schema"
# The tutorial's table, with its unquoted mixed-case names.
pg -c "CREATE TABLE $schema.processed_events (PULocationID INTEGER, DOLocationID INTEGER,
  trip_distance DOUBLE PRECISION, total_amount DOUBLE PRECISION, pickup_datetime TIMESTAMP)"

topic=rides-ckpt-$run
"$root/scripts/kafka" create-topic "$topic" 3 >/dev/null
batch=$(( total / 40 > 250 ? total / 40 : 250 ))
produce() {  # produce FIRST LAST: json.dumps-style events; the pickup time (epoch ms) identifies each
  awk -v s="$1" -v e="$2" 'BEGIN { for (i = s; i <= e; i++)
    printf "{\"PULocationID\": %d, \"DOLocationID\": %d, \"trip_distance\": 1.5, \"total_amount\": 12.25, \"tpep_pickup_datetime\": %.0f}\n",
      i % 265 + 1, (i * 7) % 265 + 1, 1761442778618 + i }' | kcat -b "$B" -P -t "$topic"
}
# Two batches are kept back for the failpoint runs (each needs rows to commit); the rest arrive while
# the job is being killed.
background=$(( total - 2 * batch ))
(
  for ((s = 1; s <= background; s += batch)); do
    produce "$s" $(( s + batch - 1 < background ? s + batch - 1 : background ))
    sleep 0.1
  done
) &
producer=$!

cat >"$work/job.sql" <<SQL
SET 'execution.checkpointing.interval' = '300ms';
SET 'pipeline.name' = 'rides-to-pg-$run';
SET 'table.local-time-zone' = 'UTC';
SET 'parallelism.default' = '2';
SET 'restart-strategy.type' = 'fixed-delay';
SET 'restart-strategy.fixed-delay.attempts' = '30';
SET 'restart-strategy.fixed-delay.delay' = '500ms';

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
    'format' = 'json'
);

CREATE TABLE processed_events (
    PULocationID INTEGER,
    DOLocationID INTEGER,
    trip_distance DOUBLE,
    total_amount DOUBLE,
    pickup_datetime TIMESTAMP(3)
) WITH (
    'connector' = 'jdbc',
    'url' = 'jdbc:postgresql://127.0.0.1:$port/$db',
    'table-name' = '$schema.processed_events',
    'username' = 'postgres',
    'password' = 'postgres',
    'driver' = 'org.postgresql.Driver'
);

INSERT INTO processed_events
SELECT
    PULocationID,
    DOLocationID,
    trip_distance,
    total_amount,
    TO_TIMESTAMP_LTZ(tpep_pickup_datetime, 3) AS pickup_datetime
FROM events;
SQL

cd "$work"
rows() { pg -c "SELECT count(*) FROM $schema.processed_events"; }
waitCheckpoint() {  # waitCheckpoint LOG: until a checkpoint completed (or 60 s: loaded machines are slow)
  for ((i = 0; i < 600; i++)); do grep -q "Checkpoint .* complete" "$1" && return 0; sleep 0.1; done
  return 1
}

# 1. SIGKILL at random moments.
for ((k = 1; k <= kills; k++)); do
  "$sluice" run job.sql >"kill-$k.log" 2>&1 &
  pid=$!
  waitCheckpoint "kill-$k.log" || fail "run $k completed no checkpoint"
  sleep "0.$((RANDOM % 9))"
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
done
[ "$kills" -lt 2 ] || grep -q "Restored from checkpoint" kill-2.log || fail "the second run did not restore"

# 2. Deaths at the two delicate moments, each with fresh events to commit.
next=$(( background + 1 ))
for point in jdbc.after-prepare@1 checkpoint.after-metadata@2; do
  last=$(( next + batch - 1 < total ? next + batch - 1 : total ))
  produce "$next" "$last"
  next=$(( last + 1 ))
  log="failpoint-${point%@*}.log"
  SLUICE_FAILPOINT=$point timeout 120 "$sluice" run job.sql >"$log" 2>&1 && fail "failpoint $point: the job ended"
  grep -q "failpoint ${point%@*}: killing the process" "$log" || fail "failpoint $point did not fire"
  if [ "$point" = jdbc.after-prepare@1 ]; then
    [ "$(pg -c "SELECT count(*) FROM pg_prepared_xacts WHERE gid LIKE 'sluice:%' AND database = '$db'")" -gt 0 ] ||
      fail "the death after PREPARE should leave a prepared transaction for the next run to settle"
  fi
done

# 3. PostgreSQL restarted under the running job: it restarts itself from its checkpoint.
"$sluice" run job.sql >final.log 2>&1 &
pid=$!
waitCheckpoint final.log || fail "the final run completed no checkpoint"
"$root/scripts/postgres" restart >/dev/null
wait "$producer"
producer=
for ((i = 0; i < 900; i++)); do
  [ "$(rows 2>/dev/null || echo 0)" -ge "$total" ] && break
  sleep 0.1
done
kill -TERM "$pid"  # a script's background job ignores SIGINT; SIGTERM stops the same way
wait "$pid" || fail "the final run did not exit 0 after SIGTERM"
pid=
grep -q "stopped with a savepoint" final.log || fail "no savepoint on SIGTERM"

got=$(rows)
distinct=$(pg -c "SELECT count(DISTINCT pickup_datetime) FROM $schema.processed_events")
echo "events produced: $total; rows in PostgreSQL: $got; distinct events: $distinct; SIGKILLs: $kills + 2 failpoints; PostgreSQL restarts: 1"
[ "$distinct" = "$total" ] || fail "lost events: $distinct distinct of $total"
[ "$got" = "$total" ] || fail "duplicates: $got rows for $total events"
[ "$(pg -c "SELECT count(*) FROM $schema.processed_events WHERE pickup_datetime < TIMESTAMP '2025-10-26 01:39:38.619'
  OR pickup_datetime > TIMESTAMP '2025-10-26 01:39:38.618' + ($total || ' milliseconds')::interval")" = 0 ] ||
  fail "pickup_datetime is not TO_TIMESTAMP_LTZ(ms, 3) in UTC"
[ "$(pg -c "SELECT count(*) FROM pg_prepared_xacts WHERE gid LIKE 'sluice:%' AND database = '$db'")" = 0 ] ||
  fail "prepared transactions left behind: $(pg -c "SELECT gid FROM pg_prepared_xacts WHERE database = '$db'")"
echo "Kafka -> PostgreSQL: every ride exactly once"
