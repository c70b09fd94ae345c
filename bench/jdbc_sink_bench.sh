#!/usr/bin/env bash
# datagen -> PostgreSQL (jdbc sink, append and upsert) vs `psql \copy` of the same kind of rows, in the
# same run, into the same server (scripts/postgres; SLUICE_PG_PORT):
#   bench/jdbc_sink_bench.sh path/to/sluice [ROWS] [RUNS] [MAX_ROWS]
# Rows: the tutorial's processed_events (2 INT, 2 DOUBLE, TIMESTAMP(3) from TO_TIMESTAMP_LTZ) into an
# unindexed table. psql copies a CSV of ROWS such rows written once by Sluice; Sluice generates them
# with datagen and writes them with its jdbc sink ('sink.buffer-flush.max-rows' = MAX_ROWS, default
# 0 = flush every 4 MB / 1 s; Flink's default of 100 is measured too). Upsert: ROWS rows over ROWS/10
# keys into a table with a primary key. Peak RSS of each Sluice run from /usr/bin/time -v.
set -euo pipefail
sluice=$1
rows=${2:-1000000}
runs=${3:-3}
maxrows=${4:-0}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
port=${SLUICE_PG_PORT:-5432}
url="jdbc:postgresql://127.0.0.1:$port/postgres"
pg() { "$root/scripts/postgres" psql -v ON_ERROR_STOP=1 -qAt "$@"; }
"$root/scripts/postgres" status >/dev/null || { echo "no PostgreSQL: scripts/postgres start" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"; pg -c "DROP TABLE IF EXISTS bench_pe, bench_up" >/dev/null 2>&1 || true' EXIT

src="CREATE TABLE events (PULocationID INT, DOLocationID INT, trip_distance DOUBLE, total_amount DOUBLE,
  tpep_pickup_datetime BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '$rows',
  'rows-per-second' = '1000000000', 'fields.PULocationID.min' = '1', 'fields.PULocationID.max' = '265',
  'fields.DOLocationID.min' = '1', 'fields.DOLocationID.max' = '265', 'fields.trip_distance.min' = '0.1',
  'fields.trip_distance.max' = '30', 'fields.total_amount.min' = '3', 'fields.total_amount.max' = '250',
  'fields.tpep_pickup_datetime.kind' = 'sequence', 'fields.tpep_pickup_datetime.start' = '1700000000000',
  'fields.tpep_pickup_datetime.end' = '$((1700000000000 + rows - 1))');"
select="SELECT PULocationID, DOLocationID, trip_distance, total_amount, TO_TIMESTAMP_LTZ(tpep_pickup_datetime, 3) FROM events"
cols="PULocationID INT, DOLocationID INT, trip_distance DOUBLE, total_amount DOUBLE, pickup_datetime TIMESTAMP(3)"

cat >"$work/csv.sql" <<SQL
SET 'table.dml-sync' = 'true';
SET 'table.local-time-zone' = 'UTC';
$src
CREATE TABLE f ($cols) WITH ('connector' = 'filesystem', 'path' = '$work/rows', 'format' = 'csv');
INSERT INTO f $select;
SQL
"$sluice" run "$work/csv.sql" >/dev/null
cat "$work"/rows/part-* >"$work/rows.csv"
echo "rows: $rows, $(($(stat -c %s "$work/rows.csv") / rows)) bytes/row as CSV"

pg -c "DROP TABLE IF EXISTS bench_pe; CREATE TABLE bench_pe (PULocationID INTEGER, DOLocationID INTEGER,
  trip_distance DOUBLE PRECISION, total_amount DOUBLE PRECISION, pickup_datetime TIMESTAMP(3))"
pg -c "DROP TABLE IF EXISTS bench_up; CREATE TABLE bench_up (id BIGINT PRIMARY KEY, PULocationID INTEGER,
  trip_distance DOUBLE PRECISION, total_amount DOUBLE PRECISION, pickup_datetime TIMESTAMP(3))"

job() {  # job NAME MAX_ROWS: the append job
  cat >"$work/$1.sql" <<SQL
SET 'table.dml-sync' = 'true';
SET 'table.local-time-zone' = 'UTC';
$src
CREATE TABLE bench_pe ($cols) WITH ('connector' = 'jdbc', 'url' = '$url', 'table-name' = 'bench_pe',
  'username' = 'postgres', 'password' = 'postgres', 'sink.buffer-flush.max-rows' = '$2');
INSERT INTO bench_pe $select;
SQL
}
job append "$maxrows"
job append100 100
cat >"$work/upsert.sql" <<SQL
SET 'table.dml-sync' = 'true';
SET 'table.local-time-zone' = 'UTC';
CREATE TABLE ev (id BIGINT, PULocationID INT, trip_distance DOUBLE, total_amount DOUBLE, ts BIGINT) WITH (
  'connector' = 'datagen', 'number-of-rows' = '$rows', 'rows-per-second' = '1000000000',
  'fields.id.min' = '1', 'fields.id.max' = '$((rows / 10))', 'fields.PULocationID.min' = '1',
  'fields.PULocationID.max' = '265', 'fields.ts.min' = '1700000000000', 'fields.ts.max' = '1800000000000');
CREATE TABLE bench_up (id BIGINT NOT NULL, PULocationID INT, trip_distance DOUBLE, total_amount DOUBLE,
  pickup_datetime TIMESTAMP(3), PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'jdbc', 'url' = '$url',
  'table-name' = 'bench_up', 'username' = 'postgres', 'password' = 'postgres',
  'sink.buffer-flush.max-rows' = '${UPSERT_MAX_ROWS:-10000}');
INSERT INTO bench_up SELECT id, PULocationID, trip_distance, total_amount, TO_TIMESTAMP_LTZ(ts, 3) FROM ev;
SQL

now() { date +%s.%N; }
rate() { echo "$rows / ($2 - $1)" | bc -l | xargs printf '%.0f'; }
timed() {  # timed NAME: runs a Sluice job under /usr/bin/time, sets t_rate and t_rss
  local s e
  s=$(now)
  /usr/bin/time -v "$sluice" run "$work/$1.sql" >"$work/$1.out" 2>"$work/$1.time"
  e=$(now)
  t_rate=$(rate "$s" "$e")
  t_rss=$(awk -F': ' '/Maximum resident/ {print int($2 / 1024)}' "$work/$1.time")
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

p=() a=() a100=() u=() rss_a=() rss_u=()
for ((r = 1; r <= runs; r++)); do
  pg -c "TRUNCATE bench_pe; CHECKPOINT"
  s=$(now)
  pg -c "\\copy bench_pe FROM '$work/rows.csv' CSV"
  e=$(now)
  p+=("$(rate "$s" "$e")")
  pg -c "TRUNCATE bench_pe; CHECKPOINT"
  timed append
  [ "$(pg -c "SELECT count(*) FROM bench_pe")" = "$rows" ] || { cat "$work/append.out"; exit 1; }
  a+=("$t_rate") rss_a+=("$t_rss")
  pg -c "TRUNCATE bench_pe; CHECKPOINT"
  timed append100
  a100+=("$t_rate")
  pg -c "TRUNCATE bench_up; CHECKPOINT"
  timed upsert
  u+=("$t_rate") rss_u+=("$t_rss")
  echo "run $r: psql \\copy ${p[-1]} rows/s | sluice append ${a[-1]} rows/s (max-rows=$maxrows, ${rss_a[-1]} MB)" \
    "| append max-rows=100 ${a100[-1]} rows/s | upsert ${u[-1]} rows/s over $((rows / 10)) keys (${rss_u[-1]} MB)"
done
pm=$(median "${p[@]}") am=$(median "${a[@]}")
echo "median: psql \\copy $pm rows/s; sluice append $am rows/s ($(echo "100 * $am / $pm" | bc)% of psql)," \
  "max-rows=100 $(median "${a100[@]}") rows/s, upsert $(median "${u[@]}") rows/s;" \
  "peak RSS append $(median "${rss_a[@]}") MB, upsert $(median "${rss_u[@]}") MB"
echo "upsert table: $(pg -c "SELECT count(*) FROM bench_up") rows"
