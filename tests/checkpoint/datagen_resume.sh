#!/usr/bin/env bash
# A bounded datagen sequence -> filesystem job killed with SIGKILL mid-way and started again: it
# resumes from its latest checkpoint (the generator's position and the sink's part files) and ends
# with every id exactly once; the finished job's checkpoints are removed. Also: a checkpoint of another
# job shape is refused, a corrupt newest checkpoint falls back to the previous one with a warning, and
# a restart strategy restarts a failing job in-process.
#   tests/checkpoint/datagen_resume.sh path/to/sluice
set -euo pipefail
sluice=$(realpath "$1")
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; for f in "$work"/*.log; do echo "--- $f" >&2; tail -20 "$f" >&2; done; exit 1; }
cd "$work"

job() {  # job NAME EXTRA-SELECT-EXPR
  cat <<SQL
SET 'execution.checkpointing.interval' = '200ms';
SET 'state.checkpoints.num-retained' = '3';
SET 'pipeline.name' = '$1';
CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '3000',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '9000');
CREATE TABLE out (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '$work/out-$1', 'format' = 'csv');
INSERT INTO out SELECT $2 FROM src;
SQL
}
job seq id >seq.sql
job seq2 id >seq2.sql

killMidway() {  # killMidway SCRIPT LOG: run until checkpoint 3 completed, then SIGKILL
  "$sluice" run "$1" >"$2" 2>&1 &
  pid=$!
  for ((i = 0; i < 600; i++)); do grep -q "Checkpoint 3 complete" "$2" 2>/dev/null && break; sleep 0.1; done
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
  grep -q "Checkpoint 3 complete" "$2" || fail "no checkpoint before the kill ($2)"
}

killMidway seq.sql kill.log
[ -d .sluice/checkpoints/seq ] || fail "no checkpoint folder"

# Another job under the same name is refused rather than misread.
job seq "id + 1" >other.sql
if "$sluice" run other.sql >other.log 2>&1; then fail "a different job restored the checkpoint"; fi
grep -q "was taken by a different job" other.log || fail "no clear refusal"

"$sluice" run seq.sql >resume.log 2>&1 || fail "the resumed run failed"
grep -q "Restored from checkpoint" resume.log || fail "did not restore"
[ "$(cat out-seq/part-* | sort -u | wc -l)" = 9000 ] || fail "lost ids"
[ "$(cat out-seq/part-* | wc -l)" = 9000 ] || fail "duplicate ids: $(cat out-seq/part-* | wc -l) lines"
[ -z "$(ls .sluice/checkpoints/seq 2>/dev/null | grep chk-)" ] || fail "a finished job's checkpoints should be removed"

# A corrupt newest checkpoint: the previous one is used, with a warning. (Rows the sink committed for
# the corrupt one come again: falling back cannot be exactly-once, so only losses are checked.)
killMidway seq2.sql kill2.log
newest=$(ls -d .sluice/checkpoints/seq2/chk-* | sort -t- -k2 -n | tail -1)
n=${newest##*chk-}
printf 'garbage' >"$newest/_metadata"
"$sluice" run seq2.sql >resume2.log 2>&1 || fail "the run after the corrupt checkpoint failed"
grep -q "Warning: .*chk-$n" resume2.log || fail "no warning about the corrupt checkpoint"
grep -q "Restored from checkpoint $((n - 1)) " resume2.log || fail "did not fall back to checkpoint $((n - 1))"
[ "$(cat out-seq2/part-* | sort -u | wc -l)" = 9000 ] || fail "lost ids after the fallback"

# A failing job restarts in-process from its checkpoint, twice, then fails for good.
cat >restart.sql <<SQL
SET 'execution.checkpointing.interval' = '200ms';
SET 'restart-strategy.type' = 'fixed-delay';
SET 'restart-strategy.fixed-delay.attempts' = '2';
SET 'restart-strategy.fixed-delay.delay' = '100 ms';
CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '2000',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '100000');
CREATE TABLE out (id BIGINT) WITH ('connector' = 'blackhole');
INSERT INTO out SELECT 10 / (id - 1500) FROM src;
SQL
if "$sluice" run restart.sql >restart.log 2>&1; then fail "the failing job succeeded"; fi
[ "$(grep -c "restarting it from its latest checkpoint" restart.log)" = 2 ] || fail "expected 2 restarts"
grep -q "no more restarts: fixed-delay" restart.log || fail "no final failure after the attempts"
echo "datagen checkpoint resume: passed"
