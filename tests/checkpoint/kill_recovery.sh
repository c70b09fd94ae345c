#!/usr/bin/env bash
# Exactly-once across kill -9: Kafka -> filesystem with checkpoints, the process killed with SIGKILL
# several times while records keep arriving, restarted each time (it resumes from its latest
# checkpoint by itself), and finally stopped with SIGTERM (as Ctrl-C: a savepoint). Every record must be in the
# finished part files exactly once. Parallelism 2 over a 2-partition topic into a sink of parallelism 1,
# so barriers are aligned across two inputs.
#   tests/checkpoint/kill_recovery.sh path/to/sluice
# Needs SLUICE_KAFKA_BOOTSTRAP (scripts/kafka start).
set -euo pipefail
sluice=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=${SLUICE_KAFKA_BOOTSTRAP:?set SLUICE_KAFKA_BOOTSTRAP}
run=$$-$RANDOM
work=$(mktemp -d)
pid=
producer=
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  [ -n "$producer" ] && kill "$producer" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$work"/run-*.log; do echo "--- $f" >&2; tail -20 "$f" >&2; done; exit 1; }

topic=ckpt-kill-$run
"$root/scripts/kafka" create-topic "$topic" 2 >/dev/null
total=12000
# A producer writing 400 records every 0.1 s, so kills land mid-stream.
(
  for ((b = 0; b < total / 400; b++)); do
    seq $((b * 400 + 1)) $((b * 400 + 400)) | sed 's/.*/{"id": &}/' | kcat -b "$B" -P -t "$topic"
    sleep 0.1
  done
) &
producer=$!

cat >"$work/job.sql" <<SQL
SET 'execution.checkpointing.interval' = '300ms';
SET 'pipeline.name' = 'kill-recovery-$run';
SET 'parallelism.default' = '2';
CREATE TABLE src (id BIGINT) WITH ('connector' = 'kafka', 'topic' = '$topic',
  'properties.bootstrap.servers' = '$B', 'properties.group.id' = 'g-$run',
  'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
CREATE TABLE out (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '$work/out', 'format' = 'csv',
  'sink.parallelism' = '1');
INSERT INTO out SELECT id FROM src;
SQL

cd "$work"  # checkpoints go to ./.sluice/checkpoints
finished() { cat "$work"/out/part-* 2>/dev/null | wc -l; }
for k in 1 2 3; do
  "$sluice" run job.sql >"run-$k.log" 2>&1 &
  pid=$!
  # after a first checkpoint (60 s at most: loaded machines are slow), at a random moment
  for ((i = 0; i < 600; i++)); do grep -q "Checkpoint .* complete" "run-$k.log" && break; sleep 0.1; done
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
# Signals are handled once the job runs (a first checkpoint shows it); before, SIGTERM just kills.
for ((i = 0; i < 600; i++)); do grep -q "Checkpoint .* complete" run-final.log && break; sleep 0.1; done
for ((i = 0; i < 600; i++)); do
  [ "$(finished)" -ge "$total" ] && break
  sleep 0.1
done
kill -TERM "$pid"  # a script's background job ignores SIGINT; SIGTERM stops the same way
wait "$pid" || fail "the final run did not exit 0 after SIGTERM"
pid=
grep -q "stopped with a savepoint" run-final.log || fail "no savepoint on SIGTERM"

got=$(finished)
unique=$(cat out/part-* | sort -u | wc -l)
[ "$unique" = "$total" ] || fail "$unique distinct ids in the output, expected $total (lost records)"
[ "$got" = "$total" ] || fail "$got records in the output for $total distinct (duplicates)"
[ "$(cat out/part-* | sort -n | tail -1)" = "$total" ] || fail "unexpected ids"

# A savepoint given explicitly is accepted (nothing new to read: the job only starts and stops).
savepoint=$(sed -n 's/.*stopped with a savepoint: //p' run-final.log)
"$sluice" run -D "execution.state-recovery.path=$savepoint" job.sql >run-sp.log 2>&1 &
pid=$!
for ((i = 0; i < 600; i++)); do grep -q "Checkpoint .* complete" run-sp.log && break; sleep 0.1; done
kill -TERM "$pid"  # a script's background job ignores SIGINT; SIGTERM stops the same way
wait "$pid" || fail "the run from the savepoint failed"
pid=
grep -q "Restored from checkpoint .* at $savepoint" run-sp.log || fail "not restored from the given savepoint"
[ "$(finished)" = "$total" ] || fail "records written again after restoring the savepoint"
echo "checkpoint kill -9 recovery: $total records exactly once across 3 kills"
