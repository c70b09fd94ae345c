#!/usr/bin/env bash
# `sluice shell` on a real pseudo-terminal (tmux): multi-line input, completion of a WITH option key
# and of a table name, a live tableau SELECT over datagen stopped with Ctrl-C, a syntax error followed
# by a correct statement, \d t, history recall with the up arrow (and its file), Ctrl-C on a half-typed
# statement, and Ctrl-D to leave. Every step waits for its output rather than sleeping.
set -euo pipefail
sluice=$(realpath "$1")
tmp=$(mktemp -d)
source "$(dirname "$0")/shell_tty_helpers.bash"

mkdir "$tmp/home"
start_shell HOME="$tmp/home"

# A statement over two lines; the option key is completed inside WITH (.
type_ "CREATE TABLE gen (id BIGINT, v INT)"
key Enter
wait_prompt '^ +>$'
type_ "WITH ('connector' = 'datagen', 'rows-per"
key Tab
wait_for "'rows-per-second'$"
type_ " = '20', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '1000000');"
key Enter
wait_for '^\[INFO\] Execute statement succeeded\.$'

wait_prompt
type_ "SET 'sql-client.execution.result-mode' = 'tableau';"
key Enter
wait_for '^\[INFO\] Execute statement succeeded\.$' 2

# A table name completed after FROM; rows arrive live; Ctrl-C stops the query, not the shell.
wait_prompt
type_ "SELECT id FROM ge"
key Tab
wait_for '^Sluice SQL> SELECT id FROM gen$'
type_ ";"
key Enter
wait_for '^\| \+I \| +3 \|$'
key C-c
wait_for '^Query terminated, received a total of [0-9]+ rows \([0-9.]+ seconds\)$'
wait_prompt

# A syntax error, then a correct statement.
type_ "SELEC 1;"
key Enter
wait_for '^SqlParseException: Encountered "SELEC" at line 1, column 1\.$'
wait_prompt
type_ "SHOW TABLES;"
key Enter
wait_for '^\| +gen \|$'

# psql's \d NAME, no ';'.
wait_prompt
type_ '\d gen'
key Enter
wait_for '^\| +id \| +BIGINT \| TRUE \|'

# History: the up arrow brings back the last statement, Enter runs it again.
wait_prompt
type_ "SELECT 40 + 2 AS answer;"
key Enter
wait_for '^Received a total of 1 row \('
wait_prompt
key Up
wait_for '^Sluice SQL> SELECT 40 \+ 2 AS answer;$'
key Enter
wait_for '^Received a total of 1 row \(' 2

# Ctrl-C drops a half-typed statement: the next one starts afresh.
wait_prompt
type_ "SELECT 'dropped'"
key Enter
wait_prompt '^ +>$'
key C-c
wait_for "^ +> \\^C$"
wait_prompt
type_ "SELECT 'kept' AS k;"
key Enter
wait_for '^\| \+I \| +kept \|$'
screen | grep -q "dropped |" && fail "the dropped statement ran"

# Ctrl-D leaves; the history file (libedit's format, spaces as \040) holds what was typed.
wait_prompt
key C-d
wait_for '^\[shell exited 0\]$'
grep -q "AS\\\\040answer;" "$tmp/home/.sluice_history" || fail "history file: $(cat "$tmp/home/.sluice_history" 2>&1)"
echo OK
