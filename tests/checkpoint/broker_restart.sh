#!/usr/bin/env bash
# Issue 6: the tutorial's job (Kafka `rides` JSON -> TO_TIMESTAMP_LTZ -> PostgreSQL through
# 'connector' = 'jdbc', exactly-once with checkpoints) survives its Kafka broker going away under it.
# Its SQL is sql/examples/tutorial.sql with only the addresses, the table, the pipeline name and the
# scan mode changed ('earliest-offset', unbounded), plus a short checkpoint interval and a restart
# strategy. A producer writes N ride events with unique pickup times into 3 partitions, a part of them
# released before and during each disruption, so that events arrive across every one of them:
#   1. the broker is killed with SIGKILL under the running job and started again (its log recovery
#      takes a while): librdkafka reconnects by itself; the job keeps running and completing (empty)
#      checkpoints meanwhile, and reads on when the broker is back; the outage is logged (librdkafka's
#      lines, and mostly the source's own: "no broker of ... answers", "records arrive again"),
#   2. the broker is stopped gracefully (SIGTERM) and started again: the same,
#   3. while it is down once more (SIGKILL), the job is killed with SIGKILL and started again: its
#      start waits for the topic's metadata (up to 'properties.default.api.timeout.ms', 30 s). The
#      broker comes back after SLUICE_BROKER_DOWN_AT_START seconds (default 3): within the timeout the
#      start just goes on; beyond it (e.g. 40) the start fails, the restart strategy starts the job
#      again from its checkpoint, and the test asserts that too,
#   4. (SLUICE_BROKER_OUTAGES > 3) more outages under the running job, alternately SIGKILL and graceful,
# and the job is finally stopped with SIGTERM (a savepoint) while the broker is down again. count(*) = count(DISTINCT pickup) = N
# proves "exactly once"; no prepared transaction of the job may be left behind.
#
# The test starts its own broker (scripts/kafka, its own port and folder, stopped on exit), so the
# shared broker of the other tests is left alone; PostgreSQL is the shared one (own schema).
#   tests/checkpoint/broker_restart.sh path/to/sluice
#   SLUICE_BROKER_EVENTS=200000 SLUICE_BROKER_OUTAGES=8 SLUICE_BROKER_DOWN_AT_START=40 \
#     tests/checkpoint/broker_restart.sh build/sluice                                      # long
# Environment: SLUICE_BROKER_TEST_PORT (first port tried, default 19392; it and the next 2 are used),
# SLUICE_PG_PORT, KEEP=1 (keep the work folder and the schema). Without PostgreSQL it skips (exit 77),
# except under CI=true.
set -euo pipefail
sluice=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
total=${SLUICE_BROKER_EVENTS:-10000}
outages=${SLUICE_BROKER_OUTAGES:-3}
downAtStart=${SLUICE_BROKER_DOWN_AT_START:-3}
pgport=${SLUICE_PG_PORT:-5432}
pg() { "$root/scripts/postgres" psql -v ON_ERROR_STOP=1 -qAt "$@"; }
if ! "$root/scripts/postgres" status >/dev/null 2>&1; then
  [ "${CI:-}" = true ] && { echo "FAIL: no PostgreSQL on 127.0.0.1:$pgport" >&2; exit 1; }
  echo "SKIP: no PostgreSQL on 127.0.0.1:$pgport"
  exit 77
fi
[ "$outages" -ge 3 ] || { echo "SLUICE_BROKER_OUTAGES must be at least 3" >&2; exit 2; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=${SLUICE_BROKER_TEST_PORT:-19392}
while port_busy "$port" || port_busy $((port + 1)) || port_busy $((port + 2)); do
  port=$((port + 20))
  [ "$port" -lt 20000 ] || { echo "FAIL: no free ports for the test broker" >&2; exit 1; }
done
work=$(mktemp -d)
export SLUICE_KAFKA_PORT=$port SLUICE_KAFKA_DIR=$work/kafka
kafka() { "$root/scripts/kafka" "$@" >>"$work/broker.log" 2>&1; }
B=127.0.0.1:$port
run=$$_$RANDOM
schema=ckpt_broker_$run
pid=
producer=
source "$root/tests/checkpoint/pg_helpers.bash"
preparedHere() { prepared_in_schema "$schema"; }
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  [ -n "$producer" ] && kill "$producer" 2>/dev/null || true
  "$root/scripts/kafka" stop >/dev/null 2>&1 || true
  [ -n "${KEEP:-}" ] || drop_test_schema "$schema"
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$work"/*.log; do echo "--- $f" >&2; grep -v "^Checkpoint .* complete" "$f" | tail -25 >&2; done
  exit 1
}
say() { echo "[$(date +%T)] $*"; }

kafka start || fail "the test broker did not start"
pg -c "CREATE SCHEMA $schema"
# The tutorial's table, with its unquoted mixed-case names.
pg -c "CREATE TABLE $schema.processed_events (PULocationID INTEGER, DOLocationID INTEGER,
  trip_distance DOUBLE PRECISION, total_amount DOUBLE PRECISION, pickup_datetime TIMESTAMP)"
topic=rides_$run
kafka create-topic "$topic" 3

# The producer: json.dumps-style events (the pickup time in epoch ms identifies each), through one
# kcat, 100 every 0.05 s up to the number `release` allowed so far. Idempotent, so that its own
# retries across a broker kill add no duplicates to the topic; -E: "all brokers down" is no reason to
# quit; messages wait up to 5 minutes for a broker.
chunk=100
echo 0 >"$work/released"
released=0
release() {  # release: let the producer write another tenth of the events (the rest at the 8th)
  released=$((released + 1))
  echo $((released >= 8 ? total : total * released / 10)) >"$work/released.new"
  mv "$work/released.new" "$work/released" # whole, for the producer's reads
}
(
  for ((s = 1; s <= total; s += chunk)); do
    e=$((s + chunk - 1 < total ? s + chunk - 1 : total))
    while [ "$(cat "$work/released")" -lt "$e" ]; do sleep 0.1; done
    awk -v s="$s" -v e="$e" 'BEGIN { for (i = s; i <= e; i++)
      printf "{\"PULocationID\": %d, \"DOLocationID\": %d, \"trip_distance\": 1.5, \"total_amount\": 12.25, \"tpep_pickup_datetime\": %.0f}\n",
        i % 265 + 1, (i * 7) % 265 + 1, 1761442778618 + i }'
    sleep 0.05
  done | kcat -b "$B" -P -E -t "$topic" -X enable.idempotence=true -X message.timeout.ms=300000
) 2>"$work/producer.log" &
producer=$!

# sql/examples/tutorial.sql, with the changes named above.
sed -e "s/'10s'/'500ms'/" \
  -e "s/'tutorial-rides-to-postgres'/'broker-restart-$run'/" \
  -e "s/127.0.0.1:9092/$B/" \
  -e "s/'topic' = 'rides'/'topic' = '$topic'/" \
  -e "/'scan.bounded.mode'/d" \
  -e "s|127.0.0.1:5432|127.0.0.1:$pgport|" \
  -e "s/'table-name' = 'processed_events'/'table-name' = '$schema.processed_events'/" \
  "$root/sql/examples/tutorial.sql" >"$work/job.sql"
# A restart strategy, before the INSERT (SETs apply to the statements after them).
sed -i "/^INSERT INTO/i SET 'restart-strategy.type' = 'fixed-delay';\\
SET 'restart-strategy.fixed-delay.attempts' = '1000';\\
SET 'restart-strategy.fixed-delay.delay' = '1s';\\
" "$work/job.sql"
for changed in "'$B'" "'$topic'" "earliest-offset" "$schema.processed_events" "'500ms'" "fixed-delay';"; do
  grep -q "$changed" "$work/job.sql" || fail "job.sql was not derived from tutorial.sql as expected ($changed)"
done
! grep -q "scan.bounded.mode" "$work/job.sql" || fail "job.sql is still bounded"

cd "$work"  # checkpoints go to ./.sluice/checkpoints
rows() { pg -c "SELECT count(*) FROM $schema.processed_events"; }
checkpoints() { local n; n=$(grep -c "Checkpoint .* complete" "$1" 2>/dev/null) || true; echo "${n:-0}"; }
# waitFor SECONDS COMMAND...: until the command succeeds
waitFor() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}
moreCheckpoints() { [ "$(checkpoints "$1")" -gt "$2" ]; }
moreRows() { [ "$(rows)" -gt "$1" ]; }
alive() { kill -0 "$pid" 2>/dev/null; }
startJob() {  # startJob LOG
  "$sluice" run job.sql >"$1" 2>&1 &
  pid=$!
}
# progress LOG WHAT: the job commits rows again and completes checkpoints (after an outage)
progress() {
  local before c
  before=$(rows)
  c=$(checkpoints "$1")
  if [ "$before" -lt "$total" ]; then
    waitFor 90 moreRows "$before" || fail "$2: no new rows in PostgreSQL (still $before)"
  fi
  waitFor 60 moreCheckpoints "$1" "$c" || fail "$2: no checkpoint completed"
  alive || fail "$2: the job ended"
}

# brokerDown HOW: stop the broker with `kill` (SIGKILL) or `stop` (graceful, data kept)
brokerDown() {
  if [ "$1" = kill ]; then kafka kill; else kafka stop --keep-data; fi
}
# outage HOW WHAT: the broker goes away under the running job and comes back; the job carries on
outage() {
  local c downs ups fails
  downs=$(grep -c "no broker of '$B' answers" $log || true)
  fails=$(grep -c "^kafka: FAIL: .*$B" $log || true)
  ups=$(grep -c "records arrive again" $log || true)
  say "$2: stopping the broker ($1) under the running job ($(rows) rows so far)"
  release
  brokerDown "$1"
  release # kcat holds these until the broker is back
  c=$(checkpoints $log)
  sleep 3
  alive || fail "$2: the job died when the broker went away"
  waitFor 30 moreCheckpoints $log "$c" || fail "$2: no checkpoint completed while the broker was down"
  say "$2: the job keeps running and completing checkpoints while the broker is down; starting it again"
  kafka start || fail "$2: the broker did not start again"
  progress $log "$2"
  # Logged: by librdkafka's FAIL lines, and mostly by the source in its own words, naming the table
  # (when librdkafka reports "all brokers down", which its accounting of the group coordinator's
  # connection sometimes misses), then with the first record after it.
  [ "$(grep -c "no broker of '$B' answers" $log)" -gt "$downs" ] ||
    [ "$(grep -c "^kafka: FAIL: .*$B" $log)" -gt "$fails" ] || fail "$2: the outage was not logged"
  if [ "$(grep -c "no broker of '$B' answers" $log)" -gt "$downs" ] && [ "$released" -lt 8 ]; then
    [ "$(grep -c "records arrive again" $log)" -gt "$ups" ] || fail "$2: the recovery was not logged"
  fi
  say "$2: the job reads on after the broker came back: $(rows) rows"
}

release
release
log=run-1.log
startJob $log
waitFor 60 moreCheckpoints $log 0 || fail "run 1 completed no checkpoint"
waitFor 60 moreRows 0 || fail "run 1 wrote no rows"
outage kill "outage 1"
outage stop "outage 2"

# The job killed and started again while the broker is down.
say "outage 3: killing the broker and the job (SIGKILL); starting the job while the broker is down"
release
kafka kill
release
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
log=run-2.log
startJob $log
if [ "$downAtStart" -gt 30 ]; then
  # Its start fails (no metadata within the api timeout) and the restart strategy tries again.
  waitFor $((downAtStart + 30)) grep -q "restarting it from its latest checkpoint" $log ||
    fail "the job started against a dead broker did not fail over to its restart strategy"
  grep "restarting it from its latest checkpoint" $log | head -1
fi
sleep "$downAtStart"
alive || fail "the job started against a dead broker ended"
kafka start || fail "the broker did not start again"
progress $log "outage 3"
grep -q "Restored from checkpoint" $log || fail "run 2 did not restore its checkpoint"
say "outage 3: the restarted job reads on once the broker is back: $(rows) rows"
release

for ((o = 4; o <= outages; o++)); do
  if ((o % 2)); then outage stop "outage $o"; else outage kill "outage $o"; fi
done

wait "$producer" || fail "the producer could not deliver every event: $(tail -5 producer.log)"
producer=
inTopic=$(kcat -b "$B" -C -t "$topic" -e -q | wc -l)
[ "$inTopic" = "$total" ] || fail "the topic holds $inTopic events, want $total (producer duplicates?)"
waitFor 120 eval '[ "$(rows)" -ge "$total" ]' || fail "only $(rows) of $total rows arrived"
sleep 1  # a late duplicate would show up now
# Stopped while the broker is away once more: the savepoint holds offsets the job already knows.
say "all events in PostgreSQL; killing the broker, then stopping the job (SIGTERM)"
kafka kill
stopped=$SECONDS
kill -TERM "$pid"  # a script's background job ignores SIGINT; SIGTERM stops the same way
wait "$pid" || fail "the job did not exit 0 after SIGTERM"
pid=
grep -q "stopped with a savepoint" $log || fail "no savepoint on SIGTERM"
say "the job stopped with a savepoint in $((SECONDS - stopped)) s with the broker down"

got=$(rows)
distinct=$(pg -c "SELECT count(DISTINCT pickup_datetime) FROM $schema.processed_events")
say "events produced: $total; rows in PostgreSQL: $got; distinct events: $distinct; broker outages: $outages; job SIGKILLs: 1 (restarted with the broker down for ${downAtStart}s); job restarts by its strategy: $(grep -c "restarting it from" run-*.log | awk -F: '{ s += $2 } END { print s }')"
[ "$distinct" = "$total" ] || fail "lost events: $distinct distinct of $total"
[ "$got" = "$total" ] || fail "duplicates: $got rows for $total events"
[ "$(pg -c "SELECT count(*) FROM $schema.processed_events WHERE pickup_datetime < TIMESTAMP '2025-10-26 01:39:38.619'
  OR pickup_datetime > TIMESTAMP '2025-10-26 01:39:38.618' + ($total || ' milliseconds')::interval")" = 0 ] ||
  fail "pickup_datetime is not TO_TIMESTAMP_LTZ(ms, 3) in UTC"
left=$(preparedHere)
[ -z "$left" ] || fail "prepared transactions left behind: $left"
echo "Kafka broker restarts under the tutorial's job: every ride exactly once"
