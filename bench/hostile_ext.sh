#!/usr/bin/env bash
# hostile_ext.sh — bench/hostile.sh's attacks, with /healthz measured both by
# hostile.py's in-process probe and by a probe in a process of its own
# (bench/hostile_probe.py: hostile.py's probe thread waits for the GIL behind
# the attacker's threads). Figures: docs/RELIABILITY.md §6.
#
# usage: bench/hostile_ext.sh PCCC_BINARY [DB] [SECONDS_PER_PHASE] [SERVE_OPTIONS...]
#   as bench/hostile.sh (DB "" or absent: a fresh one with one account).
# PCCC_SERVER_CPUS / PCCC_ATTACK_CPUS (taskset -c lists) pin the server and the
# attacker apart, so that the attacker does not simply take the server's CPU
# (on this 2-core VM: server and probe on 0, attacker on 1); the probe goes
# with the server (PCCC_PROBE_CPUS, default PCCC_SERVER_CPUS).
# PCCC_CONTROL=1 also starts a second server that nobody attacks and probes it
# at the same time (the machine's own share of the latency), and the report
# ends with the CPU seconds each server used.
set -u
PCCC=$1
W=$(mktemp -d "${TMPDIR:-/tmp}/pccc-hostile.XXXXXX")
DB=${2:-$W/h.sqlite}
[ -n "$DB" ] || DB=$W/h.sqlite
SECS=${3:-10}
trap '[ -n "${PID-}" ] && kill -TERM $PID 2>/dev/null; [ -n "${CPID-}" ] && kill -TERM $CPID 2>/dev/null
      wait 2>/dev/null; rm -rf "$W"' EXIT
if [ ! -f "$DB" ]; then
    printf 'first admin password\n' >"$W/pw"
    "$PCCC" --quiet user add --db "$DB" --create --username admin --role city_admin --password-file "$W/pw" >/dev/null
fi
ulimit -n 65536 2>/dev/null || ulimit -n 8192
SRV_PIN=() ATK_PIN=()
[ -n "${PCCC_SERVER_CPUS-}" ] && SRV_PIN=(taskset -c "$PCCC_SERVER_CPUS")
[ -n "${PCCC_ATTACK_CPUS-}" ] && ATK_PIN=(taskset -c "$PCCC_ATTACK_CPUS")
export PCCC_PROBE_CPUS=${PCCC_PROBE_CPUS-${PCCC_SERVER_CPUS-}}
"${SRV_PIN[@]}" "$PCCC" serve --db "$DB" --port 0 "${@:4}" 2>"$W/serve.log" &
PID=$!
for _ in $(seq 100); do
    PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$W/serve.log" | grep -o '[0-9]*$')
    [ -n "$PORT" ] && break
    sleep 0.05
done
CONTROL=()
if [ "${PCCC_CONTROL-0}" = 1 ]; then
    printf 'first admin password\n' >"$W/cpw"
    "$PCCC" --quiet user add --db "$W/control.sqlite" --create --username admin --role city_admin \
        --password-file "$W/cpw" >/dev/null
    "${SRV_PIN[@]}" "$PCCC" serve --db "$W/control.sqlite" --port 0 "${@:4}" 2>"$W/control.log" &
    CPID=$!
    for _ in $(seq 100); do
        CPORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$W/control.log" | grep -o '[0-9]*$')
        [ -n "$CPORT" ] && break
        sleep 0.05
    done
    CONTROL=(--control-port "$CPORT")
fi
cpu_s() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat"; }
CPU0=$(cpu_s $PID)
[ -n "${CPID-}" ] && CCPU0=$(cpu_s $CPID)
echo "pccc serve ${*:4} on port $PORT, $(nproc) cores; RSS $(ps -o rss= -p $PID) kB; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "in-process probe (hostile.py):"
echo "pinned: server ${PCCC_SERVER_CPUS-no}, attacker ${PCCC_ATTACK_CPUS-no}, probe ${PCCC_PROBE_CPUS:-no}"
"${ATK_PIN[@]}" python3 "$(dirname "$0")/hostile_ext.py" "$PORT" --seconds "$SECS" "${CONTROL[@]}"
RC=$?
echo "server RSS after the attacks: $(ps -o rss= -p $PID) kB; still alive: $(kill -0 $PID 2>/dev/null && echo yes || echo NO)"
echo "CPU used during the run: attacked server $(echo "$(cpu_s $PID) - $CPU0" | bc) s${CPID:+, control server $(echo "$(cpu_s $CPID) - $CCPU0" | bc) s}; load $(cut -d' ' -f1-3 /proc/loadavg)"
exit $RC
