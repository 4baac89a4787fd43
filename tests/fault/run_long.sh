#!/usr/bin/env bash
# run_long.sh — the long fault runs (not in ctest): 100 SIGKILLs of the real
# server under write load, 10,000 simulated power losses, the disk-full and
# backup tests, and the allocation-failure test in both modes.
#
# usage: tests/fault/run_long.sh BUILD_DIR [KILLS] [POWER_LOSSES]
#   (defaults 100 and 10000; figures go to docs/RELIABILITY.md)
set -u
B=${1:?usage: run_long.sh BUILD_DIR [KILLS] [POWER_LOSSES]}
KILLS=${2:-100}
PL=${3:-10000}
HERE=$(cd "$(dirname "$0")" && pwd)
rc=0
echo "== $KILLS SIGKILLs under write load"
bash "$HERE/kill_test.sh" "$B/app/pccc" "$KILLS" || rc=1
echo "== $PL power losses"
"$B/tests/fault/test_power_loss" --wal $((PL * 45 / 100)) --geo $((PL * 30 / 100)) --delete $((PL * 25 / 100)) \
    --normal $((PL / 10)) || rc=1
echo "== allocation failures"
"$B/tests/fault/test_alloc_fail" --known plan-incomplete || rc=1
echo "== disk full"
bash "$HERE/disk_full_test.sh" "$B/app/pccc" || rc=1
echo "== backups under load"
bash "$HERE/backup_test.sh" "$B/app/pccc" 10 || rc=1
exit $rc
