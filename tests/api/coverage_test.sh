#!/usr/bin/env bash
# coverage_test.sh — GET /api/v1/coverage and POST /api/v1/coverage/what-if
# against the real `pccc serve` on a loopback port, over a demo city (scale 1).
#
# usage: coverage_test.sh PCCC_BINARY
# Checks: roles at the door (planner and city admin yes, dispatcher and
# citizen 403, no token 401); the answer is a FeatureCollection whose city
# totals add up to the building count from plain SQL and equal the
# `pccc coverage` CLI's; the per-ward sums add up to the city; ?unit= and
# ?bbox= filter; bad parameters are 400 problem+json; a what-if adding a
# station at the worst building never makes anything worse, improves it,
# and leaves the stored station count unchanged; a bad scenario is 400/422.
# Needs curl, jq and sqlite3.
set -u
PCCC=$1
W=$(mktemp -d "${TMPDIR:-/tmp}/pccc-coverage.XXXXXX")
DB=$W/demo.sqlite
SERVER_PID=
CHECKS=0
FAILS=0
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
sql() { sqlite3 "$DB" "$@"; }
req() {
    local m=$1 p=$2 t=$3 d=${4-}
    local args=(-s -o "$W/body" -w '%{http_code}' -X "$m" --max-time 60)
    [ -n "$t" ] && args+=(-H "Authorization: Bearer $t")
    [ -n "$d" ] && args+=(-H "Content-Type: application/json" --data-binary "$d")
    STATUS=$(curl "${args[@]}" "$BASE$p")
    BODY=$(cat "$W/body")
}
expect() { WANT=$1; check '[ "$STATUS" = "$WANT" ]' "$2: expected $1, got $STATUS: ${BODY:0:300}"; }
jqb() { printf '%s' "$BODY" | jq -r "$@"; }

"$PCCC" --quiet demo --db "$DB" --scale 1 >/dev/null || { echo "FAIL: demo"; exit 1; }
declare -A TOK
for who in planner:planner admin:city_admin dispatcher:dispatcher citizen:citizen; do
    printf 'password of %s\n' "${who%%:*}" >"$W/pw"
    "$PCCC" --quiet user add --db "$DB" --username "${who%%:*}" --role "${who#*:}" --password-file "$W/pw" \
        >/dev/null || { echo "FAIL: user add $who"; exit 1; }
done
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
for who in planner admin dispatcher citizen; do
    req POST /api/v1/session "" "{\"username\":\"$who\",\"password\":\"password of $who\"}"
    expect 201 "login $who"
    TOK[$who]=$(jqb .token)
done
P=${TOK[planner]}

# --- the door --------------------------------------------------------------------
req GET /api/v1/coverage ""
expect 401 "no token"
req GET /api/v1/coverage "${TOK[dispatcher]}"
expect 403 "dispatcher"
req GET /api/v1/coverage "${TOK[citizen]}"
expect 403 "citizen"
req GET /api/v1/coverage "${TOK[admin]}"
expect 200 "city admin"

# --- the report --------------------------------------------------------------------
req GET "/api/v1/coverage?limit=10" "$P"
expect 200 "planner"
N=$(sql "SELECT count(*) FROM building")
check '[ "$(jqb .type)" = FeatureCollection ]' "a FeatureCollection"
check '[ "$(jqb .city.buildings)" = "$N" ]' "city buildings = $N from SQL (got $(jqb .city.buildings))"
check '[ "$(jqb "[.city.t1.buildings,.city.t2.buildings,.city.beyond.buildings,.city.unreachable.buildings]|add")" = "$N" ]' \
    "the classes add up to the buildings"
check '[ "$(jqb ".features|length")" = 10 ]' "limit=10 features"
check '[ "$(jqb ".features[0].properties|has(\"eta_s\")")" = true ]' "features carry eta_s"
WARDS=$(jqb '[.units[]|select(.level==3)|.summary.buildings]|add')
INWARD=$(sql "SELECT count(*) FROM building b JOIN admin_unit a ON a.id=b.admin_unit_id WHERE a.level=3")
check '[ "$WARDS" = "$INWARD" ]' "ward sums ($WARDS) = buildings in wards from SQL ($INWARD)"
CLI=$("$PCCC" coverage --db "$DB" --worst 0 2>/dev/null | jq -c .city)
check '[ "$CLI" = "$(jqb -c .city)" ]' "the CLI gives the same city totals"
WARD=$(sql "SELECT a.code FROM admin_unit a WHERE a.level=3 AND EXISTS(SELECT 1 FROM building b WHERE b.admin_unit_id=a.id) ORDER BY a.id LIMIT 1")
WN=$(sql "SELECT count(*) FROM building b JOIN admin_unit a ON a.id=b.admin_unit_id WHERE a.code='$WARD'")
req GET "/api/v1/coverage?unit=$WARD&vehicle=small_engine&t1=180&t2=360" "$P"
expect 200 "unit=$WARD"
check '[ "$(jqb .unit.summary.buildings)" = "$WN" ]' "ward $WARD has $WN buildings"
check '[ "$(jqb .options.vehicle)" = small_engine ] && [ "$(jqb .options.t1_s)" = 180 ]' "options echoed"
read -r W0 S0 E0 N0 < <(sql "SELECT MbrMinX(e), MbrMinY(e), MbrMinX(e)+0.002, MbrMinY(e)+0.002 FROM (SELECT entrance e FROM building ORDER BY id LIMIT 1)" -separator ' ' 2>/dev/null || echo "")
if [ -n "${W0:-}" ]; then
    req GET "/api/v1/coverage?bbox=$W0,$S0,$E0,$N0&limit=20000" "$P"
    expect 200 "bbox"
    check '[ "$(jqb "[.features[].geometry.coordinates|select(.[0] < $W0 or .[0] > $E0)]|length")" = 0 ]' "bbox filters"
fi
for bad in "vehicle=spaceship" "t1=0" "bbox=1,2,3" "unit=NOPE" "frobnicate=1" "units=some"; do
    req GET "/api/v1/coverage?$bad" "$P"
    check '[ "$STATUS" = 400 ] || [ "$STATUS" = 404 ]' "$bad: got $STATUS"
    check '[ "$(jqb .status)" = "$STATUS" ]' "$bad: problem+json"
done

# --- what-if -------------------------------------------------------------------------
req GET "/api/v1/coverage?limit=1" "$P"
LON=$(jqb '.features[0].geometry.coordinates[0]')
LAT=$(jqb '.features[0].geometry.coordinates[1]')
STATIONS=$(sql "SELECT count(*) FROM station")
req POST /api/v1/coverage/what-if "$P" "{\"add_stations\":[{\"lon\":$LON,\"lat\":$LAT,\"kinds\":[\"engine\"]}]}"
expect 200 "what-if"
check '[ "$(jqb .buildings_worse_class)" = 0 ]' "a new station makes nothing worse"
check '[ "$(jqb .buildings_faster)" -gt 0 ]' "a new station at the worst building makes something faster"
ENGINE_STATIONS=$(sql "SELECT count(DISTINCT station_id) FROM unit WHERE kind = 'engine'")
check '[ "$(jqb .options.stations)" = $((ENGINE_STATIONS + 1)) ]' "the new station counts as a source"
check '[ "$(sql "SELECT count(*) FROM station")" = "$STATIONS" ]' "nothing stored"
FIRST=$(sql "SELECT id FROM station ORDER BY id LIMIT 1")
req POST /api/v1/coverage/what-if "$P" "{\"remove_stations\":[$FIRST],\"vehicle\":\"engine\"}"
expect 200 "remove a station"
check '[ "$(jqb .buildings_better_class)" = 0 ]' "removing a station improves nothing"
req POST /api/v1/coverage/what-if "$P" '{"remove_stations":[999999]}'
expect 422 "unknown station"
req POST /api/v1/coverage/what-if "$P" '{"add_stations":[{"lon":105.8,"lat":21.0,"kinds":["spaceship"]}]}'
expect 400 "unknown kind"
req POST /api/v1/coverage/what-if "$P" '{"frobnicate":1}'
expect 400 "unknown member"
req POST /api/v1/coverage/what-if "$P" 'not json'
expect 400 "not JSON"
req POST /api/v1/coverage/what-if "${TOK[dispatcher]}" '{}'
expect 403 "dispatcher what-if"

echo "coverage_test: $CHECKS checks, $FAILS failures"
[ "$FAILS" = 0 ]
