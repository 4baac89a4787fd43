#!/usr/bin/env bash
# run_long.sh — long libFuzzer runs of every harness, one after the other.
#
# usage: tests/fuzz/run_long.sh BUILD_DIR [SECONDS_PER_HARNESS] [JOBS] [NAME...]
#   (default 600 s each, 1 job, every harness). Needs a build configured with
#   PCCC_FUZZ=ON. Each harness gets the libFuzzer options CMake wrote to
#   fuzz_NAME.args (ARGS and LONG_ARGS of pccc_fuzzer in CMakeLists.txt) and
#   the LeakSanitizer suppressions of lsan.supp.
# The working corpus grows in BUILD_DIR/tests/fuzz/work/<name>; crashes go
# to BUILD_DIR/tests/fuzz/crash-* (leak-*, oom-*, timeout-*). Prints
# executions and crashes per harness; exits non-zero if any harness crashed.
# The OSM harnesses run in fork mode (JOBS processes). Merge useful new inputs into the seed
# corpus with: fuzz_NAME -merge=1 tests/fuzz/corpus/NAME WORK_DIR
set -u
B=$(cd "${1:?usage: run_long.sh BUILD_DIR [SECONDS] [JOBS] [NAME...]}" && pwd)
T=${2:-600}
J=${3:-1}
shift $(($# < 3 ? $# : 3))
SRC=$(cd "$(dirname "$0")" && pwd)
export LSAN_OPTIONS="suppressions=$SRC/lsan.supp:print_suppressions=0"
bad=0
for f in "$B"/tests/fuzz/fuzz_*; do
    if [ ! -f "$f" ] || [ ! -x "$f" ]; then
        continue
    fi
    n=${f##*/fuzz_}
    if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$n"; then
        continue
    fi
    args=$(cat "$f.args" 2>/dev/null || true)
    par="-jobs=$J -workers=$J"
    case " $args " in *" -fork="*) par="" args=${args//-fork=1/-fork=$J} ;; esac
    mkdir -p "$B/tests/fuzz/work/$n"
    log=$B/tests/fuzz/long-$n.log
    rm -f "$B"/tests/fuzz/fuzz-*.log
    # in the build tree: -jobs writes its fuzz-N.log files to the current directory
    # shellcheck disable=SC2086 # args and par are lists of options
    (cd "$B/tests/fuzz" && exec "$f" -max_total_time="$T" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
        $par $args -artifact_prefix="$B/tests/fuzz/" "$B/tests/fuzz/work/$n" "$SRC/corpus/$n") >"$log" 2>&1
    rc=$?
    # with -jobs each job's totals are in its fuzz-N.log (and echoed into the log: count them once)
    execs=$(cat "$B"/tests/fuzz/fuzz-*.log 2>/dev/null | grep -h 'stat::number_of_executed_units' | awk '{s += $2} END {print s + 0}')
    if [ "$execs" = 0 ]; then
        execs=$(grep -h 'stat::number_of_executed_units' "$log" | awk '{s += $2} END {print s + 0}')
    fi
    note="0 crashes"
    if grep -q 'oom/timeout/crash:' "$log"; then # fork mode: the last status line has the totals
        last=$(grep -h 'oom/timeout/crash:' "$log" | tail -1)
        execs=$(printf '%s\n' "$last" | sed -n 's/^#\([0-9]*\):.*/\1/p')
        otc=$(printf '%s\n' "$last" | sed -n 's#.*oom/timeout/crash: \([0-9/]*\).*#\1#p')
        if [ "$otc" = "0/0/0" ]; then
            note="0 crashes (fork mode)"
        else
            note="oom/timeout/crash $otc (artifacts in $B/tests/fuzz/)"
            rc=1
        fi
    elif [ $rc != 0 ]; then
        note="CRASH (see $log)"
    fi
    printf '%-10s %5s s  %12s executions  %s\n' "$n" "$T" "$execs" "$note"
    [ $rc = 0 ] || bad=1
done
exit $bad
