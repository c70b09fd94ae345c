#!/usr/bin/env bash
# The jdbc sink against the real PostgreSQL that scripts/postgres runs, read back with psql:
#   tests/jdbc/sink.sh path/to/sluice
# Uses SLUICE_PG_PORT (default 5432). Without a server it skips (exit 77), except under CI=true.
set -euo pipefail
sluice=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
port=${SLUICE_PG_PORT:-5432}
url="jdbc:postgresql://127.0.0.1:$port/postgres"
pg() { "$root/scripts/postgres" psql -v ON_ERROR_STOP=1 -qAt "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

if ! "$root/scripts/postgres" status >/dev/null 2>&1; then
  [ "${CI:-}" = true ] && fail "no PostgreSQL on 127.0.0.1:$port (run scripts/postgres start)"
  echo "SKIP: no PostgreSQL on 127.0.0.1:$port"
  exit 77
fi

# Every table of this run lives in its own schema, dropped at the end.
schema=jdbc_sink_$$_$RANDOM
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"; pg -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true' EXIT
pg -c "CREATE SCHEMA $schema"
S="SET 'table.dml-sync' = 'true';"
# run NAME: runs $work/NAME.sql, output in $work/NAME.out, exit code in $rc
run() { rc=0; "$sluice" run "$work/$1.sql" >"$work/$1.out" 2>&1 || rc=$?; }

# --- 1. The tutorial's sink DDL verbatim (host and schema aside), rides from datagen through
# TO_TIMESTAMP_LTZ in Asia/Shanghai; PostgreSQL's table made with unquoted mixed-case names.
pg -c "CREATE TABLE $schema.processed_events (PULocationID INTEGER, DOLocationID INTEGER,
  trip_distance DOUBLE PRECISION, total_amount DOUBLE PRECISION, pickup_datetime TIMESTAMP)"
cat >"$work/tutorial.sql" <<SQL
$S
SET 'table.local-time-zone' = 'Asia/Shanghai';
CREATE TABLE events (
    PULocationID INTEGER,
    DOLocationID INTEGER,
    trip_distance DOUBLE,
    total_amount DOUBLE,
    tpep_pickup_datetime BIGINT
) WITH (
  'connector' = 'datagen', 'number-of-rows' = '2500',
  'fields.PULocationID.min' = '1', 'fields.PULocationID.max' = '265',
  'fields.DOLocationID.min' = '1', 'fields.DOLocationID.max' = '265',
  'fields.tpep_pickup_datetime.kind' = 'sequence',
  'fields.tpep_pickup_datetime.start' = '1700000000000', 'fields.tpep_pickup_datetime.end' = '1700000002499'
);
CREATE TABLE processed_events (
    PULocationID INTEGER,
    DOLocationID INTEGER,
    trip_distance DOUBLE,
    total_amount DOUBLE,
    pickup_datetime TIMESTAMP(3)
) WITH (
    'connector' = 'jdbc',
    'url' = '$url?currentSchema=$schema',
    'table-name' = 'processed_events',
    'username' = 'postgres',
    'password' = 'postgres',
    'driver' = 'org.postgresql.Driver'
);
INSERT INTO processed_events
SELECT PULocationID, DOLocationID, trip_distance, total_amount,
       TO_TIMESTAMP_LTZ(tpep_pickup_datetime, 3) AS pickup_datetime
FROM events;
SQL
run tutorial
[ $rc = 0 ] || { cat "$work/tutorial.out"; fail "tutorial job failed"; }
got=$(pg -c "SELECT count(*), count(DISTINCT pickup_datetime), min(pickup_datetime), max(pickup_datetime),
  bool_and(pulocationid BETWEEN 1 AND 265) FROM $schema.processed_events")
# 1700000000000 ms = 2023-11-14 22:13:20 UTC = 2023-11-15 06:13:20 in Shanghai
[ "$got" = "2500|2500|2023-11-15 06:13:20|2023-11-15 06:13:22.499|t" ] || fail "tutorial rows: $got"

# --- 2. Every mapped type, read back as PostgreSQL prints it; TIMESTAMP into timestamptz and
# TIMESTAMP_LTZ into timestamp go through the session zone (UTC+2 here, fixed).
pg -c "CREATE TABLE $schema.\"AllTypes\" (b boolean, ti smallint, si smallint, i integer, bi bigint,
  r real, d double precision, n numeric(12,3), c char(3), vc varchar(10), t text, bt bytea, dt date,
  tm time, ts timestamp(3), tstz timestamptz, ltz timestamp, js jsonb, u uuid,
  big bigint, num numeric)"
cat >"$work/types.sql" <<SQL
$S
SET 'table.local-time-zone' = '+02:00';
CREATE TABLE all_types (b BOOLEAN, ti TINYINT, si SMALLINT, i INT, bi BIGINT, r FLOAT, d DOUBLE,
  n DECIMAL(12, 3), c CHAR(3), vc VARCHAR(10), t STRING, bt BYTES, dt DATE, tm TIME, ts TIMESTAMP(3),
  tstz TIMESTAMP(3), ltz TIMESTAMP_LTZ(3), js STRING, u STRING,
  big INT, num BIGINT)
WITH ('connector' = 'jdbc', 'url' = '$url', 'table-name' = '$schema."AllTypes"',
      'username' = 'postgres', 'password' = 'postgres');
INSERT INTO all_types VALUES
  (TRUE, CAST(-7 AS TINYINT), CAST(300 AS SMALLINT), 70000, 9000000000, CAST(1.5 AS FLOAT), 2.25,
   CAST(-123456789.012 AS DECIMAL(12, 3)), 'ab', 'héllo', 'it''s "q"', X'00ff10', DATE '2024-02-29',
   TIME '23:59:58', TIMESTAMP '2024-01-31 10:00:00.123', TIMESTAMP '2024-01-31 10:00:00.5',
   TO_TIMESTAMP_LTZ(0, 3), '{"a": [1, 2]}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
   5, 12345678901234),
  (CAST(NULL AS BOOLEAN), CAST(NULL AS TINYINT), CAST(NULL AS SMALLINT), CAST(NULL AS INT),
   CAST(NULL AS BIGINT), CAST(NULL AS FLOAT), CAST(NULL AS DOUBLE), CAST(0.001 AS DECIMAL(12, 3)),
   CAST(NULL AS CHAR(3)), CAST(NULL AS VARCHAR(10)), CAST(NULL AS STRING), CAST(NULL AS BYTES),
   CAST(NULL AS DATE), CAST(NULL AS TIME), CAST(NULL AS TIMESTAMP(3)), CAST(NULL AS TIMESTAMP(3)),
   CAST(NULL AS TIMESTAMP_LTZ(3)), CAST(NULL AS STRING), CAST(NULL AS STRING), -1, 0);
SQL
run types
[ $rc = 0 ] || { cat "$work/types.out"; fail "types job failed"; }
got=$(pg -c "SET TIME ZONE 'UTC'; SELECT * FROM $schema.\"AllTypes\" ORDER BY big DESC" | tr '\n' '~')
want='t|-7|300|70000|9000000000|1.5|2.25|-123456789.012|ab |héllo|it'"'"'s "q"|\x00ff10|2024-02-29|23:59:58|2024-01-31 10:00:00.123|2024-01-31 08:00:00.5+00|1970-01-01 02:00:00|{"a": [1, 2]}|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11|5|12345678901234~|||||||0.001||||||||||||-1|0~'
[ "$got" = "$want" ] || fail "types round trip:
got  $got
want $want"

# Arrays, from a JSON file.
pg -c "CREATE TABLE $schema.arrays (id int, ia integer[], ta text[], da double precision[])"
printf '%s\n' '{"id":1,"ia":[1,null,3],"ta":["x","y z","q\"uote"],"da":[0.5]}' '{"id":2,"ia":[],"ta":null,"da":null}' \
  >"$work/arrays.json"
cat >"$work/arrays.sql" <<SQL
$S
CREATE TABLE a_src (id INT, ia ARRAY<INT>, ta ARRAY<STRING>, da ARRAY<DOUBLE>)
WITH ('connector' = 'filesystem', 'path' = '$work/arrays.json', 'format' = 'json');
CREATE TABLE a_dst (id INT, ia ARRAY<INT>, ta ARRAY<STRING>, da ARRAY<DOUBLE>)
WITH ('connector' = 'jdbc', 'url' = '$url', 'table-name' = '$schema.arrays', 'username' = 'postgres', 'password' = 'postgres');
INSERT INTO a_dst SELECT * FROM a_src;
SQL
run arrays
[ $rc = 0 ] || { cat "$work/arrays.out"; fail "arrays job failed"; }
got=$(pg -c "SELECT * FROM $schema.arrays ORDER BY id" | tr '\n' '~')
[ "$got" = '1|{1,NULL,3}|{x,"y z","q\"uote"}|{0.5}~2|{}||~' ] || fail "arrays round trip: $got"

# --- 3. Upsert: inserts, then updates of some keys (the last change per key wins); a composite key
pg -c "CREATE TABLE $schema.ups (id bigint, region text, name text, amount numeric(10,2),
  PRIMARY KEY (id, region))"
cat >"$work/upsert.sql" <<SQL
$S
CREATE TABLE ups (id BIGINT NOT NULL, region STRING NOT NULL, name STRING, amount DECIMAL(10, 2),
  PRIMARY KEY (id, region) NOT ENFORCED)
WITH ('connector' = 'jdbc', 'url' = '$url', 'table-name' = '$schema.ups', 'username' = 'postgres',
      'password' = 'postgres', 'sink.buffer-flush.max-rows' = '3');
INSERT INTO ups VALUES (1, 'eu', 'a', 1.00), (2, 'eu', 'b', 2.00), (1, 'us', 'c', 3.00), (1, 'eu', 'a2', 1.50);
INSERT INTO ups VALUES (2, 'eu', 'b2', 20.00), (2, 'eu', 'b3', 30.00), (3, 'us', 'd', CAST(NULL AS DECIMAL(10, 2)));
SQL
run upsert
[ $rc = 0 ] || { cat "$work/upsert.out"; fail "upsert job failed"; }
got=$(pg -c "SELECT id, region, name, amount FROM $schema.ups ORDER BY id, region" | tr '\n' ' ')
[ "$got" = "1|eu|a2|1.50 1|us|c|3.00 2|eu|b3|30.00 3|us|d| " ] || fail "upsert rows: $got"

# --- 4. A missing table: the error prints a matching CREATE TABLE
cat >"$work/missing.sql" <<SQL
$S
CREATE TABLE m (id BIGINT NOT NULL, PULocationID INT, ts TIMESTAMP(3), PRIMARY KEY (id) NOT ENFORCED)
WITH ('connector' = 'jdbc', 'url' = '$url', 'table-name' = '$schema.nowhere',
      'username' = 'postgres', 'password' = 'postgres');
INSERT INTO m VALUES (1, 2, TIMESTAMP '2024-01-01 00:00:00');
SQL
run missing
[ $rc != 0 ] || fail "a missing table must fail the job"
grep -q "Table '$schema.nowhere' of the jdbc table 'default_catalog.default_database.m' does not exist" \
  "$work/missing.out" || { cat "$work/missing.out"; fail "missing table message"; }
grep -q "CREATE TABLE $schema.nowhere (" "$work/missing.out" || fail "missing table: no CREATE TABLE"
grep -q "pulocationid INTEGER," "$work/missing.out" || grep -q "PULocationID INTEGER," "$work/missing.out" ||
  fail "missing table: column line"
grep -q "PRIMARY KEY (id)" "$work/missing.out" || fail "missing table: primary key"

# --- 5. A wrong password: a clear error that never prints the password
sed -e "s/'password' = 'postgres'/'password' = 'Wr0ngSecret'/" -e "s/nowhere/ups/" "$work/missing.sql" \
  >"$work/password.sql"
run password
[ $rc != 0 ] || fail "a wrong password must fail the job"
grep -q 'password authentication failed for user "postgres"' "$work/password.out" ||
  { cat "$work/password.out"; fail "wrong password message"; }
! grep -q Wr0ngSecret "$work/password.out" || fail "the password appears in the output"
echo "EXPLAIN INSERT INTO m VALUES (1, 2, TIMESTAMP '2024-01-01 00:00:00');" >>"$work/password.sql"
sed -i '/^INSERT/d' "$work/password.sql"
run password
! grep -q Wr0ngSecret "$work/password.out" || fail "EXPLAIN prints the password"

# --- 6. An incompatible column type names the column; a missing column lists the table's
pg -c "CREATE TABLE $schema.wrong (id bigint, name uuid[])"
cat >"$work/wrongtype.sql" <<SQL
$S
CREATE TABLE w (id BIGINT, name STRING)
WITH ('connector' = 'jdbc', 'url' = '$url', 'table-name' = '$schema.wrong', 'username' = 'postgres', 'password' = 'postgres');
INSERT INTO w VALUES (1, 'x');
SQL
run wrongtype
[ $rc != 0 ] || fail "a wrong column type must fail the job"
grep -q "Column 'name' of type STRING cannot be written to column 'name' of PostgreSQL table '$schema.wrong', which has type uuid\[\]" \
  "$work/wrongtype.out" || { cat "$work/wrongtype.out"; fail "wrong type message"; }

# --- 7. A constraint violation names the row's source position (file:line)
pg -c "CREATE TABLE $schema.nn (id bigint NOT NULL, name text)"
printf '1,a\n2,b\nNULL,c\n4,d\n' >"$work/rows.csv"
cat >"$work/violation.sql" <<SQL
$S
CREATE TABLE f (id BIGINT, name STRING) WITH ('connector' = 'filesystem', 'path' = '$work/rows.csv', 'format' = 'csv',
  'csv.null-literal' = 'NULL');
CREATE TABLE nn (id BIGINT, name STRING)
WITH ('connector' = 'jdbc', 'url' = '$url', 'table-name' = '$schema.nn', 'username' = 'postgres', 'password' = 'postgres');
INSERT INTO nn SELECT * FROM f;
SQL
run violation
[ $rc != 0 ] || fail "a NOT NULL violation must fail the job"
grep -q 'null value in column "id"' "$work/violation.out" || { cat "$work/violation.out"; fail "violation message"; }
grep -q "The row came from $work/rows.csv:3" "$work/violation.out" || { cat "$work/violation.out"; fail "violation row position"; }

# --- 8. PostgreSQL restarted during a run: the sink reconnects and retries; every row arrives
pg -c "CREATE TABLE $schema.restart (id bigint, name text)"
cat >"$work/restart.sql" <<SQL
$S
CREATE TABLE src (id BIGINT, name STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '2000',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '12000', 'fields.name.length' = '5');
CREATE TABLE r (id BIGINT, name STRING)
WITH ('connector' = 'jdbc', 'url' = '$url', 'table-name' = '$schema.restart', 'username' = 'postgres',
      'password' = 'postgres', 'sink.buffer-flush.max-rows' = '500', 'sink.buffer-flush.interval' = '200ms');
INSERT INTO r SELECT * FROM src;
SQL
"$sluice" run "$work/restart.sql" >"$work/restart.out" 2>&1 &
job=$!
for _ in $(seq 100); do
  [ "$(pg -c "SELECT count(*) FROM $schema.restart")" -gt 1000 ] && break
  sleep 0.1
done
"$root/scripts/postgres" restart >/dev/null
rc=0
wait $job || rc=$?
[ $rc = 0 ] || { cat "$work/restart.out"; fail "the job did not survive a PostgreSQL restart"; }
got=$(pg -c "SELECT count(DISTINCT id), min(id), max(id), count(*) >= 12000 FROM $schema.restart")
[ "$got" = "12000|1|12000|t" ] || fail "rows after a restart: $got"

echo "jdbc sink: all checks passed"
