#!/usr/bin/env bash
# Demo-city generator: wall time and database size per scale.
# usage: bench/bench_demo.sh [BUILD_DIR] [SCALES...]   (default: build 10 100 1000)
# Prints one line per scale: buildings, seconds, MB, buildings/s.
set -euo pipefail
build="${1:-build}"
shift || true
scales=("$@")
[ ${#scales[@]} -gt 0 ] || scales=(10 100 1000)
pccc="$build/app/pccc"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/pccc-bench-demo.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
printf "%-8s %12s %10s %10s %12s\n" scale buildings seconds MB buildings/s
for s in "${scales[@]}"; do
  db="$tmp/demo-$s.sqlite"
  t0=$(date +%s.%N)
  out=$("$pccc" --quiet demo --db "$db" --scale "$s" --quiet)
  t1=$(date +%s.%N)
  n=$(echo "$out" | sed -E 's/.*"buildings":([0-9]+).*/\1/')
  mb=$(du -m "$db" | cut -f1)
  awk -v s="$s" -v n="$n" -v a="$t0" -v b="$t1" -v mb="$mb" \
    'BEGIN { printf "%-8s %12d %10.1f %10d %12.0f\n", s, n, b - a, mb, n / (b - a) }'
  rm -f "$db" "$db-wal" "$db-shm"
done
