#!/usr/bin/env bash
# run_long.sh — long libFuzzer runs of every harness, one after the other.
#
# usage: tests/fuzz/run_long.sh BUILD_DIR [SECONDS_PER_HARNESS] [JOBS]
#   (default 600 s each, 1 job). Needs a build configured with PCCC_FUZZ=ON.
# The working corpus grows in BUILD_DIR/tests/fuzz/work/<name>; crashes go
# to BUILD_DIR/tests/fuzz/crash-*. Prints executions and crashes per harness;
# exits non-zero if any harness crashed. Merge useful new inputs into the
# seed corpus with: fuzz_NAME -merge=1 tests/fuzz/corpus/NAME WORK_DIR
set -u
B=${1:?usage: run_long.sh BUILD_DIR [SECONDS] [JOBS]}
T=${2:-600}
J=${3:-1}
SRC=$(cd "$(dirname "$0")" && pwd)
bad=0
for f in "$B"/tests/fuzz/fuzz_*; do
    [ -x "$f" ] || continue
    n=${f##*/fuzz_}
    mkdir -p "$B/tests/fuzz/work/$n"
    log=$B/tests/fuzz/long-$n.log
    "$f" -max_total_time="$T" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 -jobs="$J" -workers="$J" \
        -artifact_prefix="$B/tests/fuzz/" "$B/tests/fuzz/work/$n" "$SRC/corpus/$n" >"$log" 2>&1
    rc=$?
    execs=$(grep -h 'stat::number_of_executed_units' "$log" "$B"/tests/fuzz/fuzz-*.log 2>/dev/null | awk '{s += $2} END {print s + 0}')
    printf '%-10s %5s s  %12s executions  %s\n' "$n" "$T" "$execs" "$([ $rc = 0 ] && echo "0 crashes" || echo "CRASH (see $log)")"
    [ $rc = 0 ] || bad=1
done
exit $bad
