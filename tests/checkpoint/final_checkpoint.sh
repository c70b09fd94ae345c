#!/usr/bin/env bash
# Flink's final checkpoint: with checkpoints on, a sink subtask whose input has ended makes its last rows
# visible through one more checkpoint, not at once. The job (a bounded datagen sequence at parallelism
# 2 into a filesystem sink, a checkpoint interval far too long to fire) dies right after its first
# sink subtask finished (failpoint task.after-sink-finish); started again it must not write that
# subtask's rows a second time, and in the end every id is there exactly once.
#   tests/checkpoint/final_checkpoint.sh path/to/sluice
set -euo pipefail
sluice=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; for f in "$work"/*.log; do echo "--- $f" >&2; tail -20 "$f" >&2; done; exit 1; }
cd "$work"

cat >job.sql <<SQL
SET 'execution.checkpointing.interval' = '1 h';
SET 'parallelism.default' = '2';
SET 'pipeline.name' = 'final-checkpoint';
CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '20000',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '6000');
CREATE TABLE out (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '$work/out', 'format' = 'csv');
INSERT INTO out SELECT id FROM src;
SQL

status=0
(SLUICE_FAILPOINT=task.after-sink-finish exec "$sluice" run job.sql >first.log 2>&1) 2>/dev/null || status=$?
[ "$status" -ne 0 ] || fail "the job ended although the failpoint should have killed it"
grep -q "failpoint task.after-sink-finish: killing the process" first.log || fail "the failpoint did not fire"
visible=$(cat out/part-* 2>/dev/null | wc -l)
[ "$visible" -gt 0 ] || fail "the finished subtask's rows should be visible before the death"
grep -q "^Checkpoint 1 complete" first.log || fail "no final checkpoint before the finished sink committed"

"$sluice" run job.sql >second.log 2>&1 || fail "the restarted job failed"
grep -q "Restored from checkpoint" second.log || fail "the restarted job did not restore its final checkpoint"
rows=$(cat out/part-* | wc -l)
distinct=$(cat out/part-* | sort -u | wc -l)
[ "$rows" -eq 6000 ] && [ "$distinct" -eq 6000 ] ||
  fail "expected ids 1..6000 once each, found $rows rows ($distinct distinct; $visible before the death)"
echo "final checkpoint: $visible rows visible at the death, 6000 rows exactly once after the restart"
