#!/usr/bin/env bash
# Kafka -> Kafka exactly-once ('sink.delivery-guarantee' = 'exactly-once', two-stage checkpoints) across
# SIGKILL: parallelism 2 over 2-partition topics, records produced while the job is
#   - killed by failpoints between the steps of a checkpoint: after its pending metadata before the
#     Kafka commit (checkpoint.after-pending), after the Kafka commit before the checkpoint is complete
#     (kafka.after-commit), and after the final commit of a bounded job (kafka.after-final-commit);
#   - killed with SIGKILL at random moments,
# and started again each time (it settles the pending checkpoint and resumes by itself). At the end every
# input record is in the output topic exactly once for a read_committed reader, checked by its unique id.
# With PostgreSQL running (scripts/postgres), the streaming job also writes every record into a jdbc
# sink (two-phase commit) in the same job: a promoted pending checkpoint must commit its prepared
# transaction there too (JdbcSink::restoreState), a discarded one roll it back.
#   tests/checkpoint/kafka_exactly_once.sh path/to/sluice
#   SLUICE_KILL_EVENTS=100000 SLUICE_KILLS=10 tests/checkpoint/kafka_exactly_once.sh build/sluice  # long
# Needs SLUICE_KAFKA_BOOTSTRAP (scripts/kafka start).
set -euo pipefail
sluice=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=${SLUICE_KAFKA_BOOTSTRAP:?set SLUICE_KAFKA_BOOTSTRAP}
total=${SLUICE_KILL_EVENTS:-12000}
kills=${SLUICE_KILLS:-3}
run=$$-$RANDOM
work=$(mktemp -d)
pid=
producer=
pg() { "$root/scripts/postgres" psql -v ON_ERROR_STOP=1 -qAt "$@"; }
schema=
if "$root/scripts/postgres" status >/dev/null 2>&1; then schema=eos_${run//-/_}; fi
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  [ -n "$producer" ] && kill "$producer" 2>/dev/null || true
  [ -n "$schema" ] && pg -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$work"/*.log; do echo "--- $f" >&2; grep -v "^Checkpoint [0-9]* complete:" "$f" | tail -15 >&2; done; exit 1; }
committed() { kcat -b "$B" -C -t "$1" -e -q -X isolation.level=read_committed -f '%s\n' 2>/dev/null; }
# Waits (at most 60 s: loaded machines are slow) until file $1 has a line matching $2.
wait_for() { for ((i = 0; i < 600; i++)); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
# Runs the job until it kills itself at failpoint $2 (log $1).
run_to_failpoint() {
  SLUICE_FAILPOINT=$2 "$sluice" run job.sql >"$1" 2>&1 &
  pid=$!
  for ((i = 0; i < 600; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
  grep -q "failpoint ${2%@*}: killing the process" "$1" || fail "$1: the job did not stop at failpoint $2"
}
cd "$work"  # checkpoints go to ./.sluice/checkpoints

# --- a streaming job, records arriving all along ---
in=eos-in-$run
out=eos-out-$run
"$root/scripts/kafka" create-topic "$in" 2 >/dev/null
"$root/scripts/kafka" create-topic "$out" 2 >/dev/null
batch=$(( total / 30 > 100 ? total / 30 : 100 ))
(
  for ((s = 1; s <= total; s += batch)); do
    e=$(( s + batch - 1 < total ? s + batch - 1 : total ))
    seq "$s" "$e" | sed 's/.*/{"id": &}/' | kcat -b "$B" -P -t "$in"
    sleep 0.3
  done
) &
producer=$!

cat >job.sql <<SQL
SET 'execution.checkpointing.interval' = '300ms';
SET 'pipeline.name' = 'kafka-eos-$run';
SET 'parallelism.default' = '2';
CREATE TABLE src (id BIGINT) WITH ('connector' = 'kafka', 'topic' = '$in',
  'properties.bootstrap.servers' = '$B', 'properties.group.id' = 'g-$run',
  'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
CREATE TABLE dst (id BIGINT) WITH ('connector' = 'kafka', 'topic' = '$out',
  'properties.bootstrap.servers' = '$B', 'format' = 'json',
  'sink.delivery-guarantee' = 'exactly-once', 'sink.transactional-id-prefix' = 'eos-$run');
INSERT INTO dst SELECT id FROM src;
SQL
if [ -n "$schema" ]; then
  pg -c "CREATE SCHEMA $schema" -c "CREATE TABLE $schema.dst (id BIGINT)"
  port=${SLUICE_PG_PORT:-5432}
  sed -i '$d' job.sql  # the INSERT: both sinks in one job
  cat >>job.sql <<SQL
CREATE TABLE pgdst (id BIGINT) WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://127.0.0.1:$port/postgres',
  'table-name' = '$schema.dst', 'username' = 'postgres', 'password' = 'postgres');
EXECUTE STATEMENT SET BEGIN
  INSERT INTO dst SELECT id FROM src;
  INSERT INTO pgdst SELECT id FROM src;
END;
SQL
fi

# Dies with checkpoint 3 durable as pending and no sink committed: the next run discards it.
run_to_failpoint fp-pending.log checkpoint.after-pending@3
# Dies with checkpoint 3 committed to Kafka but not complete: the next run promotes it.
run_to_failpoint fp-commit.log kafka.after-commit@3
grep -q "Checkpoint [0-9]* was pending and no sink had committed it: discarded" fp-commit.log ||
  fail "the run after checkpoint.after-pending did not discard the pending checkpoint"
for ((k = 1; k <= kills; k++)); do
  "$sluice" run job.sql >"kill-$k.log" 2>&1 &
  pid=$!
  wait_for "kill-$k.log" "^Checkpoint [0-9]* complete:" || fail "run $k completed no checkpoint"
  sleep "0.$((RANDOM % 9))"
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
done
grep -q "Checkpoint [0-9]* was pending; every sink .* had committed it.*: promoted it to complete" kill-1.log ||
  fail "the run after kafka.after-commit did not promote the pending checkpoint"
grep -q "longest task pause .* sinks committed .* after the pending metadata" kill-1.log ||
  fail "no two-stage checkpoint log line"
wait "$producer"
producer=

"$sluice" run job.sql >final.log 2>&1 &
pid=$!
wait_for final.log "^Checkpoint [0-9]* complete:" || fail "the final run completed no checkpoint"
for ((i = 0; i < 600; i++)); do
  [ "$(committed "$out" | wc -l)" -ge "$total" ] && break
  sleep 0.1
done
kill -TERM "$pid"  # a savepoint, then exit 0
wait "$pid" || fail "the final run did not exit 0 after SIGTERM"
pid=
got=$(committed "$out" | wc -l)
unique=$(committed "$out" | sort -u | wc -l)
[ "$unique" = "$total" ] || fail "$unique distinct ids in '$out', expected $total (lost records)"
[ "$got" = "$total" ] || fail "$got records in '$out' for $total distinct ids (duplicates)"
if [ -n "$schema" ]; then
  got=$(pg -c "SELECT count(*) || ' ' || count(DISTINCT id) FROM $schema.dst")
  [ "$got" = "$total $total" ] || fail "jdbc sink: (rows, distinct ids) = ($got), expected $total of each"
fi

# --- a bounded job killed right after its final commit ---
bin=eos-bin-$run
bout=eos-bout-$run
bounded=3000
"$root/scripts/kafka" create-topic "$bin" 2 >/dev/null
"$root/scripts/kafka" create-topic "$bout" 2 >/dev/null
seq 1 "$bounded" | sed 's/.*/{"id": &}/' | kcat -b "$B" -P -t "$bin"
sed -e "s/kafka-eos-$run/kafka-eos-bounded-$run/" -e "s/'$in'/'$bin'/" -e "s/'$out'/'$bout'/" \
    -e "s/eos-$run'/eos-bounded-$run'/" -e "s/'earliest-offset',/'earliest-offset', 'scan.bounded.mode' = 'latest-offset',/" \
    -e '/^CREATE TABLE pgdst/,$d' -e '/^INSERT INTO dst/d' job.sql >bounded.sql
echo "INSERT INTO dst SELECT id FROM src;" >>bounded.sql
cp bounded.sql job.sql
run_to_failpoint fp-final.log kafka.after-final-commit
"$sluice" run job.sql >bounded-again.log 2>&1 || fail "the bounded job failed when run again"
grep -q "already committed all its output" bounded-again.log || fail "the bounded job's sink did not drop the replay"
got=$(committed "$bout" | wc -l)
unique=$(committed "$bout" | sort -u | wc -l)
[ "$unique" = "$bounded" ] && [ "$got" = "$bounded" ] ||
  fail "bounded job: $got records, $unique distinct, expected $bounded"
echo "kafka exactly-once: $total records exactly once across failpoints and $kills kills; bounded job exactly once"
