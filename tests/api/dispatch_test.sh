#!/usr/bin/env bash
# dispatch_test.sh — the whole 114 flow against the real `pccc serve` on a
# loopback port, over a demo city (scale 1).
#
# usage: dispatch_test.sh PCCC_BINARY
# Makes the demo city, creates one account per role with `pccc user add`
# (plus a dispatcher scoped to an empty ward), starts the server on a free
# port, then: plans by house code, by a real address (as stored and typed
# without diacritics), by a position inside a footprint and by VN-2000
# coordinates (from PROJ's cs2cs, independent of the server's transform);
# a bad check character gets suggestions, a bare street name gets
# candidates; an incident is opened, the plan's first alarm dispatched,
# the units are busy in the store and absent from the next plan; a unit
# goes through en_route / on_scene / returning / available, refused steps
# are 409 and change nothing; the incident is closed; a closure added with
# `pccc closure add` while the server runs changes the next plan's route
# and clearing it brings the route back; every role x endpoint gets its
# exact status; bad input is a clear 4xx and changes nothing; every change
# is in the audit log, which verifies. Expectations come from plain SQL on
# the database, not from the server. Needs curl, jq and sqlite3 with
# mod_spatialite (cs2cs optional). Prints the number of checks.
set -u
PCCC=$1
W=$(mktemp -d "${TMPDIR:-/tmp}/pccc-dispatch.XXXXXX")
DB=$W/demo.sqlite
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

# req METHOD PATH TOKEN [BODY] -> STATUS, BODY
req() {
    local m=$1 p=$2 t=$3 d=${4-}
    local args=(-s -o "$W/body" -w '%{http_code}' -X "$m" --max-time 20)
    [ -n "$t" ] && args+=(-H "Authorization: Bearer $t")
    [ -n "$d" ] && args+=(-H "Content-Type: application/json" --data-binary "$d")
    STATUS=$(curl "${args[@]}" "$BASE$p")
    BODY=$(cat "$W/body")
}
# get PATH TOKEN NAME=VALUE... : GET with url-encoded query parameters
get() {
    local p=$1 t=$2
    shift 2
    local args=(-s -o "$W/body" -w '%{http_code}' -G --max-time 20 -H "Authorization: Bearer $t")
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    STATUS=$(curl "${args[@]}" "$BASE$p")
    BODY=$(cat "$W/body")
}
# expect STATUS WHAT [PROBLEM-SLUG]
expect() {
    CHECKS=$((CHECKS + 1))
    if [ "$STATUS" != "$1" ]; then
        fail "$2: got $STATUS, want $1: ${BODY:0:300}"
    elif [ -n "${3-}" ] && [ "$(jq -r .type <<<"$BODY")" != "https://pccc.hanoi/problems/$3" ]; then
        fail "$2: problem type $(jq -r .type <<<"$BODY"), want $3"
    fi
}
jqb() { jq -r "$1" <<<"$BODY"; }

# --- demo city, accounts, server ------------------------------------------------
"$PCCC" --quiet demo --db "$DB" --scale 1 >/dev/null || { echo "FAIL: demo"; exit 1; }
# an empty ward under the city: a dispatcher scoped there sees none of the demo
sql "INSERT INTO admin_unit(id,code,name,name_folded,level,parent_id) VALUES (99,'01.W0099','Trống','trong',3,1)" \
    >/dev/null
declare -A TOK
ROLES="admin dispatcher commander planner officer citizen far"
mkuser() { # mkuser NAME ROLE [UNIT]
    printf 'password of %s\n' "$1" >"$W/pw"
    "$PCCC" --quiet user add --db "$DB" --username "$1" --role "$2" ${3:+--unit "$3"} --password-file "$W/pw" \
        >/dev/null || { echo "FAIL: user add $1"; exit 1; }
}
mkuser admin city_admin
mkuser dispatcher dispatcher
mkuser commander commander
mkuser planner planner
mkuser officer district_officer 2
mkuser citizen citizen
mkuser far dispatcher 99

"$PCCC" serve --db "$DB" --port 0 --threads 2 2>"$W/serve.log" &
SERVER_PID=$!
PORT=
for _ in $(seq 100); do
    PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$W/serve.log" | grep -o '[0-9]*$')
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || { echo "FAIL: server did not start"; cat "$W/serve.log"; exit 1; }
BASE=http://127.0.0.1:$PORT
check 'grep -q "road graph [1-9][0-9]* nodes" "$W/serve.log"' "the server loads the road graph at start"
for who in $ROLES; do
    req POST /api/v1/session "" "{\"username\":\"$who\",\"password\":\"password of $who\"}"
    expect 201 "login $who"
    TOK[$who]=$(jqb .token)
done
D=${TOK[dispatcher]}

# --- the building of the call ----------------------------------------------------
# a building with a main door on a street wide enough for the engine, and an exact address
read -r BID CODE STREET <<<"$(sql "SELECT id, house_code, replace(addr_street,' ','_') FROM building
  WHERE addr_number IS NOT NULL AND addr_ngo IS NULL AND addr_ngach IS NULL ORDER BY id LIMIT 1 OFFSET 40" |
    tr '|' ' ')"
STREET=${STREET//_/ }
ADDR=$(sql "SELECT addr_full FROM building WHERE id=$BID")
read -r LAT LON <<<"$(sql "SELECT printf('%.7f %.7f', ST_Y(p), ST_X(p)) FROM
  (SELECT ST_PointOnSurface(footprint) AS p FROM building WHERE id=$BID)")"
check '[ -n "$BID" ] && [ -n "$CODE" ] && [ -n "$ADDR" ] && [ -n "$LAT" ]' "a demo building to plan for"

# by house code
get /api/v1/plan "$D" house="$CODE"; expect 200 "plan by house code"
check '[ "$(jqb .location.status)" = building ] && [ "$(jqb .location.how)" = house_code ]' "location by house code"
check '[ "$(jqb .building.id)" = "$BID" ] && [ "$(jqb .building.house_code)" = "$CODE" ]' "plan is for the building"
check '[ "$(jqb .building.floors)" = "$(sql "SELECT floors FROM building WHERE id=$BID")" ]' "floors as stored"
check '[ "$(jqb "[.first_alarm[].unit_ids[]] | length")" -ge 1 ]' "the plan suggests a first alarm"
PLAN1=$BODY
ALARM=$(jq -c '[.first_alarm[].unit_ids[]]' <<<"$PLAN1")
OFFERED=$(jq -r '[.units[].id] | map(tostring) | join(",")' <<<"$PLAN1")
check '[ "$(sql "SELECT count(*) FROM unit WHERE id IN ($OFFERED) AND status<>\"available\"")" = 0 ]' \
    "every unit offered is available in the store"
# by the address as stored, and typed in lower case without diacritics
get /api/v1/plan "$D" address="$ADDR"; expect 200 "plan by address"
check '[ "$(jqb .location.status)" = building ] && [ "$(jqb .building.id)" = "$BID" ]' "address finds the building"
PLAIN=$(sed 's/[đĐ]/d/g' <<<"$ADDR" | iconv -f UTF-8 -t ASCII//TRANSLIT 2>/dev/null | tr 'A-Z' 'a-z')
if [ -n "$PLAIN" ]; then
    get /api/v1/plan "$D" address="$PLAIN"; expect 200 "plan by address without diacritics ($PLAIN)"
    check '[ "$(jqb .building.id)" = "$BID" ]' "folded address finds the building"
fi
# by a position inside the footprint
get /api/v1/plan "$D" lat="$LAT" lon="$LON"; expect 200 "plan by lat/lon"
check '[ "$(jqb .location.how)" = contains ] && [ "$(jqb .building.id)" = "$BID" ]' "position inside the footprint"
# by VN-2000 / TM-3 105 metres, converted by PROJ's own tool
if command -v cs2cs >/dev/null; then
    read -r X Y _ <<<"$(echo "$LAT $LON" | cs2cs -f %.3f EPSG:4326 EPSG:5897)"
    get /api/v1/plan "$D" x="$X" y="$Y"; expect 200 "plan by VN-2000 ($X, $Y)"
    check '[ "$(jqb .building.id)" = "$BID" ]' "VN-2000 position is inside the same footprint"
else
    echo "note: cs2cs not installed, VN-2000 plan not checked"
fi
# one vehicle kind only
get /api/v1/plan "$D" house="$CODE" vehicle=engine; expect 200 "plan for engines only"
check '[ "$(jqb "[.access[].vehicle] | unique | join(\",\")")" = engine ]' "vehicle=engine gives engine access only"

# a wrong check character: refused, with the real code among the suggestions
LAST=${CODE: -1}
BAD=${CODE%?}$([ "$LAST" = 7 ] && echo 8 || echo 7)
get /api/v1/plan "$D" house="$BAD"; expect 422 "bad check character" bad-house-code
check 'jq -e --arg c "$CODE" "[.suggestions[].house_code] | index(\$c)" <<<"$BODY" >/dev/null' \
    "suggestions include $CODE"
check '[ "$(jqb .building)" = null ]' "no plan for a bad code"
# a street name alone: several buildings, candidates to choose from
get /api/v1/plan "$D" address="$STREET"; expect 422 "street name only" location-ambiguous
check '[ "$(jqb ".candidates | length")" -ge 2 ]' "ambiguous address lists candidates"
get /api/v1/plan "$D" address="Số 9 phố Zzyzx Không Có"; expect 404 "address that matches nothing" not-found
# geocode: the same finder as ranked candidates
get /api/v1/geocode "$D" q="$ADDR"; expect 200 "geocode an address"
check '[ "$(jqb ".candidates[0].house_code")" = "$CODE" ] && [ "$(jqb ".candidates[0].building_id")" = "$BID" ]' \
    "geocode ranks the building first"
check '[ "$(jqb ".candidates[0] | has(\"lat\") and has(\"lon\") and has(\"confidence\") and has(\"address\")")" = true ]' \
    "candidates carry house_code, address, lat, lon, confidence"
get /api/v1/geocode "$D" lat="$LAT" lon="$LON" limit=3; expect 200 "reverse geocode"
check '[ "$(jqb ".candidates[0].building_id")" = "$BID" ] && [ "$(jqb ".candidates | length")" -le 3 ]' \
    "reverse geocode: the containing building first, limit respected"
get /api/v1/geocode "$D" q="$BAD"; expect 422 "geocode a bad code" bad-house-code

# --- bad input: a clear 4xx -------------------------------------------------------
badq() { get "$1" "$D" "${@:4}"; expect "$2" "bad query: $3" "${SLUG-invalid-parameter}"; }
badq /api/v1/plan 400 "no place"
badq /api/v1/plan 400 "two places" house="$CODE" address="$ADDR"
badq /api/v1/plan 400 "lat without lon" lat="$LAT"
badq /api/v1/plan 400 "lat not a number" lat=abc lon="$LON"
badq /api/v1/plan 400 "lat out of range" lat=91 lon="$LON"
badq /api/v1/plan 400 "x out of VN-2000 range" x=1 y=2
badq /api/v1/plan 400 "unknown vehicle" house="$CODE" vehicle=spaceship
badq /api/v1/plan 400 "house not shaped like a code" house="x' OR 1=1 --"
SLUG=unknown-parameter badq /api/v1/plan 400 "unknown parameter" house="$CODE" radius=5
badq /api/v1/geocode 400 "geocode limit 0" q="$ADDR" limit=0

# --- an incident: open, dispatch the first alarm ------------------------------------
N_INC=$(sql "SELECT count(*) FROM incident")
badb() { req POST /api/v1/incidents "$D" "$3"; expect "$1" "bad incident: $2" "$4"; }
badb 400 "malformed JSON" '{"lat":21.0,' malformed-json
badb 400 "lat missing" "{\"lon\":$LON}" invalid-field
badb 400 "lat as text" "{\"lat\":\"$LAT\",\"lon\":$LON}" invalid-field
badb 400 "unknown kind" "{\"kind\":\"flood\",\"lat\":$LAT,\"lon\":$LON}" invalid-field
badb 400 "extra field status" "{\"lat\":$LAT,\"lon\":$LON,\"status\":\"closed\"}" unknown-field
badb 400 "fractional building id" "{\"building_id\":1.5,\"lat\":$LAT,\"lon\":$LON}" invalid-field
badb 404 "building that does not exist" "{\"building_id\":999999,\"lat\":$LAT,\"lon\":$LON}" not-found
check '[ "$(sql "SELECT count(*) FROM incident")" = "$N_INC" ]' "bad incidents created nothing"

req POST /api/v1/incidents "$D" "{\"kind\":\"fire\",\"building_id\":$BID,\"lat\":$LAT,\"lon\":$LON,\"address\":\"$ADDR\",\"note\":\"khói tầng 2; O'Brien; --\"}"
expect 201 "open an incident"
INC=$(jqb .id)
check '[[ "$(jqb .code)" =~ ^INC-[0-9]{8}-[0-9]{6}$ ]]' "incident code INC-YYYYMMDD-NNNNNN"
check '[ "$(sql "SELECT building_id||\"|\"||status||\"|\"||admin_unit_id FROM incident WHERE id=$INC")" = \
    "$BID|open|$(sql "SELECT admin_unit_id FROM building WHERE id=$BID")" ]' "incident stored with its building and ward"
check '[ "$(sql "SELECT note FROM incident WHERE id=$INC")" = "khói tầng 2; O'"'"'Brien; --" ]' "note stored verbatim"

req POST "/api/v1/incidents/$INC/dispatch" "$D" "{\"unit_ids\":$ALARM}"; expect 200 "dispatch the first alarm"
IDS=$(jq -r 'map(tostring) | join(",")' <<<"$ALARM")
N_ALARM=$(jq length <<<"$ALARM")
check '[ "$(sql "SELECT count(*) FROM unit WHERE id IN ($IDS) AND status=\"dispatched\" AND incident_id=$INC")" = "$N_ALARM" ]' \
    "the first alarm is dispatched in the store"
check '[ "$(jqb "[.units[].id] | sort | map(tostring) | join(\",\")")" = "$(jq -r "sort | map(tostring) | join(\",\")" <<<"$ALARM")" ]' \
    "the incident lists its units"
req GET "/api/v1/units?status=dispatched" "$D"; expect 200 "units dispatched"
check '[ "$(jqb "[.items[].id] | sort | map(tostring) | join(\",\")")" = "$(jq -r "sort | map(tostring) | join(\",\")" <<<"$ALARM")" ]' \
    "GET /units?status=dispatched lists exactly the first alarm"
check '[ "$(jqb ".items[0].station.code != null and .items[0].position.type == \"Point\"")" = true ]' \
    "units come with station and position"
get /api/v1/plan "$D" house="$CODE"; expect 200 "plan after dispatch"
check '[ "$(jq -c --argjson a "$ALARM" "[.units[].id, .first_alarm[].unit_ids[]] | map(select(. as \$x | \$a | index(\$x))) | length" <<<"$BODY")" = 0 ]' \
    "busy units are absent from the next plan"

# all or nothing: one busy unit refuses the whole dispatch
FREE=$(sql "SELECT id FROM unit WHERE status='available' ORDER BY id LIMIT 1")
BUSY=$(jq '.[0]' <<<"$ALARM")
req POST /api/v1/incidents "$D" "{\"lat\":$LAT,\"lon\":$LON,\"kind\":\"rescue\"}"; expect 201 "second incident"
INC2=$(jqb .id)
req POST "/api/v1/incidents/$INC2/dispatch" "$D" "{\"unit_ids\":[$FREE,$BUSY]}"; expect 409 "dispatch a busy unit" conflict
check 'jqb .detail | grep -q "not available"' "409 says the unit is not available"
check '[ "$(sql "SELECT status FROM unit WHERE id=$FREE")" = available ]' "all or nothing: the free unit stayed free"
req POST "/api/v1/incidents/$INC2/dispatch" "$D" "{\"unit_ids\":[$FREE,$FREE]}"; expect 400 "repeated unit id" invalid-field
req POST "/api/v1/incidents/$INC2/dispatch" "$D" '{"unit_ids":[999999]}'; expect 404 "unknown unit" not-found
req POST "/api/v1/incidents/$INC2/dispatch" "$D" '{"unit_ids":[]}'; expect 400 "no units" invalid-field
req POST "/api/v1/incidents/999999/dispatch" "$D" "{\"unit_ids\":[$FREE]}"; expect 404 "unknown incident" not-found

# --- a unit through its status cycle ------------------------------------------------
U=$BUSY
step() { # step STATUS WANT
    req PATCH "/api/v1/units/$U" "$D" "{\"status\":\"$1\"}"
    expect "$2" "unit $U -> $1"
}
status_of() { sql "SELECT status FROM unit WHERE id=$1"; }
step on_scene 409
check '[ "$(status_of $U)" = dispatched ]' "refused step changed nothing"
step en_route 200
check '[ "$(jqb .status)" = en_route ] && [ "$(status_of $U)" = en_route ]' "en_route in reply and store"
step available 409
step on_scene 200
step returning 200
step available 200
check '[ "$(status_of $U)" = available ] && [ -z "$(sql "SELECT incident_id FROM unit WHERE id=$U")" ]' \
    "available again, freed from the incident"
step dispatched 409
step out_of_service 200
step available 200
req PATCH "/api/v1/units/$U" "$D" '{"status":"flying"}'; expect 400 "unknown status" invalid-field
req PATCH "/api/v1/units/$U" "$D" '{"status":"available","incident_id":1}'; expect 400 "extra field" unknown-field
req PATCH "/api/v1/units/999999" "$D" '{"status":"en_route"}'; expect 404 "unknown unit" not-found
req GET "/api/v1/units?status=parked" "$D"; expect 400 "unknown status filter" invalid-parameter
req GET "/api/v1/incidents/$INC" "$D"; expect 200 "incident with timeline"
check '[ "$(jqb "[.timeline[] | select(.unit_id == $U) | .status] | join(\",\")")" = dispatched,en_route,on_scene,returning,available ]' \
    "the timeline records every step of unit $U"
check '[ "$(jqb "[.timeline[].kind][0]")" = opened ]' "the timeline starts with opened"

# --- close -------------------------------------------------------------------------
OUT=$(sql "SELECT count(*) FROM unit WHERE incident_id=$INC AND status IN ('dispatched','en_route','on_scene')")
req POST "/api/v1/incidents/$INC/close" "$D"; expect 200 "close"
check '[ "$(jqb .status)" = closed ] && [ "$(sql "SELECT status FROM incident WHERE id=$INC")" = closed ]' "closed"
check '[ "$(sql "SELECT count(*) FROM unit WHERE incident_id=$INC AND status=\"returning\"")" = "$OUT" ]' \
    "units still out are returning"
req POST "/api/v1/incidents/$INC/close" "$D"; expect 409 "close twice" conflict
req POST "/api/v1/incidents/$INC/dispatch" "$D" "{\"unit_ids\":[$FREE]}"; expect 409 "dispatch to a closed incident" conflict
check '[ "$(status_of $FREE)" = available ]' "dispatch to a closed incident changed nothing"
req POST "/api/v1/incidents/$INC2/close" "$D" '{"reason":"x"}'; expect 400 "close with a body member" unknown-field
req GET "/api/v1/incidents?status=closed" "$D"; expect 200 "closed incidents"
check '[ "$(jqb "[.items[].id] | join(\",\")")" = "$INC" ] && [ "$(jqb .total)" = 1 ]' "the closed incident is listed"
req GET "/api/v1/incidents?limit=1" "$D"; expect 200 "incident paging"
check '[ "$(jqb ".items | length")" = 1 ] && [ "$(jqb .total)" = "$(sql "SELECT count(*) FROM incident")" ]' "paging total"
req GET "/api/v1/incidents?status=burning" "$D"; expect 400 "unknown incident status" invalid-parameter

# --- a closure added while the server runs changes the next plan ---------------------
get /api/v1/plan "$D" house="$CODE" vehicle=engine; expect 200 "engine plan before the closure"
ROUTE0=$(jqb '.units[0].route.coordinates')
ETA0=$(jqb '.units[0].eta_s')
UNIT0=$(jqb '.units[0].id')
MID=$(jqb '.units[0].route.coordinates | (length / 2 | floor) as $i | [(.[$i-1][1] + .[$i][1]) / 2, (.[$i-1][0] + .[$i][0]) / 2] | map(tostring) | join(",")')
check '[ "$(jqb ".units[0].route.coordinates | length")" -ge 3 ]' "the engine's route has a middle"
"$PCCC" --quiet closure add --db "$DB" --at "$MID" --minutes 30 --reason "dispatch test" >/dev/null
check '[ "$(sql "SELECT count(*) FROM road_closure")" = 1 ]' "closure stored"
sleep 2.3
get /api/v1/plan "$D" house="$CODE" vehicle=engine; expect 200 "engine plan after the closure"
check '[ "$(jqb ".units[0].route.coordinates")" != "$ROUTE0" ] || [ "$(jqb ".units[0].id")" != "$UNIT0" ]' \
    "the closure changes the engine's route (no restart)"
"$PCCC" --quiet closure clear --db "$DB" >/dev/null
sleep 2.3
get /api/v1/plan "$D" house="$CODE" vehicle=engine; expect 200 "engine plan after clearing"
check '[ "$(jqb ".units[0].route.coordinates")" = "$ROUTE0" ] && [ "$(jqb ".units[0].eta_s")" = "$ETA0" ]' \
    "clearing the closure brings the route back"

# --- authorization matrix ------------------------------------------------------------
cell() { # cell WHO METHOD PATH WANT [BODY]
    local t=${TOK[$1]-}
    [ "$1" = none ] && t=
    req "$2" "$3" "$t" "${5-}"
    MATRIX=$((MATRIX + 1))
    expect "$4" "matrix: $1 $2 $3"
}
want() { # want WHO "role=status ..." DEFAULT
    for kv in $2; do [ "${kv%%=*}" = "$1" ] && { echo "${kv#*=}"; return; }; done
    echo "$3"
}
BUSY2=$(sql "SELECT id FROM unit WHERE status<>'available' LIMIT 1")
[ -n "$BUSY2" ] || BUSY2=$BUSY
for who in none $ROLES; do
    rd=$(want $who "admin=200 dispatcher=200 commander=200 far=200 none=401" 403)
    wr=$(want $who "admin=X dispatcher=X far=X none=401" 403)
    cell $who GET "/api/v1/plan?house=$CODE" "$(want $who "admin=200 dispatcher=200 commander=200 planner=200 far=404 none=401" 403)"
    cell $who GET "/api/v1/geocode?q=$CODE" "$(want $who "citizen=403 none=401" 200)"
    cell $who GET /api/v1/incidents "$rd"
    cell $who GET "/api/v1/incidents/$INC" "$(want $who "far=404" "$rd")"
    cell $who GET /api/v1/units "$rd"
    cell $who POST /api/v1/incidents "$(want $who "far=404" "${wr/X/201}")" "{\"building_id\":$BID,\"lat\":$LAT,\"lon\":$LON}"
    cell $who POST "/api/v1/incidents/$INC/dispatch" "$(want $who "far=404" "${wr/X/409}")" "{\"unit_ids\":[$FREE]}"
    cell $who POST "/api/v1/incidents/$INC/close" "$(want $who "far=404" "${wr/X/409}")"
    cell $who PATCH "/api/v1/units/$FREE" "${wr/X/409}" '{"status":"on_scene"}'
done
req GET /api/v1/incidents "${TOK[far]}"
check '[ "$(jqb .total)" = 0 ] && [ "$(jqb ".items | length")" = 0 ]' "a dispatcher of an empty ward lists no incident"
get /api/v1/plan "${TOK[far]}" address="$STREET"; expect 404 "out-of-scope candidates are not shown"
check '[ "$(status_of $FREE)" = available ]' "the matrix changed no unit"

# --- audit ---------------------------------------------------------------------------
n_audit() { sql "SELECT count(*) FROM audit_log WHERE action='$1'"; }
check '[ "$(n_audit incident.open)" = "$(sql "SELECT count(*) FROM incident")" ]' "every incident opened is audited"
check '[ "$(n_audit incident.dispatch)" = 1 ] && [ "$(n_audit incident.close)" = 1 ]' "dispatch and close audited"
check '[ "$(n_audit unit.status)" = 6 ]' "every unit status change audited (6)"
check '"$PCCC" --quiet audit verify --db "$DB" | grep -q "audit log intact"' "audit log verifies"

kill -TERM "$SERVER_PID"
STOPPED=0
for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || { STOPPED=1; break; }; sleep 0.1; done
wait "$SERVER_PID"; RC=$?
SERVER_PID=
check '[ $STOPPED = 1 ] && [ $RC = 0 ]' "SIGTERM stops the server cleanly (rc $RC)"

echo "dispatch tests: $CHECKS checks ($MATRIX authorization-matrix cells), $FAILS violations"
[ $FAILS = 0 ]
