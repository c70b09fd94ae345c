#!/usr/bin/env bash
# `sluice shell` without a terminal: statements from stdin (several per line, across lines, ';' inside
# strings and comments), backslash commands without ';', plain tableau output, errors that do not stop
# the shell, exit code 1 when any statement failed, QUIT; -i init files and -f scripts.
set -euo pipefail
sluice=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# HOME must not matter here (CI may leave it unset).
unset HOME

cat > "$tmp/in.sql" <<'EOF'
CREATE TABLE t (id INT, name STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '3',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '3', 'fields.name.length' = '3');
SELEC 1;
SELECT * FROM (VALUES (1, 'a;b'), (2, 'it''s')) AS v(id, s);  -- a comment; with a semicolon
/* block; comment */ SHOW TABLES;
\d t
SET 'execution.runtime-mode' = 'batch'; SELECT id FROM t;
SELECT * FROM nope;
\x
QUIT;
SELECT 'not reached';
EOF
cat > "$tmp/expected.txt" <<'EOF'
[INFO] Execute statement succeeded.
[ERROR] Could not execute SQL statement. Reason:
SqlParseException: Encountered "SELEC" at line 1, column 1.
Was expecting one of: <EOF>, "(", ";", "ADD", "ALTER", "BEGIN", "CLEAR", "CREATE", "DESC", "DESCRIBE", "DROP", "END", "EXECUTE", "EXIT", "EXPLAIN", "HELP", "INSERT", "QUIT", "REMOVE", "RESET", ...
SELEC 1;
^
+----+-------------+--------------------------------+
| op |          id |                              s |
+----+-------------+--------------------------------+
| +I |           1 |                            a;b |
| +I |           2 |                           it's |
+----+-------------+--------------------------------+
Received a total of 2 rows
+------------+
| table name |
+------------+
|          t |
+------------+
1 row in set
+------+--------+------+-----+--------+-----------+
| name |   type | null | key | extras | watermark |
+------+--------+------+-----+--------+-----------+
|   id |    INT | TRUE |     |        |           |
| name | STRING | TRUE |     |        |           |
+------+--------+------+-----+--------+-----------+
2 rows in set
[INFO] Execute statement succeeded.
+----+
| id |
+----+
|  1 |
|  2 |
|  3 |
+----+
3 rows in set
[ERROR] Could not execute SQL statement. Reason:
ValidationException: At line 1, column 15: Object 'nope' not found within 'default_catalog.default_database'.
[ERROR] Unknown command \x. Try \? for help.
EOF
status=0
"$sluice" shell < "$tmp/in.sql" > "$tmp/out.txt" 2>&1 || status=$?
diff -u "$tmp/expected.txt" "$tmp/out.txt" || fail "piped output differs"
[ "$status" -eq 1 ] || fail "piped shell with failures exited $status, expected 1"

# Everything succeeds: exit 0; an INSERT runs to its end before the shell exits (as sluice run).
printf '%s\n' \
  "CREATE TABLE src (id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '5', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '5');" \
  "CREATE TABLE dst (id INT) WITH ('connector' = 'filesystem', 'path' = '$tmp/dst', 'format' = 'csv');" \
  "INSERT INTO dst SELECT id FROM src;" \
  | "$sluice" shell > "$tmp/ok.txt" 2>&1 || fail "successful piped shell exited non-zero: $(cat "$tmp/ok.txt")"
grep -q "^Job ID: [0-9a-f]\{32\}$" "$tmp/ok.txt" || fail "INSERT printed no job id: $(cat "$tmp/ok.txt")"
[ "$(cat "$tmp"/dst/* 2>/dev/null | sort -n | tr '\n' ' ')" = "1 2 3 4 5 " ] || fail "INSERT did not finish: $(ls -R "$tmp/dst")"

# -i: DDL and SET only; the session keeps them. Anything else is refused and nothing runs.
cat > "$tmp/init.sql" <<'EOF'
CREATE TABLE i (x INT) WITH ('connector' = 'datagen', 'number-of-rows' = '2', 'fields.x.kind' = 'sequence', 'fields.x.start' = '7', 'fields.x.end' = '8');
SET 'execution.runtime-mode' = 'batch';
EOF
out=$(echo "SELECT x FROM i;" | "$sluice" shell -i "$tmp/init.sql" 2>&1) || fail "-i run failed: $out"
[[ "$out" == *"| 7 |"*"| 8 |"*"2 rows in set"* ]] || fail "-i session lost its table or SET: $out"
echo "INSERT INTO i SELECT 1;" > "$tmp/bad_init.sql"
status=0
out=$(echo "SELECT 1;" | "$sluice" shell -i "$tmp/bad_init.sql" 2>&1) || status=$?
[ "$status" -eq 1 ] || fail "-i with an INSERT exited $status, expected 1"
[[ "$out" == *"Unsupported statement in the initialization file"* ]] || fail "-i refusal message: $out"
[[ "$out" != *"EXPR\$0"* ]] || fail "-i refused, yet stdin ran: $out"

# -f: as sluice run (stops at the first error), after -i.
printf 'SELECT x FROM i;\nSELEC 2;\n' > "$tmp/script.sql"
status=0
out=$("$sluice" shell -i "$tmp/init.sql" -f "$tmp/script.sql" 2>&1) || status=$?
[ "$status" -eq 1 ] || fail "-f with a syntax error exited $status, expected 1"
[[ "$out" == *"SqlParseException"* && "$out" != *"| 7 |"* ]] || fail "-f did not parse the whole script first: $out"
printf 'SELECT x FROM i;\n' > "$tmp/script.sql"
out=$("$sluice" shell -i "$tmp/init.sql" -f "$tmp/script.sql" 2>&1) || fail "-f failed: $out"
[[ "$out" == *"2 rows in set"* ]] || fail "-f output: $out"
echo OK
