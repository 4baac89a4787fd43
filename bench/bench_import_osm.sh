#!/usr/bin/env bash
# OSM import: `pccc import-osm` beside SpatiaLite's own `spatialite_osm_net`
# (package spatialite-bin) on the same extract, each into a fresh database.
# usage: bench/bench_import_osm.sh [BUILD_DIR] [FILE.osm.pbf] [RUNS]
#   defaults: build ../shared/osm/hanoi-roads.osm.pbf 3
# Prints per run: seconds of each, the ratio, and what each wrote; then the
# best run of each (the machine is shared and noisy).
set -euo pipefail
build="${1:-build}"
osm="${2:-$(dirname "$0")/../../shared/osm/hanoi-roads.osm.pbf}"
runs="${3:-3}"
pccc="$build/app/pccc"
command -v spatialite_osm_net >/dev/null || { echo "spatialite_osm_net missing: apt-get install spatialite-bin" >&2; exit 1; }
[ -r "$osm" ] || { echo "no such extract: $osm" >&2; exit 1; }
tmp="$(mktemp -d "${TMPDIR:-/tmp}/pccc-bench-osm.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
best_p=999999; best_s=999999
printf "%-4s %10s %14s %8s   %s\n" run pccc_s osm_net_s ratio "written"
for r in $(seq 1 "$runs"); do
  rm -f "$tmp"/p.sqlite* "$tmp"/s.sqlite*
  # create the schema before the clock starts (importing /dev/null fails after
  # opening the store): both tools then time the import alone
  "$pccc" --quiet import-osm /dev/null --db "$tmp/p.sqlite" >/dev/null 2>&1 || true
  t0=$(now)
  out=$("$pccc" --quiet import-osm "$osm" --db "$tmp/p.sqlite" --quiet)
  t1=$(now)
  spatialite_osm_net -o "$osm" -d "$tmp/s.sqlite" -T roads >"$tmp/s.log" 2>&1
  t2=$(now)
  ways=$(echo "$out" | sed -E 's/.*"highway_ways":([0-9]+).*/\1/')
  edges=$(echo "$out" | sed -E 's/.*"road_edges":([0-9]+).*/\1/')
  nodes=$(echo "$out" | sed -E 's/.*"road_nodes":([0-9]+).*/\1/')
  arcs=$(sqlite3 "$tmp/s.sqlite" "SELECT count(*) FROM roads" 2>/dev/null || echo "?")
  awk -v r="$r" -v a="$t0" -v b="$t1" -v c="$t2" -v w="$ways" -v e="$edges" -v n="$nodes" -v s="$arcs" \
    'BEGIN { printf "%-4s %10.2f %14.2f %7.2fx   pccc: %s ways, %s edges, %s nodes; osm_net: %s arcs\n",
             r, b - a, c - b, (c - b) / (b - a), w, e, n, s }'
  best_p=$(awk -v x="$best_p" -v a="$t0" -v b="$t1" 'BEGIN { d = b - a; print (d < x ? d : x) }')
  best_s=$(awk -v x="$best_s" -v b="$t1" -v c="$t2" 'BEGIN { d = c - b; print (d < x ? d : x) }')
done
awk -v p="$best_p" -v s="$best_s" \
  'BEGIN { printf "best: pccc import-osm %.2f s, spatialite_osm_net %.2f s: pccc is %.2fx faster\n", p, s, s / p }'
