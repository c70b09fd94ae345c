#!/usr/bin/env bash
# `sluice run` of a bounded datagen -> filesystem csv script writes exactly the expected rows and exits 0.
set -euo pipefail
sluice=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cat >"$dir/job.sql" <<SQL
CREATE TABLE src (
  id BIGINT,
  amount INT
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '5',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '5',
  'fields.amount.kind' = 'sequence', 'fields.amount.start' = '10', 'fields.amount.end' = '14'
);
CREATE TABLE out_t (id BIGINT, doubled INT) WITH (
  'connector' = 'filesystem', 'path' = '$dir/out', 'format' = 'csv'
);
INSERT INTO out_t SELECT id, amount * 2 FROM src WHERE id <> 3;
SQL

status=0
"$sluice" run "$dir/job.sql" >"$dir/stdout" 2>"$dir/stderr" || status=$?
fail() { echo "FAIL: $*"; echo "--- stdout"; cat "$dir/stdout"; echo "--- stderr"; cat "$dir/stderr"; exit 1; }
[ "$status" -eq 0 ] || fail "exit status $status"
[ -d "$dir/out" ] || fail "no output directory $dir/out"
actual=$(find "$dir/out" -type f -name 'part-*' ! -name '.*' -exec cat {} + | sort)
expected=$(printf '1,20\n2,22\n4,26\n5,28')
[ "$actual" = "$expected" ] || fail "rows differ: expected
$expected
got
$actual"
exit 0
