#!/usr/bin/env bash
# The upsert-kafka source against a real broker, as Flink's: messages are upserts keyed by the
# PRIMARY KEY and a NULL value (tombstone) is a delete; the ChangelogNormalize after the scan turns
# them into +I, -U/+U (nothing for an identical row) and -D with the full old row (nothing for an
# unknown key). Checked through the print sink and SELECT, at parallelism 1 and 2, and through an
# upsert-kafka -> upsert-kafka round trip read back with kcat. Keyed messages come from kcat
# (-K: for the key, -Z to send an empty value as a NULL tombstone).
#
#   tests/kafka/upsert_source.sh path/to/sluice
# Needs a broker at $SLUICE_KAFKA_BOOTSTRAP (default 127.0.0.1:${SLUICE_KAFKA_PORT:-9092}), e.g. from
# `scripts/kafka start`. Topics get a unique suffix so reruns against one broker do not collide.
set -euo pipefail
sluice=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=${SLUICE_KAFKA_BOOTSTRAP:-127.0.0.1:${SLUICE_KAFKA_PORT:-9092}}
port=${B##*:}
run=$(date +%s%N | tail -c 9)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
create() { SLUICE_KAFKA_PORT=$port "$root/scripts/kafka" create-topic "$1" "$2" >/dev/null; }
# runs SQL text, prints stdout+stderr, returns sluice's status
sql() { printf '%s\n' "$1" >"$tmp/job.sql"; timeout 120 "$sluice" run "$tmp/job.sql" 2>&1; }
# upsert-kafka table DDL: name, topic, extra WITH options
ddl() {
  cat <<EOF
CREATE TABLE $1 (id INT, name STRING, v INT, PRIMARY KEY (id) NOT ENFORCED) WITH (
    'connector' = 'upsert-kafka',
    'properties.bootstrap.servers' = '$B',
    'topic' = '$2',
    'key.format' = 'csv',
    'value.format' = 'json'$3
);
EOF
}
bounded=", 'scan.bounded.mode' = 'latest-offset'"
# the print sink's changelog lines, without the '2> ' subtask prefix
printed() { grep -E '^([0-9]+> )?[-+][IUD]\[' <<<"$1" | sed -E 's/^[0-9]+> //' || true; }

# --- 1. one partition, parallelism 1: the exact changelog
topic=ups_$run
create "$topic" 1
printf '%s\n' \
  '1:{"id":1,"name":"a","v":10}' \
  '2:{"id":2,"name":"b","v":20}' \
  '1:{"id":1,"name":"a2","v":11}' \
  '1:{"id":1,"name":"a2","v":11}' \
  '2:' \
  '3:' \
  '3:{"id":3,"name":"c","v":30}' | kcat -b "$B" -P -t "$topic" -K: -Z
expected='+I[1, a, 10]
+I[2, b, 20]
-U[1, a, 10]
+U[1, a2, 11]
-D[2, b, 20]
+I[3, c, 30]'
out=$(sql "$(ddl src "$topic" "$bounded")
CREATE TABLE p (id INT, name STRING, v INT) WITH ('connector' = 'print');
SET 'table.dml-sync' = 'true';
INSERT INTO p SELECT * FROM src;") || fail "print: $out"
[ "$(printed "$out")" = "$expected" ] || fail "print changelog: $out"

# the same through SELECT (tableau with its op column)
out=$(sql "$(ddl src "$topic" "$bounded")
SELECT * FROM src;") || fail "select: $out"
got=$(grep -E '^\| [-+][IUD] ' <<<"$out" | awk -F'|' '{gsub(/ /, ""); print $2 "[" $3 ", " $4 ", " $5 "]"}')
[ "$got" = "$expected" ] || fail "select changelog: $out"
[[ $out == *"Received a total of 6 rows"* ]] || fail "select footer: $out"

# projection pushdown keeps the key; an update of a column the query does not read is no change
topic=ups_proj_$run
create "$topic" 1
printf '%s\n' '1:{"id":1,"name":"a","v":10}' '1:{"id":1,"name":"a","v":99}' '1:{"id":1,"name":"b","v":99}' '1:' |
  kcat -b "$B" -P -t "$topic" -K: -Z
out=$(sql "$(ddl src "$topic" "$bounded")
CREATE TABLE p (name STRING) WITH ('connector' = 'print');
SET 'table.dml-sync' = 'true';
INSERT INTO p SELECT name FROM src;") || fail "projection: $out"
[ "$(printed "$out")" = '+I[a]
-U[a]
+U[b]
-D[b]' ] || fail "projection changelog: $out"

# an append-only sink refuses the updating source at plan time
out=$(sql "$(ddl src "$topic" "$bounded")
CREATE TABLE k (id INT, name STRING) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$B',
  'topic' = 'unused_$run', 'format' = 'json');
INSERT INTO k SELECT id, name FROM src;") && fail "append-only kafka sink accepted updates: $out"
[[ $out == *"TableException: Table sink 'default_catalog.default_database.k' doesn't support consuming update and delete changes which is produced by node ChangelogNormalize(key=[id])"* ]] ||
  fail "append-only sink message: $out"

# --- 2. two partitions, parallelism 2 (hash exchange on the key): per key, the same changelog as a
# sequential replay of its messages; kcat's keyed partitioner keeps each key in one partition
topic=ups_par_$run
create "$topic" 2
for round in 1 2 3; do
  for id in $(seq 1 20); do
    if [ $((id % 5)) = 0 ] && [ $round = 2 ]; then
      echo "$id:"  # tombstone
    elif [ $((id % 4)) = 0 ]; then
      echo "$id:{\"id\":$id,\"name\":\"n$id\",\"v\":$id}"  # identical every round
    else
      echo "$id:{\"id\":$id,\"name\":\"r$round\",\"v\":$id}"
    fi
  done
done | kcat -b "$B" -P -t "$topic" -K: -Z
echo '99:' | kcat -b "$B" -P -t "$topic" -K: -Z  # unknown key
out=$(sql "SET 'parallelism.default' = '2';
$(ddl src "$topic" "$bounded")
CREATE TABLE p (id INT, name STRING, v INT) WITH ('connector' = 'print');
SET 'table.dml-sync' = 'true';
INSERT INTO p SELECT * FROM src;") || fail "parallel: $out"
lines=$(printed "$out")
for id in $(seq 1 20); do
  got=$(grep -E "^[-+][IUD]\[$id, " <<<"$lines" | tr '\n' ' ')
  if [ $((id % 5)) = 0 ] && [ $((id % 4)) = 0 ]; then  # 20: identical rows around a tombstone
    want="+I[$id, n$id, $id] -D[$id, n$id, $id] +I[$id, n$id, $id] "
  elif [ $((id % 5)) = 0 ]; then
    want="+I[$id, r1, $id] -D[$id, r1, $id] +I[$id, r3, $id] "
  elif [ $((id % 4)) = 0 ]; then
    want="+I[$id, n$id, $id] "
  else
    want="+I[$id, r1, $id] -U[$id, r1, $id] +U[$id, r2, $id] -U[$id, r2, $id] +U[$id, r3, $id] "
  fi
  [ "$got" = "$want" ] || fail "parallel: key $id: got '$got', want '$want': $out"
done
grep -q '\[99, ' <<<"$lines" && fail "parallel: a tombstone of an unknown key was emitted: $out"
[ "$(wc -l <<<"$lines")" = $((12 * 5 + 3 * 3 + 1 * 3 + 4 * 1)) ] || fail "parallel: row count: $out"
grep -qE '^2> ' <<<"$out" || fail "parallel: no output from the second print subtask: $out"

# --- 3. upsert-kafka -> upsert-kafka: -U is not written, -D becomes a tombstone; read back the same
src=ups_$run
dst=ups_dst_$run
create "$dst" 1
out=$(sql "$(ddl src "$src" "$bounded")
$(ddl dst "$dst" "")
SET 'table.dml-sync' = 'true';
INSERT INTO dst SELECT * FROM src;") || fail "round trip write: $out"
got=$(kcat -b "$B" -C -t "$dst" -e -q -f '%k|%S|%s\n')
[ "$got" = '1|26|{"id":1,"name":"a","v":10}
2|26|{"id":2,"name":"b","v":20}
1|27|{"id":1,"name":"a2","v":11}
2|-1|
3|26|{"id":3,"name":"c","v":30}' ] || fail "round trip messages: $got"
out=$(sql "$(ddl dst "$dst" "$bounded")
CREATE TABLE p (id INT, name STRING, v INT) WITH ('connector' = 'print');
SET 'table.dml-sync' = 'true';
INSERT INTO p SELECT * FROM dst;") || fail "round trip read: $out"
[ "$(printed "$out")" = "$expected" ] || fail "round trip changelog: $out"

echo "upsert-kafka source tests passed"
