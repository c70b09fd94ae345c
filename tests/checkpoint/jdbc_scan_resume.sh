#!/usr/bin/env bash
# The bounded jdbc scan source resumes from a checkpoint taken in the middle of its scan: every row of
# the source tables arrives exactly once in the target tables (jdbc -> jdbc, exactly-once sinks)
# although the job is
#   1. killed with SIGKILL after a few checkpoints (mid-scan),
#   2. started again (it restores the checkpoint: finished splits are skipped, the current one is read
#      again from the row after the last one emitted), then stopped with SIGTERM after a checkpoint:
#      a savepoint, mid-scan again,
#   3. started again from that savepoint, and runs to its end.
# Two scans in one statement set:
#   - a partitioned scan ('scan.partition.*', 4 ranges over 2 subtasks) of a table with a primary key
#     (each split is read ordered by the key),
#   - a whole-table scan of a table without a key, with repeated rows (read ordered by every column:
#     rows alike in all of them are interchangeable).
# The targets have a trigger that sleeps a little per row (twice as long for the keyed table, whose
# rows go to two subtasks), so that all three scans are still running, mid-split, when the job is
# stopped. Each restored source logs where it resumes; the test wants a resumption mid-split.
#   tests/checkpoint/jdbc_scan_resume.sh path/to/sluice
#   SLUICE_JDBC_RESUME_ROWS=200000 tests/checkpoint/jdbc_scan_resume.sh build/sluice   # long
# Uses SLUICE_PG_PORT (default 5432); KEEP=1 keeps the work folder and the schema. Without a server
# it skips (exit 77), except under CI=true.
set -euo pipefail
sluice=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
port=${SLUICE_PG_PORT:-5432}
n=${SLUICE_JDBC_RESUME_ROWS:-40000}
pg() { "$root/scripts/postgres" psql -v ON_ERROR_STOP=1 -qAt "$@"; }
if ! "$root/scripts/postgres" status >/dev/null 2>&1; then
  [ "${CI:-}" = true ] && { echo "FAIL: no PostgreSQL on 127.0.0.1:$port" >&2; exit 1; }
  echo "SKIP: no PostgreSQL on 127.0.0.1:$port"
  exit 77
fi
run=$$_$RANDOM
schema=ckpt_jdbc_$run
work=$(mktemp -d)
pid=
source "$root/tests/checkpoint/pg_helpers.bash"
preparedHere() { prepared_in_schema "$schema"; }
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || drop_test_schema "$schema"
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$work"/*.log; do echo "--- $f" >&2; grep -v "^Checkpoint .* complete" "$f" | tail -20 >&2; done
  exit 1
}

# Keyed source: ids 1..n in a shuffled physical order (the scan must not rely on it).
# Unkeyed source: n rows, each value three times. Rows of 1 kB, so that what the sinks send fills the
# socket buffers to PostgreSQL and the slow targets hold the scans back (backpressure).
pg <<SQL
CREATE SCHEMA $schema;
CREATE TABLE $schema.src_pk (id BIGINT PRIMARY KEY, v TEXT, ts TIMESTAMP(3));
INSERT INTO $schema.src_pk SELECT i, repeat('v', 2000) || i, TIMESTAMP '2024-01-01' + i * INTERVAL '1 second'
  FROM generate_series(1, $n) AS i ORDER BY md5(i::text);
CREATE TABLE $schema.src_nokey (k INTEGER, v TEXT);
INSERT INTO $schema.src_nokey SELECT i / 3, repeat('w', 2000) || (i / 3) FROM generate_series(0, $n - 1) AS i ORDER BY md5(i::text);
CREATE FUNCTION $schema.slow() RETURNS trigger LANGUAGE plpgsql AS
  \$\$ BEGIN PERFORM pg_sleep(TG_ARGV[0]::float8); RETURN NEW; END \$\$;
CREATE TABLE $schema.dst_pk (id BIGINT, v TEXT, ts TIMESTAMP(3));
CREATE TABLE $schema.dst_nokey (k INTEGER, v TEXT);
CREATE TRIGGER slow BEFORE INSERT ON $schema.dst_pk FOR EACH ROW EXECUTE FUNCTION $schema.slow(0.0004);
CREATE TRIGGER slow BEFORE INSERT ON $schema.dst_nokey FOR EACH ROW EXECUTE FUNCTION $schema.slow(0.0002);
ANALYZE $schema.src_pk;
ANALYZE $schema.src_nokey;
SQL

conn="'url' = 'jdbc:postgresql://127.0.0.1:$port/postgres', 'username' = 'postgres', 'password' = 'postgres'"
cat >"$work/job.sql" <<SQL
SET 'execution.checkpointing.interval' = '200ms';
SET 'pipeline.name' = 'jdbc-scan-resume-$run';
SET 'parallelism.default' = '2';
CREATE TABLE src_pk (id BIGINT, v STRING, ts TIMESTAMP(3), PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'jdbc',
  $conn, 'table-name' = '$schema.src_pk', 'scan.partition.column' = 'id', 'scan.partition.num' = '4',
  'scan.partition.lower-bound' = '1', 'scan.partition.upper-bound' = '$n', 'scan.fetch-size' = '200');
CREATE TABLE src_nokey (k INT, v STRING) WITH ('connector' = 'jdbc', $conn, 'table-name' = '$schema.src_nokey',
  'scan.fetch-size' = '200');
CREATE TABLE dst_pk (id BIGINT, v STRING, ts TIMESTAMP(3)) WITH ('connector' = 'jdbc', $conn,
  'table-name' = '$schema.dst_pk');
CREATE TABLE dst_nokey (k INT, v STRING) WITH ('connector' = 'jdbc', $conn, 'table-name' = '$schema.dst_nokey');
EXECUTE STATEMENT SET BEGIN
INSERT INTO dst_pk SELECT * FROM src_pk;
INSERT INTO dst_nokey SELECT * FROM src_nokey;
END;
SQL

cd "$work"  # checkpoints go to ./.sluice/checkpoints
checkpoints() { local n; n=$(grep -c "Checkpoint .* complete" "$1" 2>/dev/null) || true; echo "${n:-0}"; }
waitCheckpoints() {  # waitCheckpoints LOG N: until N checkpoints completed (60 s at most)
  for ((i = 0; i < 600; i++)); do [ "$(checkpoints "$1")" -ge "$2" ] && return 0; sleep 0.1; done
  return 1
}
rows() { pg -c "SELECT (SELECT count(*) FROM $schema.dst_pk) + (SELECT count(*) FROM $schema.dst_nokey)"; }

# 1. SIGKILL after a few checkpoints.
"$sluice" run job.sql >run-1.log 2>&1 &
pid=$!
waitCheckpoints run-1.log 2 || fail "run 1 completed no 2 checkpoints"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
pid=
[ "$(rows)" -lt $((2 * n)) ] || fail "run 1 read everything before it was killed: make the scan slower"
echo "run 1 killed after $(checkpoints run-1.log) checkpoints, $(rows) of $((2 * n)) rows committed"

# 2. Restored; SIGTERM after a checkpoint: a savepoint.
"$sluice" run job.sql >run-2.log 2>&1 &
pid=$!
waitCheckpoints run-2.log 1 || fail "run 2 completed no checkpoint"
kill -TERM "$pid"
wait "$pid" || fail "run 2 did not exit 0 after SIGTERM"
pid=
grep -q "Restored from checkpoint" run-2.log || fail "run 2 did not restore the checkpoint of run 1"
grep -q "stopped with a savepoint" run-2.log || fail "no savepoint on SIGTERM"
grep "^jdbc: .*restored" run-2.log
grep -Eq "^jdbc: .*resuming split .* after [1-9][0-9]* row" run-2.log ||
  fail "no scan resumed in the middle of a split after run 1"
[ "$(rows)" -lt $((2 * n)) ] || fail "run 2 read everything before it was stopped: make the scan slower"
echo "run 2 stopped with a savepoint, $(rows) of $((2 * n)) rows committed"

# 3. From the savepoint to the end.
timeout 300 "$sluice" run job.sql >run-3.log 2>&1 || fail "run 3 failed"
grep -q "Restored from checkpoint" run-3.log || fail "run 3 did not restore the savepoint of run 2"
grep "^jdbc: .*restored" run-3.log
grep -Eq "^jdbc: .*resuming split .* after [1-9][0-9]* row" run-3.log ||
  fail "no scan resumed in the middle of a split after run 2"

# Exactly the source rows, as multisets.
for t in pk nokey; do
  got=$(pg -c "SELECT count(*) FROM $schema.dst_$t")
  missing=$(pg -c "SELECT count(*) FROM (SELECT * FROM $schema.src_$t EXCEPT ALL SELECT * FROM $schema.dst_$t) d")
  extra=$(pg -c "SELECT count(*) FROM (SELECT * FROM $schema.dst_$t EXCEPT ALL SELECT * FROM $schema.src_$t) d")
  echo "dst_$t: $got rows for $n, $missing missing, $extra extra"
  [ "$missing" = 0 ] || fail "dst_$t: $missing source rows lost"
  [ "$extra" = 0 ] || fail "dst_$t: $extra rows too many (duplicates)"
  [ "$got" = "$n" ] || fail "dst_$t: $got rows, want $n"
done
left=$(preparedHere)
[ -z "$left" ] || fail "prepared transactions left behind: $left"
echo "jdbc scan resumed mid-split twice (SIGKILL, savepoint): every row exactly once"
