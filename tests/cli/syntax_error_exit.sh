#!/usr/bin/env bash
# `sluice run` parses the whole script first: a syntax error in statement 3 prints its position and
# exits non-zero before statement 2 (an INSERT that would write files) runs.
set -euo pipefail
sluice=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cat >"$dir/job.sql" <<SQL
CREATE TABLE out_t (id INT) WITH ('connector' = 'filesystem', 'path' = '$dir/out', 'format' = 'csv');
INSERT INTO out_t VALUES (1), (2);
SELEC id FROM out_t;
SQL

status=0
"$sluice" run "$dir/job.sql" >"$dir/stdout" 2>"$dir/stderr" || status=$?
fail() { echo "FAIL: $*"; echo "--- stdout"; cat "$dir/stdout"; echo "--- stderr"; cat "$dir/stderr"; exit 1; }

[ "$status" -ne 0 ] || fail "exit status 0 for a script with a syntax error"
grep -q "SqlParseException" "$dir/stderr" || fail "no SqlParseException in the error output"
grep -qi "line 3" "$dir/stderr" || fail "the error does not name line 3"
grep -q '\^' "$dir/stderr" || fail "no caret line under the error"
[ ! -e "$dir/out" ] || fail "the INSERT before the syntax error ran: $dir/out exists"
grep -q "Execute statement" "$dir/stdout" && fail "a statement ran before the syntax error was reported"
exit 0
