#!/usr/bin/env bash
# kill_test.sh — SIGKILL the real `pccc serve` under a write load, restart, check.
#
# usage: kill_test.sh PCCC_BINARY [KILLS [SEED]]     (default 10 kills)
#
# A cycle: start the server (port 0, read from its log), run WRITERS writer
# processes that issue writes (a weighted mix of the KINDS below) and log one
# record per write (its identity, the HTTP status; 000 when no reply came),
# SIGKILL the server after a random 0.3–2.5 s, let each writer stop at its
# first unanswered request (that one is "in flight": it may or may not have
# been applied), then with the server down check the file as the crash left
# it: PRAGMA integrity_check, `pccc audit verify`, and per kind: every
# acknowledged (2xx) write is present, every refused (4xx/5xx) one absent,
# an in-flight one present in full or not at all, and the audit log agrees
# with the data row for row (nothing half-applied). Then restart and check
# over HTTP what only the server can say (acknowledged logins still valid).
#
# Adding a write kind (incidents, unit status, inspections, citizen reports)
# is a few lines: a function w_KIND WRITER SEQ that issues one request and
# prints one record "KIND STATUS FIELDS...", a function c_KIND CYCLE that
# checks the cycle's records and calls bad() for each violation, and an entry
# "KIND:WEIGHT" in KINDS.
#
# Prints kills survived, acknowledged writes, in-flight writes found applied
# or not, and violations (must be 0).
set -u
PCCC=$1
KILLS=${2:-10}
SEED=${3:-$RANDOM}
WRITERS=${WRITERS:-3}
RANDOM=$SEED
W=$(mktemp -d "${TMPDIR:-/tmp}/pccc-kill.XXXXXX")
DB=$W/kill.sqlite
SERVER_PID=
BODYF=$W/body
VIOLATIONS=0
ACKED=0
INFLIGHT_APPLIED=0
INFLIGHT_NOT=0

cleanup() {
    [ -n "$SERVER_PID" ] && kill -KILL "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT
for tool in curl jq sqlite3; do
    command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done

bad() { echo "VIOLATION (cycle $CYCLE, seed $SEED): $*"; VIOLATIONS=$((VIOLATIONS + 1)); }
sql() { sqlite3 "$DB" "$@" 2>&1; }

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

# http METHOD PATH TOKEN [BODY] -> prints the status (000: no reply); body in $BODYF
http() {
    local args=(-s -o "$BODYF" -w '%{http_code}' -X "$1" --max-time 15)
    [ -n "$3" ] && args+=(-H "Authorization: Bearer $3")
    [ -n "${4-}" ] && args+=(-H "Content-Type: application/json" --data-binary "$4")
    curl "${args[@]}" "$BASE$2"
}
acked() { [[ $1 == 2?? ]]; }
refused() { [[ $1 != 2?? && $1 != 000 ]]; }

# --- write kinds ---------------------------------------------------------------
# user_patch: each writer renames its own account; the name is unique per write.
w_user_patch() {
    local v="w$1-c$CYCLE-s$2"
    echo "user_patch $(http PATCH /api/v1/users/${OWN[$1]} "$ADMIN" "{\"display_name\":\"$v\"}") $1 $v"
}
c_user_patch() {
    local w recs last_ack last final n_audit want
    for w in $(seq "$WRITERS"); do
        recs=$(grep -h "^user_patch [0-9]* $w " "$W"/rec.$1.* 2>/dev/null)
        [ -z "$recs" ] && continue
        last_ack=$(awk '$2 ~ /^2/ {v=$4} END {print v}' <<<"$recs")
        last=$(tail -n1 <<<"$recs")
        final=$(sql "SELECT display_name FROM account WHERE id=${OWN[$w]}")
        n_audit=$(sql "SELECT count(*) FROM audit_log WHERE action='user.update' AND object='account/${OWN[$w]}'")
        want=$(( ${PATCHES[$w]} + $(awk '$2 ~ /^2/' <<<"$recs" | wc -l) ))
        ACKED=$((ACKED + $(awk '$2 ~ /^2/' <<<"$recs" | wc -l)))
        if [ "$(cut -d' ' -f2 <<<"$last")" = 000 ] && [ "$final" = "$(cut -d' ' -f4 <<<"$last")" ]; then
            want=$((want + 1)); INFLIGHT_APPLIED=$((INFLIGHT_APPLIED + 1))
        elif [ "$(cut -d' ' -f2 <<<"$last")" = 000 ]; then
            INFLIGHT_NOT=$((INFLIGHT_NOT + 1))
            [ "$final" = "${last_ack:-${NAME[$w]}}" ] || bad "account ${OWN[$w]} is named '$final', want '${last_ack:-${NAME[$w]}}'"
        else
            [ "$final" = "${last_ack:-${NAME[$w]}}" ] || bad "account ${OWN[$w]} is named '$final', want '${last_ack:-${NAME[$w]}}'"
        fi
        [ "$n_audit" = "$want" ] || bad "account ${OWN[$w]}: $n_audit user.update audit rows, want $want"
        PATCHES[$w]=$n_audit
        NAME[$w]=$final
    done
}
# user_create: a new account with a unique name (PBKDF2 makes it slow on purpose).
w_user_create() {
    local u="k$1c${CYCLE}s$2"
    echo "user_create $(http POST /api/v1/users "$ADMIN" \
        "{\"username\":\"$u\",\"password\":\"password of $u\",\"role\":\"dispatcher\",\"admin_unit_id\":null}") $1 $u"
}
c_user_create() {
    local st w u n
    while read -r _ st w u; do
        n=$(sql "SELECT count(*) FROM account WHERE username='$u'")
        if acked "$st"; then
            ACKED=$((ACKED + 1)); [ "$n" = 1 ] || bad "acknowledged account $u is missing"
        elif refused "$st"; then
            [ "$n" = 0 ] || bad "refused account $u ($st) exists"
        elif [ "$n" = 1 ]; then INFLIGHT_APPLIED=$((INFLIGHT_APPLIED + 1)); else INFLIGHT_NOT=$((INFLIGHT_NOT + 1)); fi
    done < <(grep -h "^user_create " "$W"/rec.$1.* 2>/dev/null)
}
# login: a session token; an acknowledged one must still work after the restart.
w_login() {
    local st tok
    st=$(http POST /api/v1/session "" '{"username":"admin","password":"first admin password"}')
    tok=$(jq -r '.token // "-"' "$BODYF" 2>/dev/null)
    echo "login $st $1 ${tok:--}"
}
c_login() {
    local st w tok
    while read -r _ st w tok; do
        if acked "$st"; then
            ACKED=$((ACKED + 1))
            echo "$tok" >>"$W/tokens.$1"
        fi # in flight: its token was never seen; check_file counts its session, if any, against the audit log
    done < <(grep -h "^login " "$W"/rec.$1.* 2>/dev/null)
}
c_login_online() { # after the restart
    local tok st
    [ -f "$W/tokens.$1" ] || return 0
    while read -r tok; do
        st=$(http GET /api/v1/session "$tok")
        [ "$st" = 200 ] || bad "acknowledged login token no longer valid after the kill ($st)"
    done <"$W/tokens.$1"
}

# incident: a dispatcher opens an incident (incident row + "opened" event + audit row, one transaction).
w_incident() {
    local note="k$1c${CYCLE}s$2"
    echo "incident $(http POST /api/v1/incidents "$ADMIN" \
        "{\"kind\":\"fire\",\"lat\":21.03,\"lon\":105.85,\"address\":\"$note\",\"note\":\"$note\"}") $1 $note"
}
c_incident() {
    local st w note n
    while read -r _ st w note; do
        n=$(sql "SELECT count(*) FROM incident i WHERE note='$note' AND EXISTS (SELECT 1 FROM incident_event e
                 WHERE e.incident_id=i.id AND e.kind='opened') AND EXISTS (SELECT 1 FROM audit_log l
                 WHERE l.action='incident.open' AND l.object='incident/'||i.id)")
        [ "$n" = "$(sql "SELECT count(*) FROM incident WHERE note='$note'")" ] || bad "incident $note half-applied"
        if acked "$st"; then
            ACKED=$((ACKED + 1)); [ "$n" = 1 ] || bad "acknowledged incident $note: $n whole copies"
        elif refused "$st"; then
            [ "$n" = 0 ] || bad "refused incident $note ($st) exists"
        elif [ "$n" = 1 ]; then INFLIGHT_APPLIED=$((INFLIGHT_APPLIED + 1)); else INFLIGHT_NOT=$((INFLIGHT_NOT + 1)); fi
    done < <(grep -h "^incident " "$W"/rec.$1.* 2>/dev/null)
}

KINDS="user_patch:4 user_create:1 login:1"
# (incident:3 is added when the server has the endpoint: see the setup)
writer() { # writer W: writes until the first unanswered request
    local w=$1 seq=0 kind line
    BODYF=$W/body.w$w
    RANDOM=$((SEED * 31 + CYCLE * 7 + w))
    while :; do
        seq=$((seq + 1))
        kind=${KIND_TABLE[$((RANDOM % ${#KIND_TABLE[@]}))]}
        line=$(w_$kind "$w" "$seq")
        echo "$line" >>"$W/rec.$CYCLE.$w"
        [ "$(cut -d' ' -f2 <<<"$line")" = 000 ] && break
    done
}

# --- invariants over the whole file (no half-applied transaction) -----------------
check_file() {
    local r
    r=$(sql "PRAGMA integrity_check")
    [ "$r" = ok ] || bad "integrity_check: $r"
    r=$("$PCCC" --quiet audit verify --db "$DB" 2>&1) || bad "audit verify: $r"
    r=$(sql "SELECT count(*) FROM account a WHERE (SELECT count(*) FROM audit_log l
             WHERE l.action='user.add' AND l.object='account/'||a.id) != 1")
    [ "$r" = 0 ] || bad "$r accounts without exactly one user.add audit row"
    r=$(sql "SELECT count(*) FROM audit_log l WHERE l.action='user.add'
             AND NOT EXISTS (SELECT 1 FROM account a WHERE 'account/'||a.id = l.object)")
    [ "$r" = 0 ] || bad "$r user.add audit rows without their account"
    r=$(sql "SELECT (SELECT count(*) FROM session) - (SELECT count(*) FROM audit_log WHERE action='login')")
    [ "$r" = 0 ] || bad "sessions and login audit rows differ by $r"
}

# --- setup -------------------------------------------------------------------------
printf 'first admin password\n' >"$W/pw"
"$PCCC" --quiet user add --db "$DB" --create --username admin --role city_admin --password-file "$W/pw" >/dev/null ||
    { echo "FAIL: user add"; exit 1; }
CYCLE=0
start_server
http POST /api/v1/session "" '{"username":"admin","password":"first admin password"}' >/dev/null
ADMIN=$(jq -r .token "$BODYF")
declare -A OWN NAME PATCHES
for w in $(seq "$WRITERS"); do
    http POST /api/v1/users "$ADMIN" \
        "{\"username\":\"writer$w\",\"password\":\"password of writer\",\"role\":\"dispatcher\",\"admin_unit_id\":null}" >/dev/null
    OWN[$w]=$(jq -r .id "$BODYF")
    NAME[$w]=""
    PATCHES[$w]=0
done
[ -n "${OWN[1]}" ] && [ "${OWN[1]}" != null ] || { echo "FAIL: setup"; exit 1; }
[ "$(http POST /api/v1/incidents "$ADMIN" '{"kind":"probe"}')" != 404 ] && KINDS="$KINDS incident:3"
KIND_TABLE=()
for kw in $KINDS; do for _ in $(seq "${kw#*:}"); do KIND_TABLE+=("${kw%%:*}"); done; done
echo "write kinds: $KINDS"
T0=$(date +%s.%N)

for CYCLE in $(seq "$KILLS"); do
    [ -n "$SERVER_PID" ] || start_server
    rm -f "$W"/rec.$CYCLE.*
    pids=()
    for w in $(seq "$WRITERS"); do writer "$w" & pids+=($!); done
    sleep "$(printf '0.%03d' $((RANDOM % 1000)))"; sleep "$((RANDOM % 3))"
    [ "$((RANDOM % 3))" = 0 ] && sleep 0.3
    kill -KILL "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=
    wait "${pids[@]}"
    for kw in $KINDS; do "c_${kw%%:*}" "$CYCLE"; done
    check_file
    start_server
    c_login_online "$CYCLE"
done
kill -TERM "$SERVER_PID"; wait "$SERVER_PID"; SERVER_PID=
T1=$(date +%s.%N)
N_AUDIT=$(sql "SELECT count(*) FROM audit_log")
printf 'kill test: %d SIGKILLs survived in %.0f s (seed %s, %d writers): %d acknowledged writes, in flight at the kill: %d applied in full, %d not at all; %s audit rows verified; %d violations\n' \
    "$KILLS" "$(awk -v a="$T0" -v b="$T1" 'BEGIN {print b - a}')" "$SEED" "$WRITERS" "$ACKED" "$INFLIGHT_APPLIED" "$INFLIGHT_NOT" "$N_AUDIT" "$VIOLATIONS"
[ "$VIOLATIONS" = 0 ]
