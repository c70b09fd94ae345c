#!/usr/bin/env bash
# `sluice shell` on a pseudo-terminal, continued: HOME unset and an unwritable history file (a warning,
# then the shell works on), the table and changelog result views (full screen, left with q and Ctrl-C),
# a column name completed after its table is named, Ctrl-R history search, INSERT as a background job,
# SHOW JOBS, a job id completed after STOP JOB ', STOP JOB ... WITH SAVEPOINT, and QUIT;.
set -euo pipefail
sluice=$(realpath "$1")
tmp=$(mktemp -d)
source "$(dirname "$0")/shell_tty_helpers.bash"

start_shell -u HOME SLUICE_HISTORY="$tmp/missing/dir/history"

type_ "CREATE TABLE gen (ride_id BIGINT, v INT) WITH ('connector' = 'datagen', 'rows-per-second' = '20', 'fields.ride_id.kind' = 'sequence', 'fields.ride_id.start' = '1', 'fields.ride_id.end' = '1000000');"
key Enter
wait_for '^\[WARNING\] Could not save the history to .*missing/dir/history'
wait_for '^\[INFO\] Execute statement succeeded\.$'

# Table mode (Flink's default): a full-screen view that refreshes until q.
wait_prompt
type_ "SELECT ride_id, v FROM gen;"
key Enter
wait_for 'SQL Query Result \(Table\)'
wait_for '^\| +5 \| +-?[0-9]+ \|$'
key q
wait_for '^Query terminated, received a total of [0-9]+ rows'
wait_prompt

# Changelog mode: every change with its op; Ctrl-C leaves the view. The column name is completed from
# the table named after FROM.
type_ "SET 'sql-client.execution.result-mode' = 'changelog';"
key Enter
wait_for '^\[INFO\] Execute statement succeeded\.$' 2
wait_prompt
type_ "SELECT rid FROM gen;"
key Left Left Left Left Left Left Left Left Left Left
key Tab
wait_for '^Sluice SQL> SELECT ride_id FROM gen;$'
key Enter
wait_for 'SQL Query Result \(Changelog\)'
wait_for '^\| \+I \| +4 \|$'
key C-c
wait_for '^Query terminated, received a total of [0-9]+ rows' 2

# Ctrl-R finds an earlier statement by a piece of it.
wait_prompt
key C-r
type_ "result-mode"
wait_for "SET 'sql-client.execution.result-mode' = 'changelog';"
key Enter
wait_for '^\[INFO\] Execute statement succeeded\.$' 3

# INSERT runs in the background; SHOW JOBS lists it; STOP JOB takes a savepoint.
# (Each step waits for its answer: keys typed ahead would be echoed into the output.)
wait_prompt
type_ "SET 'execution.checkpointing.interval' = '1s';"
key Enter
wait_for '^\[INFO\] Execute statement succeeded\.$' 4
wait_prompt
type_ "SET 'state.checkpoints.dir' = 'file://$tmp/checkpoints';"
key Enter
wait_for '^\[INFO\] Execute statement succeeded\.$' 5
wait_prompt
type_ "CREATE TABLE sink (ride_id BIGINT, v INT) WITH ('connector' = 'blackhole');"
key Enter
wait_for '^\[INFO\] Execute statement succeeded\.$' 6
wait_prompt
type_ "INSERT INTO sink SELECT * FROM gen;"
key Enter
wait_for '^Job ID: [0-9a-f]{32}$'
job=$(screen | sed -n 's/^Job ID: \([0-9a-f]\{32\}\)$/\1/p' | head -1)
wait_prompt
type_ "SHOW JOBS;"
key Enter
wait_for "^\| $job \| +insert-into_default_catalog\.default_database\.sink \| RUNNING \|"
wait_prompt
type_ "STOP JOB '"
key Tab
wait_for "^Sluice SQL> STOP JOB '$job'$"
type_ " WITH SAVEPOINT;"
key Enter
wait_for '^\| +savepoint path \|$'
wait_for "^\| +file://$tmp/checkpoints/.*savepoint-|^\| +$tmp/checkpoints/.*savepoint-"
wait_prompt
type_ "SHOW JOBS;"
key Enter
wait_for "^\| $job \| +insert-into_default_catalog\.default_database\.sink \| FINISHED \|"  # as Flink after stop-with-savepoint

wait_prompt
type_ "QUIT;"
key Enter
wait_for '^\[shell exited 0\]$'
echo OK
