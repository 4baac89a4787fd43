#!/usr/bin/env bash
# backup_test.sh — `pccc backup` while the server takes writes, then restore.
#
# usage: backup_test.sh PCCC_BINARY [BACKUPS]     (default 3)
#
# Two writers rename accounts and create new ones against the real server
# while `pccc backup` copies the live file BACKUPS times. Each copy must:
# pass integrity_check; pass `pccc audit verify`; be one consistent moment
# (every account has its user.add audit row and every rename its
# user.update row: no transaction cut in half); hold every account whose
# creation was acknowledged before the backup started, and no more than the
# live file held after it ended. Then the last copy is restored (the server
# stopped, the copy put in place of the file) and served: login, the
# account count over HTTP equals the copy's, and writes work.
set -u
PCCC=$1
BACKUPS=${2:-3}
W=$(mktemp -d "${TMPDIR:-/tmp}/pccc-backup.XXXXXX")
DB=$W/live.sqlite
SERVER_PID=
FAILS=0
CHECKS=0
cleanup() {
    [ -n "$SERVER_PID" ] && kill -KILL "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    [ -f "$W/stop" ] || touch "$W/stop"
    wait 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT
for tool in curl jq sqlite3; do
    command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
check() { CHECKS=$((CHECKS + 1)); eval "$1" || { echo "FAIL: $2"; FAILS=$((FAILS + 1)); }; }
q() { sqlite3 "$1" "$2" 2>&1; }

start_server() {
    : >"$W/serve.log"
    "$PCCC" serve --db "$DB" --port 0 --threads 4 2>"$W/serve.log" &
    SERVER_PID=$!
    PORT=
    for _ in $(seq 100); do
        PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$W/serve.log" | grep -o '[0-9]*$')
        [ -n "$PORT" ] && break
        sleep 0.05
    done
    [ -n "$PORT" ] || { echo "FAIL: server did not start"; cat "$W/serve.log"; exit 1; }
    BASE=http://127.0.0.1:$PORT
}
post() { # post METHOD PATH BODY OUTFILE -> status
    curl -s -o "$4" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' --data-binary "$3" --max-time 20 "$BASE$2"
}
writer() { # renames (cheap) and creations (PBKDF2) until $W/stop exists
    local w=$1 i=0 st
    while [ ! -f "$W/stop" ]; do
        i=$((i + 1))
        if [ $((i % 5)) = 0 ]; then
            st=$(post POST /api/v1/users "{\"username\":\"b${w}n$i\",\"password\":\"password of b\",\"role\":\"planner\",\"admin_unit_id\":null}" "$W/wb.$w")
            [ "$st" = 201 ] && echo "b${w}n$i $(date +%s.%N)" >>"$W/created.$w"
        else
            post PATCH /api/v1/users/1 "{\"display_name\":\"w$w-$i\"}" "$W/wb.$w" >/dev/null
        fi
    done
}

printf 'first admin password\n' >"$W/pw"
"$PCCC" --quiet user add --db "$DB" --create --username admin --role city_admin --password-file "$W/pw" >/dev/null ||
    { echo "FAIL: user add"; exit 1; }
start_server
TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' \
    --data-binary '{"username":"admin","password":"first admin password"}' "$BASE/api/v1/session" | jq -r .token)
writer 1 & W1=$!
writer 2 & W2=$!
sleep 1
for b in $(seq "$BACKUPS"); do
    T_START=$(date +%s.%N)
    OUT=$W/copy$b.sqlite
    T0=$(date +%s%N)
    MSG=$("$PCCC" --quiet backup --db "$DB" --out "$OUT" 2>&1); RC=$?
    T1=$(date +%s%N)
    LIVE_AFTER=$(q "$DB" "SELECT count(*) FROM account")
    check '[ $RC = 0 ]' "backup $b failed: $MSG"
    [ $RC = 0 ] || continue
    echo "backup $b: $(( (T1 - T0) / 1000000 )) ms, $(stat -c %s "$OUT") bytes, under load"
    check '[ "$(q "$OUT" "PRAGMA integrity_check")" = ok ]' "copy $b: integrity_check"
    check '"$PCCC" --quiet audit verify --db "$OUT" >/dev/null' "copy $b: audit verify"
    N=$(q "$OUT" "SELECT count(*) FROM account")
    check '[ "$(q "$OUT" "SELECT count(*) FROM audit_log WHERE action='"'user.add'"'")" = "$N" ]' \
        "copy $b: accounts and user.add audit rows differ (a cut transaction)"
    BEFORE=$(cat "$W"/created.* 2>/dev/null | awk -v t="$T_START" '$2 < t' | wc -l)
    check '[ "$N" -ge $((BEFORE + 1)) ] && [ "$N" -le "$LIVE_AFTER" ]' \
        "copy $b: $N accounts; acknowledged before the backup $((BEFORE + 1)), live after $LIVE_AFTER"
    MISSING=0
    while read -r u t; do
        awk -v t="$t" -v s="$T_START" 'BEGIN {exit !(t < s)}' || continue
        [ "$(q "$OUT" "SELECT count(*) FROM account WHERE username='$u'")" = 1 ] || MISSING=$((MISSING + 1))
    done < <(cat "$W"/created.* 2>/dev/null)
    check '[ $MISSING = 0 ]' "copy $b: $MISSING accounts acknowledged before the backup are missing"
    sleep 0.5
done
touch "$W/stop"
wait "$W1" "$W2" 2>/dev/null
kill -TERM "$SERVER_PID"; wait "$SERVER_PID"; SERVER_PID=

# restore the last copy and serve it
LAST=$W/copy$BACKUPS.sqlite
rm -f "$DB" "$DB-wal" "$DB-shm"
cp "$LAST" "$DB"
WANT=$(q "$DB" "SELECT count(*) FROM account")
start_server
TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' \
    --data-binary '{"username":"admin","password":"first admin password"}' "$BASE/api/v1/session" | jq -r .token)
check '[ -n "$TOKEN" ] && [ "$TOKEN" != null ]' "login on the restored copy"
TOTAL=$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/users?limit=1" | jq .total)
check '[ "$TOTAL" = "$WANT" ]' "restored copy serves $TOTAL accounts, the copy holds $WANT"
ST=$(post POST /api/v1/users '{"username":"after.restore","password":"password of r","role":"planner","admin_unit_id":null}' "$W/r")
check '[ "$ST" = 201 ]' "a write on the restored copy: $ST"
kill -TERM "$SERVER_PID"; wait "$SERVER_PID"; SERVER_PID=
check '"$PCCC" --quiet audit verify --db "$DB" >/dev/null' "audit verify after writing to the restored copy"
echo "backup test: $BACKUPS backups under a write load, restored and served ($WANT accounts); $CHECKS checks, $FAILS failures"
[ "$FAILS" = 0 ]
