#!/usr/bin/env bash
# soak.sh — mixed load with wrk at 200 connections on a demo city; figures in
# docs/RELIABILITY.md: throughput, p50/p99, errors (goal 0), RSS at start and end
# (goal: growth under 5% over 30 minutes).
#
# usage: bench/soak.sh PCCC_BINARY DB SECONDS [CONNECTIONS] [WRK_THREADS]
#   DB: a demo city (pccc demo --db DB --scale N); an account "soak" is added.
#   Short run: bench/soak.sh build/app/pccc demo100.sqlite 180
#   Long soak: bench/soak.sh build/app/pccc demo2000.sqlite 1800
# Traffic (bench/soak.lua): response plans by position (35%), geocoding
# (10%), incident lists (15%), incident creation (10%, a write), units (10%),
# base-map hydrants in a box (10%), who-am-I (5%), /healthz (5%).
# The server runs with --max-per-ip above CONNECTIONS (wrk is one address).
set -u
PCCC=$1
DB=$2
SECS=$3
CONNS=${4:-200}
THREADS=${5:-2}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 77; }
W=$(mktemp -d "${TMPDIR:-/tmp}/pccc-soak.XXXXXX")
trap '[ -n "${PID-}" ] && kill -TERM $PID 2>/dev/null; wait 2>/dev/null; rm -rf "$W"' EXIT
printf 'soak test password\n' >"$W/pw"
"$PCCC" --quiet user add --db "$DB" --username soak --role city_admin --password-file "$W/pw" >/dev/null 2>&1 || true
ulimit -n 65536 2>/dev/null || true
"$PCCC" serve --db "$DB" --port 0 --max-per-ip $((CONNS * 2)) --max-connections $((CONNS * 4)) 2>"$W/serve.log" &
PID=$!
for _ in $(seq 200); do
    PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$W/serve.log" | grep -o '[0-9]*$')
    [ -n "$PORT" ] && break
    sleep 0.05
done
[ -n "$PORT" ] || { echo "server did not start"; cat "$W/serve.log"; exit 1; }
BASE=http://127.0.0.1:$PORT
TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' \
    --data-binary '{"username":"soak","password":"soak test password"}' "$BASE/api/v1/session" | jq -r .token)
EXT=$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/map/extent")
read -r W_LON S_LAT E_LON N_LAT < <(jq -r '[.bbox // .extent // [.west,.south,.east,.north]] | flatten | map(tostring) | join(" ")' <<<"$EXT")
echo "extent: $W_LON $S_LAT $E_LON $N_LAT"
# the server answers at once but builds its route speed-up (contraction
# hierarchies, ~35 MB on the 2M city) in the background: wait for it, so
# that it is not counted as growth
for _ in $(seq 1200); do grep -q 'contraction hierarchies' "$W/serve.log" && break; sleep 0.5; done
grep -o 'contraction hierarchies.*' "$W/serve.log" || echo "(no contraction hierarchies logged)"
# warm-up: worker connections open, caches filled, then RSS at start
PCCC_TOKEN=$TOKEN BOX="$W_LON $S_LAT $E_LON $N_LAT" wrk -t"$THREADS" -c"$CONNS" -d10s -s "$(dirname "$0")/soak.lua" "$BASE" >/dev/null 2>&1
RSS0=$(ps -o rss= -p $PID | tr -d ' ')
INC0=$(sqlite3 "$DB" "SELECT count(*) FROM incident")
echo "RSS at start (after 10 s warm-up): $RSS0 kB"
(while kill -0 $PID 2>/dev/null; do ps -o rss= -p $PID | tr -d ' '; sleep 30; done >"$W/rss") &
SAMPLER=$!
PCCC_TOKEN=$TOKEN BOX="$W_LON $S_LAT $E_LON $N_LAT" wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --timeout 10s --latency \
    -s "$(dirname "$0")/soak.lua" "$BASE" | tee "$W/wrk.out"
kill $SAMPLER 2>/dev/null
RSS1=$(ps -o rss= -p $PID | tr -d ' ')
echo "RSS every 30 s (kB): $(tr '\n' ' ' <"$W/rss")"
INC1=$(sqlite3 "$DB" "SELECT count(*) FROM incident")
echo "RSS at end: $RSS1 kB ($(awk -v a="$RSS0" -v b="$RSS1" 'BEGIN {printf "%+.1f%%", (b - a) * 100 / a}'))"
echo "incidents written during the run: $((INC1 - INC0))"
echo "server alive: $(kill -0 $PID 2>/dev/null && echo yes || echo NO); integrity: $(sqlite3 "$DB" 'PRAGMA quick_check')"
grep -c 'http: .* took' "$W/serve.log" | xargs echo "requests over the deadline (log):"
