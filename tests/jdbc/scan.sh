#!/usr/bin/env bash
# The jdbc connector as a bounded scan source against the real PostgreSQL that scripts/postgres runs:
#   tests/jdbc/scan.sh path/to/sluice
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
schema=jdbc_scan_$$_$RANDOM
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"; pg -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true' EXIT
pg -c "CREATE SCHEMA $schema"
S="SET 'table.dml-sync' = 'true';"
# run NAME: runs $work/NAME.sql, output in $work/NAME.out, exit code in $rc
run() { rc=0; "$sluice" run "$work/$1.sql" >"$work/$1.out" 2>&1 || rc=$?; }
conn="'url' = '$url', 'username' = 'postgres', 'password' = 'postgres'"

# --- 1. Every mapped type, NULLs, text with COPY's special characters, unquoted mixed-case names
# (PostgreSQL lower-cases them); timestamptz into TIMESTAMP and timestamp into TIMESTAMP_LTZ go
# through the session zone (+02:00 here).
pg <<SQL
SET TIME ZONE 'UTC';
CREATE TABLE $schema.AllTypes (Id integer, B boolean, Ti smallint, Si smallint, Bi bigint,
  R real, D double precision, N numeric(12,3), C char(3), Vc varchar(10), T text, Bt bytea,
  Dt date, Tm time(3), Ts timestamp(3), TsTz timestamptz(3), Ltz timestamp(3), LtzTz timestamptz(3),
  Js jsonb, U uuid, Ia integer[], Ta text[]);
INSERT INTO $schema.AllTypes VALUES
  (1, true, -7, 300, 9000000000, 1.5, 2.25, -123456789.012, 'ab', 'héllo', E'tab\there\nnl \\\\ "q" ''s',
   '\x00ff10', '2024-02-29', '23:59:58.5', '2024-01-31 10:00:00.123', '2024-01-31 08:00:00.5+00',
   '1970-01-01 02:00:00', '1970-01-01 00:00:00+00', '{"a": [1, 2]}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
   '{1,NULL,3}', '{x,"y z"}'),
  (2, NULL, NULL, NULL, NULL, NULL, NULL, 0.001, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL, NULL, NULL, NULL),
  (3, false, 127, -32768, -1, -0.25, 1e300, 99999999.999, 'xyz', '', '\N', '', '1900-01-01', '00:00:00',
   '1969-12-31 23:59:59.999', '2000-01-01 00:00:00+00', '2000-01-01 00:00:00', '2000-01-01 00:00:00+00',
   '[]', '00000000-0000-0000-0000-000000000000', '{}', '{NULL}');
SQL
types_ddl="CREATE TABLE all_types (Id INT, B BOOLEAN, Ti TINYINT, Si SMALLINT, Bi BIGINT, R FLOAT,
  D DOUBLE, N DECIMAL(12, 3), C CHAR(3), Vc VARCHAR(10), T STRING, Bt BYTES, Dt DATE, Tm TIME(3),
  Ts TIMESTAMP(3), TsTz TIMESTAMP(3), Ltz TIMESTAMP_LTZ(3), LtzTz TIMESTAMP_LTZ(3), Js STRING, U STRING,
  Ia ARRAY<INT>, Ta ARRAY<STRING>)
WITH ('connector' = 'jdbc', $conn, 'table-name' = '$schema.AllTypes', 'scan.fetch-size' = '100');"
cat >"$work/types.sql" <<SQL
$S
SET 'table.local-time-zone' = '+02:00';
SET 'sql-client.execution.result-mode' = 'tableau';
$types_ddl
SELECT * FROM all_types;
SQL
run types
[ $rc = 0 ] || { cat "$work/types.out"; fail "types job failed"; }
out=$(tr -d '\0' <"$work/types.out")
has() { grep -qF -- "$1" <<<"$out" || fail "$2: no '$1' in
$out"; }
has "| +I |           1 |   TRUE |     -7 |    300 |           9000000000 |                            1.5 |                           2.25 | -123456789.012 |                            ab  |                          héllo |           tab	here" "row 1"
has 'nl \ "q" '"'s"' |' "row 1 text with COPY's special characters"
has "| 2024-02-29 | 23:59:58.500 | 2024-01-31 10:00:00.123 | 2024-01-31 10:00:00.500 | 1970-01-01 02:00:00.000 | 1970-01-01 02:00:00.000 |                  {\"a\": [1, 2]} | a0eebc99-9c0b-4ef8-bb6d-6bb... |                   [1, NULL, 3] |                       [x, y z] |" "row 1 times"
has "| +I |           2 | <NULL> | <NULL> | <NULL> |               <NULL> |                         <NULL> |                         <NULL> |          0.001 |                         <NULL> |                         <NULL> |                         <NULL> |                         <NULL> |     <NULL> |       <NULL> |                  <NULL> |                  <NULL> |                  <NULL> |                  <NULL> |                         <NULL> |                         <NULL> |                         <NULL> |                         <NULL> |" "row 2 (NULLs)"
has "| +I |           3 |  FALSE |    127 | -32768 |                   -1 |                          -0.25 |                        1.0E300 |   99999999.999 |                            xyz |                                |                             \N |                                | 1900-01-01 | 00:00:00.000 | 1969-12-31 23:59:59.999 | 2000-01-01 02:00:00.000 | 2000-01-01 00:00:00.000 | 2000-01-01 02:00:00.000 |                             [] | 00000000-0000-0000-0000-000... |                             [] |                         [NULL] |" "row 3"
has "Received a total of 3 rows" "row count"

# Projection pushdown (only the projected columns are read) and bytes, as hex.
cat >"$work/project.sql" <<SQL
$S
SET 'sql-client.execution.result-mode' = 'tableau';
$types_ddl
EXPLAIN SELECT Id, HEX(Bt) FROM all_types;
SELECT Id, HEX(Bt) AS h, CHAR_LENGTH(C) AS cl FROM all_types WHERE Id <> 2;
SQL
run project
[ $rc = 0 ] || { cat "$work/project.out"; fail "projection job failed"; }
out=$(cat "$work/project.out")
has "fields=[Id, Bt]" "projection pushed down"
has "|           1 |                         00FF10 |           3 |" "bytes"
has "|           3 |                                |           3 |" "empty bytes"

# --- 2. A partitioned read with parallelism 2: every row exactly once. Ids 1..1000 plus a NULL
# (not read, as in Flink) and rows outside [lower, upper] (not read either).
pg -c "CREATE TABLE $schema.\"Big\" (id bigint, v text); INSERT INTO $schema.\"Big\"
  SELECT g, 'v' || g FROM generate_series(1, 10000) g; INSERT INTO $schema.\"Big\" VALUES (NULL, 'null'), (20000, 'out')"
cat >"$work/part.sql" <<SQL
$S
SET 'parallelism.default' = '2';
CREATE TABLE big (id BIGINT, v STRING) WITH ('connector' = 'jdbc', $conn, 'table-name' = '$schema."Big"',
  'scan.partition.column' = 'id', 'scan.partition.num' = '7', 'scan.partition.lower-bound' = '1',
  'scan.partition.upper-bound' = '10000', 'scan.fetch-size' = '500');
CREATE TABLE parts (id BIGINT, v STRING) WITH ('connector' = 'filesystem', 'path' = '$work/parts', 'format' = 'csv');
EXPLAIN INSERT INTO parts SELECT * FROM big;
INSERT INTO parts SELECT * FROM big;
SQL
run part
[ $rc = 0 ] || { cat "$work/part.out"; fail "partitioned job failed"; }
grep -qF "partition=id in [1, 10000] / 7" "$work/part.out" || fail "partitioned plan: $(cat "$work/part.out")"
got=$(cat "$work"/parts/* | sort -n | awk -F, '{ n++; s += $1; if ($2 != "v" $1) bad++; if (seen[$1]++) dup++ }
  END { print n, s, bad + 0, dup + 0 }')
[ "$got" = "10000 50005000 0 0" ] || fail "partitioned read (rows, sum, bad, duplicates): $got"
[ "$(ls "$work"/parts | wc -l)" -ge 2 ] || fail "partitioned read: one writer only: $(ls "$work"/parts)"

# --- 3. Backfill: INSERT INTO a filesystem table and into another jdbc table from the jdbc source.
pg -c "CREATE TABLE $schema.copy (id bigint PRIMARY KEY, v text)"
cat >"$work/backfill.sql" <<SQL
$S
CREATE TABLE big (id BIGINT, v STRING) WITH ('connector' = 'jdbc', $conn, 'table-name' = '$schema."Big"');
CREATE TABLE files (id BIGINT, v STRING) WITH ('connector' = 'filesystem', 'path' = '$work/out', 'format' = 'csv');
CREATE TABLE dst (id BIGINT NOT NULL, v STRING, PRIMARY KEY (id) NOT ENFORCED)
WITH ('connector' = 'jdbc', $conn, 'table-name' = '$schema.copy');
INSERT INTO files SELECT * FROM big WHERE id IS NOT NULL;
INSERT INTO dst SELECT id, UPPER(v) FROM big WHERE id IS NOT NULL;
SQL
run backfill
[ $rc = 0 ] || { cat "$work/backfill.out"; fail "backfill job failed"; }
n=$(cat "$work"/out/* | wc -l)
[ "$n" = 10001 ] || fail "filesystem backfill: $n lines"
got=$(pg -c "SELECT count(*), sum(id), bool_and(v = upper('v' || id) OR v = 'OUT') FROM $schema.copy")
[ "$got" = "10001|50025000|t" ] || fail "jdbc backfill: $got"

# --- 4. Errors: a missing table, a missing column (the PostgreSQL columns are listed).
cat >"$work/missing.sql" <<SQL
CREATE TABLE nope (id BIGINT) WITH ('connector' = 'jdbc', $conn, 'table-name' = '$schema.nope');
SELECT * FROM nope;
SQL
run missing
[ $rc != 0 ] && grep -q "does not exist in PostgreSQL" "$work/missing.out" || fail "missing table: $(cat "$work/missing.out")"
cat >"$work/nocol.sql" <<SQL
CREATE TABLE big (id BIGINT, w STRING) WITH ('connector' = 'jdbc', $conn, 'table-name' = '$schema."Big"');
SELECT * FROM big;
SQL
run nocol
[ $rc != 0 ] && grep -qF "Column 'w'" "$work/nocol.out" && grep -qF "(its columns: id, v)" "$work/nocol.out" ||
  fail "missing column: $(cat "$work/nocol.out")"

echo "OK"
