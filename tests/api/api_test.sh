#!/usr/bin/env bash
# api_test.sh — API tests against the real `pccc serve` on a loopback port.
#
# usage: api_test.sh PCCC_BINARY OPENAPI_JSON
# Makes a temporary database with a small admin-unit tree (city 1 > districts
# 10 HK, 20 BD > wards 11, 12 under 10 and 21 under 20), creates the first
# admin with `pccc user add`, starts the server on a free port (--port 0, the
# bound port read from its log), then checks: the authorization matrix (every
# endpoint x every role x in/out of scope, exact status, no out-of-scope data
# in any body), bad input (each a clear 4xx and an unchanged database),
# limits, session revocation, login throttling, audit verification and
# tamper detection, and a clean SIGTERM. Needs curl, jq and sqlite3 with
# mod_spatialite. Prints the number of checks and of violations.
set -u
PCCC=$1
OPENAPI=$2
W=$(mktemp -d "${TMPDIR:-/tmp}/pccc-api.XXXXXX")
DB=$W/api.sqlite
SERVER_PID=
CHECKS=0
FAILS=0
MATRIX=0

cleanup() {
    [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT

for tool in curl jq sqlite3; do
    command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done

fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
check() { CHECKS=$((CHECKS + 1)); if ! eval "$1"; then fail "$2"; fi; }
sql() { sqlite3 -cmd ".load mod_spatialite" "$DB" "$@" 2>&1 | grep -v '^$'; }

# req METHOD PATH TOKEN [BODY [CONTENT-TYPE]] -> STATUS, BODY, HDRS
req() {
    local m=$1 p=$2 t=$3 d=${4-} ct=${5-application/json}
    local args=(-s -o "$W/body" -D "$W/hdrs" -w '%{http_code}' -X "$m" --max-time 20)
    [ -n "$t" ] && args+=(-H "Authorization: Bearer $t")
    [ -n "$d" ] && args+=(-H "Content-Type: $ct" --data-binary "$d")
    STATUS=$(curl "${args[@]}" "$BASE$p")
    BODY=$(cat "$W/body")
    HDRS=$(cat "$W/hdrs")
}
# expect STATUS WHAT [PROBLEM-SLUG]
expect() {
    CHECKS=$((CHECKS + 1))
    if [ "$STATUS" != "$1" ]; then
        fail "$2: got $STATUS, want $1: $BODY"
    elif [ -n "${3-}" ] && [ "$(jq -r .type <<<"$BODY")" != "https://pccc.hanoi/problems/$3" ]; then
        fail "$2: problem type $(jq -r .type <<<"$BODY"), want $3"
    fi
}
n_accounts() { sql "SELECT count(*) FROM account"; }

# --- database, first admin, server ------------------------------------------
printf 'first admin password\n' >"$W/pw"
"$PCCC" --quiet user add --db "$DB" --create --username admin --role city_admin --password-file "$W/pw" >/dev/null ||
    { echo "FAIL: user add"; exit 1; }
check '! "$PCCC" --quiet user add --db "$DB" --username weak --role planner </dev/null >/dev/null 2>&1' \
    "user add without a password must fail"
printf 'short\n' | "$PCCC" --quiet user add --db "$DB" --username weak --role planner >/dev/null 2>&1
check '[ "$(n_accounts)" = 1 ]' "a weak password must not create an account"
sql "INSERT INTO admin_unit(id,code,name,name_folded,level,parent_id) VALUES
  (1,'HN','Hà Nội','ha noi',1,NULL),(10,'HK','Hoàn Kiếm','hoan kiem',2,1),(20,'BD','Ba Đình','ba dinh',2,1),
  (11,'HK-HT','Hàng Trống','hang trong',3,10),(12,'HK-HB','Hàng Bạc','hang bac',3,10),
  (21,'BD-DC','Điện Biên','dien bien',3,20);" >/dev/null

"$PCCC" serve --db "$DB" --port 0 --deadline 2 --max-body 65536 --max-per-ip 16 --threads 2 2>"$W/serve.log" &
SERVER_PID=$!
PORT=
for _ in $(seq 50); do
    PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$W/serve.log" | grep -o '[0-9]*$')
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || { echo "FAIL: server did not start"; cat "$W/serve.log"; exit 1; }
BASE=http://127.0.0.1:$PORT
check '[ "$(stat -c %a "$DB.key")" = 600 ]' "key file must be created 0600"

# --- public endpoints --------------------------------------------------------
req GET /healthz ""; expect 200 healthz
req GET /api/v1/version ""; expect 200 version
req GET /api/v1/openapi.json ""; expect 200 openapi
check '[ "$(jq -S . <<<"$BODY")" = "$(jq -S . "$OPENAPI")" ]' "served OpenAPI document differs from openapi.json"

login() { # login USER PASSWORD -> TOKEN
    req POST /api/v1/session "" "{\"username\":\"$1\",\"password\":\"$2\"}"
    TOKEN=$(jq -r '.token // empty' <<<"$BODY")
}
login admin "first admin password"; expect 201 "admin login"
ADMIN=$TOKEN

# --- accounts for every role ---------------------------------------------------
declare -A TOK ID
mk() { # mk NAME ROLE UNIT(json)
    req POST /api/v1/users "$ADMIN" \
        "{\"username\":\"$1\",\"password\":\"password of $1\",\"role\":\"$2\",\"admin_unit_id\":$3}"
    expect 201 "create $1"
    ID[$1]=$(jq -r .id <<<"$BODY")
    login "$1" "password of $1"; expect 201 "login $1"
    TOK[$1]=$TOKEN
}
mk hkofficer district_officer 10
mk htofficer commune_officer 11
mk dispatcher dispatcher null
mk commander commander null
mk planner planner 10
mk citizen citizen 11
mk bdadmin city_admin 20
TOK[admin]=$ADMIN
ID[admin]=1
ROLES="admin bdadmin hkofficer htofficer dispatcher commander planner citizen"

# --- authorization matrix --------------------------------------------------------
# cell WHO METHOD PATH WANT [BODY]
cell() {
    local t=${TOK[$1]-}
    [ "$1" = none ] && t=
    req "$2" "$3" "$t" "${5-}"
    MATRIX=$((MATRIX + 1))
    expect "$4" "matrix: $1 $2 $3"
}
want_for() { # want_for WHO "role=status ..." DEFAULT
    local who=$1 spec=$2 def=$3
    for kv in $spec; do [ "${kv%%=*}" = "$who" ] && { echo "${kv#*=}"; return; }; done
    echo "$def"
}
for who in none $ROLES; do
    signed=200; [ $who = none ] && signed=401
    admin_only=$(want_for $who "admin=200 bdadmin=200 none=401" 403)
    staff=$(want_for $who "citizen=403 none=401" 200)
    cell $who GET /api/v1/session $signed
    cell $who GET /api/v1/users "$admin_only"
    # an HK account: in scope for admin, out of scope (404) for the Ba Dinh admin
    cell $who GET /api/v1/users/${ID[hkofficer]} "$(want_for $who "admin=200 bdadmin=404 none=401" 403)"
    cell $who GET /api/v1/users/${ID[bdadmin]} "$(want_for $who "admin=200 bdadmin=200 none=401" 403)"
    cell $who PATCH /api/v1/users/${ID[planner]} "$(want_for $who "admin=200 bdadmin=404 none=401" 403)" \
        '{"display_name":"Kế hoạch"}'
    cell $who POST /api/v1/users "$(want_for $who "admin=409 bdadmin=404 none=401" 403)" \
        '{"username":"planner","password":"password of x","role":"planner","admin_unit_id":10}'
    cell $who GET /api/v1/admin-units "$staff"
    cell $who GET /api/v1/admin-units/11 "$(want_for $who "bdadmin=404 citizen=403 none=401" 200)"
    cell $who GET /api/v1/admin-units/21 "$(want_for $who "hkofficer=404 htofficer=404 planner=404 citizen=403 none=401" 200)"
    cell $who GET /api/v1/audit "$(want_for $who "admin=200 none=401" 403)"
    cell $who GET /metrics "$admin_only"
done
# lists leak nothing out of scope: exactly the subtree, nothing else
units() { req GET /api/v1/admin-units "${TOK[$1]}"; jq -c '[.items[].id]' <<<"$BODY"; }
check '[ "$(units hkofficer)" = "[10,11,12]" ]' "HK officer sees exactly units 10, 11, 12"
check '[ "$(units htofficer)" = "[11]" ]' "HT officer sees exactly unit 11"
check '[ "$(units bdadmin)" = "[20,21]" ]' "BD admin sees exactly units 20, 21"
check '[ "$(units dispatcher)" = "[1,10,11,12,20,21]" ]' "city dispatcher sees every unit"
req GET /api/v1/users "${TOK[bdadmin]}"
check '[ "$(jq -c "[.items[].username]" <<<"$BODY")" = "[\"bdadmin\"]" ] && [ "$(jq .total <<<"$BODY")" = 1 ]' \
    "BD admin lists only Ba Dinh accounts"
check '! grep -q hkofficer <<<"$BODY"' "no HK account in the BD admin's list"
req GET "/api/v1/admin-units?limit=2&offset=1" "${TOK[dispatcher]}"
check '[ "$(jq -c "[.items[].id]" <<<"$BODY")" = "[10,11]" ] && [ "$(jq .total <<<"$BODY")" = 6 ]' "paging"

# --- bad input: a clear 4xx and nothing changed --------------------------------
BEFORE=$(n_accounts)
bad() { # bad WANT SLUG WHAT BODY [CONTENT-TYPE]
    req POST /api/v1/users "$ADMIN" "$4" "${5-application/json}"
    expect "$1" "bad input: $3" "$2"
}
badf() { # badf FIELD WANT SLUG WHAT BODY: the problem's detail must name FIELD
    local field=$1
    bad "$2" "$3" "$4" "$5"
    check 'jq -r .detail <<<"$BODY" | grep -q -- "$field"' "bad input: $4: detail does not name $field"
}
bad 400 malformed-json "truncated JSON" '{"username":"bad1","password":'
bad 400 malformed-json "not an object" '["username","x1"]'
bad 400 malformed-json "trailing garbage" '{"username":"bad1"} {"a":1}'
bad 400 malformed-json "empty body" ' '
badf username 400 invalid-field "number for a string" '{"username":12345,"password":"password of x","role":"planner"}'
badf admin_unit_id 400 invalid-field "string for a number" '{"username":"bad2","password":"password of x","role":"planner","admin_unit_id":"10"}'
badf admin_unit_id 400 invalid-field "fractional id" '{"username":"bad2","password":"password of x","role":"planner","admin_unit_id":10.5}'
badf role 400 invalid-field "unknown role" '{"username":"bad2","password":"password of x","role":"superuser"}'
badf password 400 invalid-field "missing password" '{"username":"bad2","role":"planner"}'
badf owner 400 unknown-field "extra field owner" '{"username":"bad3","password":"password of x","role":"planner","owner":1}'
badf area 400 unknown-field "extra field area" '{"username":"bad3","password":"password of x","role":"planner","area":"HN"}'
badf role 400 unknown-field "duplicate role" '{"username":"bad3","password":"password of x","role":"planner","role":"city_admin"}'
badf username 400 invalid-field "SQL in username" "{\"username\":\"x'); DROP TABLE account;--\",\"password\":\"password of x\",\"role\":\"planner\"}"
badf role 400 invalid-field "SQL in role" "{\"username\":\"bad4\",\"password\":\"password of x\",\"role\":\"planner' OR '1'='1\"}"
badf display_name 400 invalid-field "control character" '{"username":"bad5","password":"password of x","role":"planner","display_name":"a\u0001b"}'
badf password 400 invalid-field "weak password" '{"username":"bad6","password":"short","role":"planner"}'
badf 999 404 not-found "admin unit that does not exist" '{"username":"bad7","password":"password of x","role":"planner","admin_unit_id":999}'
bad 415 unsupported-media-type "form body" 'username=bad8' application/x-www-form-urlencoded
DEEP=$(printf '{"a":%.0s' $(seq 40))1$(printf '}%.0s' $(seq 40))
bad 400 json-too-deep "40 levels of nesting" "$DEEP"
head -c 200000 /dev/zero | tr '\0' 'a' >"$W/huge"
STATUS=$(curl -s -o "$W/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $ADMIN" \
    -H 'Content-Type: application/json' --data-binary @"$W/huge" "$BASE/api/v1/users")
BODY=$(cat "$W/body"); expect 413 "bad input: 200 kB body" body-too-large
STATUS=$(curl -s -o "$W/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $ADMIN" \
    -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' --data-binary @"$W/huge" "$BASE/api/v1/users")
check '[ "$STATUS" = 413 ] || [ "$STATUS" = 000 ]' "chunked 200 kB body refused ($STATUS)"
req PATCH /api/v1/users/${ID[planner]} "$ADMIN" '{"role":"city_admin","token_epoch":0}'
expect 400 "bad input: PATCH with a field outside the list" unknown-field
check '[ "$(sql "SELECT role FROM account WHERE username=\"planner\"")" = planner ]' "refused PATCH changed nothing"
check '[ "$(n_accounts)" = "$BEFORE" ]' "bad input created no account"
check '[ "$(sql "SELECT count(*) FROM sqlite_master WHERE name=\"account\"")" = 1 ]' "account table still there"
req GET "/api/v1/users?limit=100000" "$ADMIN"; expect 400 "page size over the limit" invalid-parameter
req GET "/api/v1/users?limit=-1" "$ADMIN"; expect 400 "negative page size" invalid-parameter
req GET "/api/v1/users?sort=password" "$ADMIN"; expect 400 "unknown query parameter" unknown-parameter
req GET "/api/v1/users/1%20OR%201=1" "$ADMIN"; expect 404 "SQL in an id" not-found
req GET /api/v1/users/999999 "$ADMIN"; expect 404 "absent id" not-found
req PUT /api/v1/session "$ADMIN"; expect 405 "wrong method" method-not-allowed
check 'grep -qi "^Allow: POST, GET, DELETE" <<<"$HDRS"' "405 carries Allow"
req GET /api/v1/session ""; expect 401 "no token" unauthorized
check 'grep -qi "^WWW-Authenticate: Bearer" <<<"$HDRS"' "401 carries WWW-Authenticate"
req GET /api/v1/session "0000000000000000000000000000000000000000000000000000000000000000"
expect 401 "made-up token" unauthorized

# --- personal data: encrypted at rest, audited when read ------------------------
req PATCH /api/v1/users/${ID[dispatcher]} "$ADMIN" '{"phone":"+84 912 345 678"}'; expect 200 "set phone"
check '[ "$(sql "SELECT count(*) FROM account WHERE CAST(phone_enc AS TEXT) LIKE \"%912%\"")" = 0 ]' \
    "phone is not stored in clear"
req GET "/api/v1/users/${ID[dispatcher]}?with_phone=true" "$ADMIN"; expect 200 "read phone"
check '[ "$(jq -r .phone <<<"$BODY")" = "+84 912 345 678" ]' "phone decrypts"
check '[ "$(sql "SELECT count(*) FROM audit_log WHERE action=\"read.phone\" AND actor=\"admin\"")" = 1 ]' \
    "reading the phone is audited"

# --- revocation, logout, throttling -------------------------------------------------
req PATCH /api/v1/users/${ID[commander]} "$ADMIN" '{"role":"planner"}'; expect 200 "change role"
req GET /api/v1/session "${TOK[commander]}"; expect 401 "role change revokes the token" unauthorized
req PATCH /api/v1/users/${ID[planner]} "$ADMIN" '{"disabled":true}'; expect 200 "disable"
req GET /api/v1/session "${TOK[planner]}"; expect 401 "disable revokes the token" unauthorized
login planner "password of planner"; expect 401 "a disabled account cannot log in" unauthorized
req PATCH /api/v1/users/1 "$ADMIN" '{"disabled":true}'; expect 409 "admin cannot disable themselves" conflict
req DELETE /api/v1/session "${TOK[htofficer]}"; expect 204 logout
req GET /api/v1/session "${TOK[htofficer]}"; expect 401 "logged-out token" unauthorized
for i in 1 2 3 4 5; do login citizen "wrong password $i"; done
login citizen "password of citizen"; expect 429 "login throttled after 5 failures" rate-limited
check 'grep -qi "^Retry-After: [1-9]" <<<"$HDRS"' "429 carries Retry-After"
req GET /api/v1/session "${TOK[citizen]}"; expect 200 "an existing session survives the lockout"

# --- limits: slow body, per-IP connections; the server stays responsive ----------------
exec 3<>/dev/tcp/127.0.0.1/$PORT
printf 'POST /api/v1/session HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{"user' >&3
sleep 2.5
printf 'name":"admin"' >&3 2>/dev/null
REPLY=$(timeout 5 cat <&3 2>/dev/null | head -c 200)
exec 3>&-
check '! grep -q "201" <<<"$REPLY"' "a body trickling past the deadline is not served"
for fd in 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do eval "exec $fd<>/dev/tcp/127.0.0.1/$PORT"; done
# the kernel completes the handshakes at once, the server counts a connection when it
# accepts it: give its accept loop a moment, or curl may be accepted before some of them
sleep 1
STATUS=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$BASE/healthz")
check '[ "$STATUS" != 200 ]' "connection 18 from one IP is refused (per-IP limit 16), got $STATUS"
for fd in 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do eval "exec $fd>&-"; done
sleep 0.3
req GET /healthz ""; expect 200 "healthz after the limits were hit"

# --- metrics ---------------------------------------------------------------
req GET /metrics "$ADMIN"; expect 200 metrics
check 'grep -q "^pccc_http_requests_total{method=\"POST\",route=\"/api/v1/session\",code=\"2xx\"} [1-9]" <<<"$BODY"' \
    "metrics count logins"
check 'grep -q "^pccc_logins_total{result=\"throttled\"} 1" <<<"$BODY"' "metrics count throttled logins"
check 'grep -q "^pccc_http_request_duration_seconds_bucket{.*le=\"+Inf\"}" <<<"$BODY"' "latency histogram"

# --- audit: intact while live, tampering detected --------------------------------------
check '"$PCCC" --quiet audit verify --db "$DB" | grep -q "audit log intact"' "audit verify on the live log"
check '[ "$(sql "SELECT count(*) FROM audit_log WHERE action=\"user.add\"")" = 8 ]' "every account creation audited"
kill -TERM "$SERVER_PID"
STOPPED=0
for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || { STOPPED=1; break; }; sleep 0.1; done
wait "$SERVER_PID"; RC=$?
SERVER_PID=
check '[ $STOPPED = 1 ] && [ $RC = 0 ]' "SIGTERM stops the server cleanly (rc $RC)"
sql "UPDATE audit_log SET detail='x' WHERE id=3" >/dev/null
check '[ "$(sql "SELECT count(*) FROM audit_log WHERE detail=\"x\"")" = 0 ]' "the trigger refuses an edit"
sql "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor='someone' WHERE id=3" >/dev/null
OUT=$("$PCCC" --quiet audit verify --db "$DB"); RC=$?
check '[ $RC = 1 ] && grep -q "row 3" <<<"$OUT"' "audit verify detects the edited row ($OUT)"

echo "api tests: $CHECKS checks ($MATRIX authorization-matrix cells), $FAILS violations"
[ $FAILS = 0 ]
