#!/usr/bin/env bash
# A Kafka broker that goes away mid-stream and comes back: running Sluice jobs carry on by themselves,
# with no lost and no repeated rows. The test starts its own broker (scripts/kafka, its own port and
# folder, stopped on exit), so the shared broker of the other tests is left alone.
#
#   A. kafka source (unbounded, 2 partitions) -> print, while kcat keeps producing; the broker is
#      killed with SIGKILL, and while it is down a new job fails with a clear error naming the
#      bootstrap servers; then the broker starts again on its folder. Partition discovery runs every
#      second with a 3 s timeout, so it fails during the outage: transient, the job goes on. The printed
#      rows must be exactly the topic's records, each (partition, offset, id) once.
#   B. kafka source bounded at an offset not yet written (scan.bounded.mode = specific-offsets) ->
#      kafka sinks with exactly-once and at-least-once, while kcat keeps producing; the broker is
#      stopped gracefully and started again. The job ends by itself; read_committed sees exactly the
#      input's records in both output topics.
#
#   tests/kafka/restart.sh path/to/sluice
# Environment: SLUICE_RESTART_TEST_PORT (first port tried, default 19292; it and the next 2 are used).
set -euo pipefail
sluice=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d)
run=$(date +%s%N | tail -c 9)
pids=()
fail() {
  echo "FAIL: $*"
  exit 1
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=${SLUICE_RESTART_TEST_PORT:-19292}
while port_busy "$port" || port_busy $((port + 1)) || port_busy $((port + 2)); do
  port=$((port + 20))
  [ "$port" -lt 20000 ] || fail "no free ports for the test broker"
done
export SLUICE_KAFKA_PORT=$port SLUICE_KAFKA_DIR=$tmp/kafka
kafka() { "$root/scripts/kafka" "$@"; }
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  kafka stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
kafka start
B=127.0.0.1:$port

# produce TOPIC FIRST LAST PARTITION LOG: JSON rows {"id": i}, 100 every 0.1 s, so production spans the
# outage; kcat buffers and retries while the broker is away (-E: "all brokers down" is no reason to
# quit). Runs in the foreground.
produce() {
  local i
  for ((i = $2; i <= $3; i++)); do
    echo "{\"id\": $i}"
    if ((i % 100 == 0)); then sleep 0.1; fi
  done | kcat -b "$B" -P -E -t "$1" -p "$4" -X message.timeout.ms=120000 2>"$5"
}
lines() { grep -c "$2" "$1" 2>/dev/null || true; }
# waitUntil SECONDS COMMAND...: until the command succeeds
waitUntil() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.3
  done
}
atLeast() { [ "$(lines "$1" "$2")" -ge "$3" ]; }
alive() { kill -0 "$1" 2>/dev/null; }

# --- A. source -> print across a SIGKILL of the broker
topic=ra_$run
kafka create-topic "$topic" 2 >/dev/null
cat >"$tmp/a.sql" <<EOF
CREATE TABLE src (
  id BIGINT,
  p INT METADATA FROM 'partition' VIRTUAL,
  o BIGINT METADATA FROM 'offset' VIRTUAL
) WITH ('connector' = 'kafka', 'topic' = '$topic', 'properties.bootstrap.servers' = '$B',
        'format' = 'json', 'scan.startup.mode' = 'earliest-offset',
        'scan.topic-partition-discovery.interval' = '1 s', 'properties.default.api.timeout.ms' = '3000');
CREATE TABLE out_print (p INT, o BIGINT, id BIGINT) WITH ('connector' = 'print');
INSERT INTO out_print SELECT p, o, id FROM src;
EOF
"$sluice" run "$tmp/a.sql" >"$tmp/a.out" 2>"$tmp/a.err" &
job=$!
pids+=("$job")
produce "$topic" 1 12000 -1 "$tmp/a.kcat" &
producer=$!
pids+=("$producer")
waitUntil 60 atLeast "$tmp/a.out" '^+I\[' 2000 || fail "A: the job printed too few rows before the kill: $(cat "$tmp/a.err")"
kafka kill
down=$SECONDS

# While it is down: a new job fails after its timeout, naming the bootstrap servers.
cat >"$tmp/down.sql" <<EOF
CREATE TABLE d (id BIGINT) WITH ('connector' = 'kafka', 'topic' = '$topic', 'properties.bootstrap.servers' = '$B',
  'format' = 'json', 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
  'properties.default.api.timeout.ms' = '3000');
SELECT * FROM d;
EOF
if out=$(timeout 60 "$sluice" run "$tmp/down.sql" 2>&1); then fail "A: a job against the stopped broker succeeded: $out"; fi
[[ $out == *"'$B'"* && $out == *"after 3000 ms"* ]] || fail "A: the unreachable-broker error does not name $B: $out"

sleep $((5 - (SECONDS - down) > 0 ? 5 - (SECONDS - down) : 0))
alive "$job" || fail "A: the job died while the broker was down: $(cat "$tmp/a.err")"
kafka start
wait "$producer" || fail "A: kcat could not deliver every row: $(tail -5 "$tmp/a.kcat")"
total=$(kcat -b "$B" -C -t "$topic" -e -q | wc -l)
[ "$total" -ge 12000 ] || fail "A: the topic holds $total records, want at least 12000"
waitUntil 90 atLeast "$tmp/a.out" '^+I\[' "$total" || true
sleep 1 # a late duplicate would show up now
alive "$job" || fail "A: the job ended on its own: $(cat "$tmp/a.err")"
kill -INT "$job"
wait "$job" || true
sed -n 's/^+I\[\(.*\), \(.*\), \(.*\)\]$/\1 \2 \3/p' "$tmp/a.out" | sort >"$tmp/a.got"
kcat -b "$B" -C -t "$topic" -e -q -f '%p %o %s\n' | sed 's/{"id": \([0-9]*\)}/\1/' | sort >"$tmp/a.want"
if ! cmp -s "$tmp/a.got" "$tmp/a.want"; then
  echo "printed $(wc -l <"$tmp/a.got") rows, $(sort -u "$tmp/a.got" | wc -l) distinct; the topic holds $total"
  diff "$tmp/a.want" "$tmp/a.got" | head -20
  fail "A: the printed rows are not exactly the topic's records"
fi
[ "$(cut -d' ' -f3 "$tmp/a.got" | sort -un | wc -l)" = 12000 ] || fail "A: not every produced id was read"
grep -q "partition discovery failed, retrying in 1000 ms" "$tmp/a.err" ||
  fail "A: no failed discovery was logged during the outage: $(cat "$tmp/a.err")"
echo "ok: A, source -> print across a SIGKILL of the broker: $total records, each printed once"

# --- B. source (bounded at an offset still to come) -> kafka sinks across a graceful broker restart
topic=rb_$run
n=6000
kafka create-topic "$topic" 1 >/dev/null
cat >"$tmp/b.sql" <<EOF
CREATE TABLE src (id BIGINT) WITH ('connector' = 'kafka', 'topic' = '$topic', 'properties.bootstrap.servers' = '$B',
  'format' = 'json', 'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'specific-offsets', 'scan.bounded.specific-offsets' = 'partition:0,offset:$n');
CREATE TABLE eos (id BIGINT) WITH ('connector' = 'kafka', 'topic' = '${topic}_eos', 'properties.bootstrap.servers' = '$B',
  'format' = 'json', 'sink.delivery-guarantee' = 'exactly-once', 'sink.transactional-id-prefix' = 'rb-$run');
CREATE TABLE alo (id BIGINT) WITH ('connector' = 'kafka', 'topic' = '${topic}_alo', 'properties.bootstrap.servers' = '$B',
  'format' = 'json', 'sink.delivery-guarantee' = 'at-least-once');
INSERT INTO eos SELECT id FROM src;
INSERT INTO alo SELECT id FROM src;
EOF
timeout 150 "$sluice" run "$tmp/b.sql" >"$tmp/b.out" 2>&1 &
job=$!
pids+=("$job")
produce "$topic" 1 $n 0 "$tmp/b.kcat" &
producer=$!
pids+=("$producer")
aloAtLeast() { [ "$(kcat -b "$B" -C -t "${topic}_alo" -e -q 2>/dev/null | wc -l)" -ge "$1" ]; }
waitUntil 60 aloAtLeast 1000 || fail "B: too few rows written before the restart: $(cat "$tmp/b.out")"
kafka stop --keep-data
sleep 3
alive "$job" || fail "B: the job died while the broker was down: $(cat "$tmp/b.out")"
kafka start
wait "$producer" || fail "B: kcat could not deliver every row: $(tail -5 "$tmp/b.kcat")"
wait "$job" || fail "B: the job failed: $(cat "$tmp/b.out")"
ids() { kcat -b "$B" -C -t "$1" -e -q -X isolation.level=read_committed "${@:2}" | sed 's/[^0-9]//g' | sort -n; }
ids "$topic" -c $n >"$tmp/b.want"
[ "$(wc -l <"$tmp/b.want")" = $n ] || fail "B: the input holds fewer than $n records"
for sink in eos alo; do
  ids "${topic}_$sink" >"$tmp/b.$sink"
  cmp -s "$tmp/b.want" "$tmp/b.$sink" ||
    fail "B: $sink: $(wc -l <"$tmp/b.$sink") rows ($(sort -u "$tmp/b.$sink" | wc -l) distinct), want the input's $n: $(diff "$tmp/b.want" "$tmp/b.$sink" | head -5)"
done
echo "ok: B, bounded source -> exactly-once and at-least-once kafka sinks across a broker restart: $n rows each, once"

echo "kafka restart tests passed"
