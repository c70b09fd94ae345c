#!/usr/bin/env bash
# `sluice test --resume` (issue 6's second fixture mode): each INSERT job's sources pause after their
# first row, the job stops with a savepoint there and resumes from it in the same process. The fixture
# below must give its straight-run output in that mode, and every job must really have been resumed
# (stderr shows the savepoint and the restore) rather than having run straight through.
set -euo pipefail
sluice=$1
fail() { echo "FAIL: $*"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cat >"$dir/resume.q" <<'EOF'
SET 'table.dml-sync' = 'true';
[INFO] Execute statement succeeded.
!info

CREATE TABLE v (id INT, s STRING) WITH ('connector' = 'filesystem', 'path' = '$VAR_TMP/v', 'format' = 'csv');
[INFO] Execute statement succeeded.
!info

INSERT INTO v VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e');
[INFO] Complete execution of the SQL update statement.
!info

CREATE TABLE g (id BIGINT) WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '40');
[INFO] Execute statement succeeded.
!info

CREATE TABLE gs (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '$VAR_OUT/gs', 'format' = 'json');
[INFO] Execute statement succeeded.
!info

INSERT INTO gs SELECT id FROM g;
[INFO] Complete execution of the SQL update statement.
!info

SET 'execution.runtime-mode' = 'batch';
[INFO] Execute statement succeeded.
!info

SELECT * FROM v;
+----+---+
| id | s |
+----+---+
|  1 | a |
|  2 | b |
|  3 | c |
|  4 | d |
|  5 | e |
+----+---+
5 rows in set
!ok

SELECT id FROM gs WHERE id <= 3 OR id >= 38;
+----+
| id |
+----+
|  1 |
|  2 |
|  3 |
| 38 |
| 39 |
| 40 |
+----+
6 rows in set
!ok
EOF

SLUICE_OUT=$dir/plain "$sluice" test "$dir/resume.q" >"$dir/plain.out" 2>"$dir/plain.err" ||
  { cat "$dir/plain.out"; fail "straight run"; }
SLUICE_OUT=$dir/resumed "$sluice" test --resume "$dir/resume.q" >"$dir/resume.out" 2>"$dir/resume.err" ||
  { cat "$dir/resume.out" "$dir/resume.err"; fail "resumed run"; }
grep -q "PASS .*INSERT jobs stopped at their first checkpoint and resumed" "$dir/resume.out" || fail "no PASS line"
restored=$(grep -c "^Restored from checkpoint" "$dir/resume.err" || true)
[ "$restored" -eq 2 ] || { cat "$dir/resume.err"; fail "expected 2 jobs restored from their savepoint, saw $restored"; }
grep -q "Restored from checkpoint" "$dir/plain.err" && fail "the straight run restored something"
# Every generated row exactly once, in files of two runs of the job.
rows=$(cat "$dir"/resumed/gs/part-* | wc -l)
distinct=$(cat "$dir"/resumed/gs/part-* | sort -u | wc -l)
files=$(ls "$dir"/resumed/gs/part-* | wc -l)
[ "$rows" -eq 40 ] && [ "$distinct" -eq 40 ] || fail "datagen sink holds $rows rows ($distinct distinct), expected 40"
[ "$files" -ge 2 ] || fail "expected part files from both runs of the job, found $files"
echo "ok: 2 jobs stopped after their first row and resumed with the same output"
