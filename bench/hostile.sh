#!/usr/bin/env bash
# hostile.sh — slow and hostile clients against the real server on loopback,
# /healthz p99 measured throughout (goal < 50 ms). Figures: docs/RELIABILITY.md.
#
# usage: bench/hostile.sh PCCC_BINARY [DB] [SECONDS_PER_PHASE] [SERVE_OPTIONS...]
#   DB: an existing database ("" or absent: a fresh one with one account);
#   SERVE_OPTIONS: e.g. --max-connections 1024 (the default before 8000,
#   which 2000 idle connections from many addresses exhausted).
# The server runs with its defaults (8000 connections, 64 per IP, 15 s idle
# timeout, 10 s deadline, 1 MiB bodies); bench/hostile.py does the attacking.
set -u
PCCC=$1
W=$(mktemp -d "${TMPDIR:-/tmp}/pccc-hostile.XXXXXX")
DB=${2:-$W/h.sqlite}
[ -n "$DB" ] || DB=$W/h.sqlite
SECS=${3:-10}
trap '[ -n "${PID-}" ] && kill -TERM $PID 2>/dev/null; wait 2>/dev/null; rm -rf "$W"' EXIT
if [ ! -f "$DB" ]; then
    printf 'first admin password\n' >"$W/pw"
    "$PCCC" --quiet user add --db "$DB" --create --username admin --role city_admin --password-file "$W/pw" >/dev/null
fi
ulimit -n 65536 2>/dev/null || ulimit -n 8192
"$PCCC" serve --db "$DB" --port 0 "${@:4}" 2>"$W/serve.log" &
PID=$!
for _ in $(seq 100); do
    PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$W/serve.log" | grep -o '[0-9]*$')
    [ -n "$PORT" ] && break
    sleep 0.05
done
echo "pccc serve ${*:4} on port $PORT, $(nproc) cores; RSS $(ps -o rss= -p $PID) kB"
python3 "$(dirname "$0")/hostile.py" "$PORT" --seconds "$SECS"
RC=$?
echo "server RSS after the attacks: $(ps -o rss= -p $PID) kB; still alive: $(kill -0 $PID 2>/dev/null && echo yes || echo NO)"
exit $RC
