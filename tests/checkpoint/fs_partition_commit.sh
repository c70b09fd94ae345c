#!/usr/bin/env bash
# Kafka -> PARTITIONED BY filesystem with checkpoints and Flink's partition commit (process-time
# trigger, 'sink.partition-commit.delay' = '2 s', success files), crashed three ways and restarted:
#   1. killed by itself right after its first checkpoint became durable, before any sink was told
#      (failpoint checkpoint.after-metadata): nothing may be visible or committed yet;
#   2. killed after a checkpoint's files were renamed but before its partitions were committed
#      (failpoint filesystem.before-partition-commit): the restored job must still commit them;
#   3. killed with SIGKILL at a random moment after a checkpoint.
# Finally stopped with SIGTERM. Every record must be in its partition's visible part files exactly once,
# every partition must have its _SUCCESS file, written no earlier than the partition's first record was
# produced plus the delay. Parallelism 2 (two sink subtasks share the partitions).
#   tests/checkpoint/fs_partition_commit.sh path/to/sluice
# Needs SLUICE_KAFKA_BOOTSTRAP (scripts/kafka start).
set -euo pipefail
sluice=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=${SLUICE_KAFKA_BOOTSTRAP:?set SLUICE_KAFKA_BOOTSTRAP}
run=$$-$RANDOM
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$work"/run-*.log; do echo "--- $f" >&2; tail -20 "$f" >&2; done; exit 1; }

topic=ckpt-part-$run
"$root/scripts/kafka" create-topic "$topic" 2 >/dev/null
per=2000
delay_ns=2000000000
now_ns() { date +%s%N; }
produce() {  # produce PARTITION FIRST-ID: $per records {"id": n, "dt": PARTITION}
  seq "$2" $(($2 + per - 1)) | sed "s/.*/{\"id\": &, \"dt\": \"$1\"}/" | kcat -b "$B" -P -t "$topic"
}

cat >"$work/job.sql" <<SQL
SET 'execution.checkpointing.interval' = '300ms';
SET 'pipeline.name' = 'fs-partition-commit-$run';
SET 'parallelism.default' = '2';
CREATE TABLE src (id BIGINT, dt STRING) WITH ('connector' = 'kafka', 'topic' = '$topic',
  'properties.bootstrap.servers' = '$B', 'properties.group.id' = 'g-$run',
  'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
CREATE TABLE out (id BIGINT, dt STRING) PARTITIONED BY (dt) WITH ('connector' = 'filesystem',
  'path' = '$work/out', 'format' = 'csv',
  'sink.partition-commit.policy.kind' = 'success-file',
  'sink.partition-commit.trigger' = 'process-time',
  'sink.partition-commit.delay' = '2 s');
INSERT INTO out SELECT id, dt FROM src;
SQL
cd "$work"  # checkpoints go to ./.sluice/checkpoints

visible() { find out -type f -name 'part-*' 2>/dev/null | xargs -r cat | wc -l; }
successes() { find out -name _SUCCESS 2>/dev/null | sort | tr '\n' ' '; }
waitFor() {  # waitFor LOG PATTERN
  for ((i = 0; i < 600; i++)); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

declare -A produced
produced[a]=$(now_ns)
produce a 1

# 1. Dies right after checkpoint 1 is durable: no sink has been told, so nothing is visible or committed.
SLUICE_FAILPOINT=checkpoint.after-metadata "$sluice" run job.sql >run-1.log 2>&1 &
pid=$!
wait "$pid" 2>/dev/null && fail "run 1 did not die at its failpoint"
pid=
[ -d .sluice/checkpoints/fs-partition-commit-$run/chk-1 ] || fail "run 1 completed no checkpoint"
[ -z "$(successes)" ] || fail "success files before any checkpoint completed for the sinks: $(successes)"
[ "$(visible)" = 0 ] || fail "part files visible before any checkpoint completed for the sinks"

# 2. Dies once a checkpoint's files are final but before its partitions are committed.
produced[b]=$(now_ns)
produce b $((per + 1))
SLUICE_FAILPOINT=filesystem.before-partition-commit@4 "$sluice" run job.sql >run-2.log 2>&1 &
pid=$!
wait "$pid" 2>/dev/null && fail "run 2 did not die at its failpoint"
pid=
grep -q "Restored from checkpoint" run-2.log || fail "run 2 did not restore"

# 3. SIGKILL at a random moment after a checkpoint; new records meanwhile.
"$sluice" run job.sql >run-3.log 2>&1 &
pid=$!
waitFor run-3.log "Checkpoint .* complete" || fail "run 3 completed no checkpoint"
produced[c]=$(now_ns)
produce c $((2 * per + 1))
sleep "0.$((RANDOM % 9))"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
pid=

# Final run: until every record is visible and every partition committed, then SIGTERM.
"$sluice" run job.sql >run-final.log 2>&1 &
pid=$!
waitFor run-final.log "Checkpoint .* complete" || fail "the final run completed no checkpoint"
for ((i = 0; i < 600; i++)); do
  [ "$(visible)" -ge $((3 * per)) ] && [ "$(find out -name _SUCCESS | wc -l)" = 3 ] && break
  sleep 0.1
done
kill -TERM "$pid"
wait "$pid" || fail "the final run did not exit 0 after SIGTERM"
pid=

for p in a b c; do
  dir=out/dt=$p
  [ -f "$dir/_SUCCESS" ] || fail "partition $p was not committed (success files: $(successes))"
  ids=$(cat "$dir"/part-* | cut -d, -f1)
  [ -z "$(cat "$dir"/part-* | grep -v '^[0-9]*$')" ] || fail "partition $p: part files hold more than the id column"
  got=$(echo "$ids" | wc -l)
  unique=$(echo "$ids" | sort -u | wc -l)
  [ "$unique" = "$per" ] || fail "partition $p: $unique distinct ids, expected $per (lost records)"
  [ "$got" = "$per" ] || fail "partition $p: $got records for $per distinct (duplicates)"
  committed=$(stat -c '%.9Y' "$dir/_SUCCESS" | tr -d .)
  [ "$committed" -gt $((produced[$p] + delay_ns)) ] ||
    fail "partition $p committed $(((committed - produced[$p]) / 1000000)) ms after its first record was produced (delay 2 s)"
done
[ "$(find out -type f -name 'part-*' | xargs cat | sort -n | head -1)" = 1 ] || fail "unexpected ids"
echo "filesystem partition commit: $((3 * per)) records exactly once in 3 partitions, committed after the delay, across 3 crashes"
