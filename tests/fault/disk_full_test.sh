#!/usr/bin/env bash
# disk_full_test.sh — the real server on a "full disk": writes answer 503, reads work.
#
# usage: disk_full_test.sh PCCC_BINARY
#
# The disk fills up through RLIMIT_FSIZE (ulimit -f, SIGXFSZ ignored): the
# server may not grow a file past 200 kB, so the WAL (emptied first) soon
# cannot grow and SQLite's writes fail (EFBIG, as with ENOSPC on a full
# disk). Works as root too, unlike chmod. Checks:
# account creation keeps answering 201 until the first write that does not
# fit, which answers 503 problem+json "storage-unavailable" with
# Retry-After, and so do later writes; reads (list, get, /healthz, who am I)
# keep answering 200; after a restart without the limit every acknowledged
# account is there, none of the refused ones, integrity_check is ok and the
# audit chain verifies; writes work again.
set -u
PCCC=$1
W=$(mktemp -d "${TMPDIR:-/tmp}/pccc-full.XXXXXX")
DB=$W/full.sqlite
SERVER_PID=
FAILS=0
CHECKS=0
cleanup() {
    [ -n "$SERVER_PID" ] && kill -KILL "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT
for tool in curl jq sqlite3; do
    command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
check() { CHECKS=$((CHECKS + 1)); eval "$1" || { echo "FAIL: $2"; FAILS=$((FAILS + 1)); }; }

start_server() { # start_server [ULIMIT_KB]
    : >"$W/serve.log"
    (
        trap '' XFSZ
        [ -n "${1-}" ] && ulimit -f "$1"
        exec "$PCCC" serve --db "$DB" --port 0 --threads 2
    ) 2>"$W/serve.log" &
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
req() { # req METHOD PATH TOKEN [BODY] -> STATUS, BODY, HDRS
    local args=(-s -o "$W/body" -D "$W/hdrs" -w '%{http_code}' -X "$1" --max-time 20)
    [ -n "$3" ] && args+=(-H "Authorization: Bearer $3")
    [ -n "${4-}" ] && args+=(-H "Content-Type: application/json" --data-binary "$4")
    STATUS=$(curl "${args[@]}" "$BASE$2")
    BODY=$(cat "$W/body")
    HDRS=$(cat "$W/hdrs")
}

printf 'first admin password\n' >"$W/pw"
"$PCCC" --quiet user add --db "$DB" --create --username admin --role city_admin --password-file "$W/pw" >/dev/null ||
    { echo "FAIL: user add"; exit 1; }
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
# RLIMIT_FSIZE caps each file's size, not the total: with the WAL empty,
# 200 kB lets it take a handful of accounts, then it is "full"
LIMIT_KB=200
start_server "$LIMIT_KB"
req POST /api/v1/session "" '{"username":"admin","password":"first admin password"}'
check '[ "$STATUS" = 201 ]' "login before the disk fills ($STATUS $BODY)"
TOKEN=$(jq -r .token <<<"$BODY")
: >"$W/acked"; : >"$W/refused"
FIRST_503=
for i in $(seq 60); do
    req POST /api/v1/users "$TOKEN" \
        "{\"username\":\"user$i\",\"password\":\"password of user$i\",\"role\":\"dispatcher\",\"admin_unit_id\":null,\"display_name\":\"$(head -c 120 /dev/zero | tr '\0' x)\"}"
    case $STATUS in
    201) echo "user$i" >>"$W/acked" ;;
    503) echo "user$i" >>"$W/refused"; [ -z "$FIRST_503" ] && FIRST_503=$i && FIRST_BODY=$BODY && FIRST_HDRS=$HDRS ;;
    *) echo "FAIL: u$i: unexpected $STATUS $BODY"; FAILS=$((FAILS + 1)); break ;;
    esac
    [ -n "$FIRST_503" ] && [ $((i - FIRST_503)) -ge 3 ] && break
done
N_ACKED=$(wc -l <"$W/acked")
check '[ -n "$FIRST_503" ]' "the disk never filled up (limit $LIMIT_KB kB)"
check '[ "$N_ACKED" -ge 1 ]' "no write succeeded before the disk filled"
check '[ "$(jq -r .type <<<"${FIRST_BODY:-{\}}")" = https://pccc.hanoi/problems/storage-unavailable ]' \
    "503 problem type: ${FIRST_BODY:-none}"
check 'grep -qi "^Content-Type: application/problem+json" <<<"${FIRST_HDRS:-}"' "503 is problem+json"
check 'grep -qi "^Retry-After: [1-9]" <<<"${FIRST_HDRS:-}"' "503 carries Retry-After"
check 'jq -r .detail <<<"${FIRST_BODY:-{\}}" | grep -q "disk full"' "503 detail says why"
# (a smaller write may still fit in what is left of the WAL: no check on that)
# reads keep working
req GET /healthz ""; check '[ "$STATUS" = 200 ]' "healthz on a full disk: $STATUS"
req GET /api/v1/session "$TOKEN"; check '[ "$STATUS" = 200 ]' "who am I on a full disk: $STATUS"
req GET "/api/v1/users?limit=200" "$TOKEN"
check '[ "$STATUS" = 200 ] && [ "$(jq .total <<<"$BODY")" = $((N_ACKED + 1)) ]' \
    "list on a full disk: $STATUS, total $(jq .total <<<"$BODY" 2>/dev/null), want $((N_ACKED + 1))"
req GET /api/v1/users/2 "$TOKEN"; check '[ "$STATUS" = 200 ]' "get on a full disk: $STATUS"
check 'kill -0 $SERVER_PID' "server still running on a full disk"
kill -TERM "$SERVER_PID"; wait "$SERVER_PID"; SERVER_PID=

# room again: everything acknowledged is there, nothing refused
check '[ "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok ]' "integrity_check after the full disk"
check '"$PCCC" --quiet audit verify --db "$DB" >/dev/null' "audit chain after the full disk"
while read -r u; do
    check '[ "$(sqlite3 "$DB" "SELECT count(*) FROM account WHERE username='"'$u'"'")" = 1 ]' "acknowledged $u missing"
done <"$W/acked"
while read -r u; do
    check '[ "$(sqlite3 "$DB" "SELECT count(*) FROM account WHERE username='"'$u'"'")" = 0 ]' "refused $u present"
done <"$W/refused"
start_server
req POST /api/v1/users "$TOKEN" '{"username":"after","password":"password of after","role":"planner","admin_unit_id":null}'
check '[ "$STATUS" = 201 ]' "writes work again once there is room: $STATUS $BODY"
kill -TERM "$SERVER_PID"; wait "$SERVER_PID"; SERVER_PID=
echo "disk-full test: $N_ACKED writes acknowledged before the disk filled, $(wc -l <"$W/refused") refused with 503; $CHECKS checks, $FAILS failures"
[ "$FAILS" = 0 ]
