#!/usr/bin/env bash
# The command line itself: --version, --help, exit codes for usage errors and missing files.
set -euo pipefail
sluice=$1
fail() { echo "FAIL: $*"; exit 1; }

[ "$("$sluice" --version)" = "sluice 0.1.0" ] || fail "--version"
"$sluice" --help | grep -q "sluice run job.sql" || fail "--help has no examples"

"$sluice" shell --help | grep -q -- "--init" || fail "sluice shell --help has no -i"

status=0; "$sluice" run /nonexistent/job.sql 2>/dev/null || status=$?
[ "$status" -eq 1 ] || fail "run of a missing file exited $status, expected 1"

status=0; "$sluice" run -D novalue /dev/null 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "-D without '=' exited $status, expected 2"

status=0; "$sluice" 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "no subcommand exited $status, expected 2"
exit 0
