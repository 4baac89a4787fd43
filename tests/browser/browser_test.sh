#!/usr/bin/env bash
# browser_test.sh — the web console in real headless Chromium (Debian's).
#
# usage: browser_test.sh PCCC_BINARY OUTPUT_DIR
# Makes a demo city (pccc demo --scale 1), one account per role with
# `pccc user add`, starts the real `pccc serve` on a free loopback port
# (--port 0, the port read from its log) and runs browser_test.js, which
# walks each page's main flow and saves a screenshot per step under
# OUTPUT_DIR. Skips (exit 77) with a clear message when chromium or node is
# missing (Debian packages chromium and nodejs; scripts/deps.sh installs them).
set -u
PCCC=$1
OUT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
CHROMIUM=${PCCC_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
command -v node >/dev/null || { echo "SKIP: node is not installed (Debian package nodejs)"; exit 77; }
[ -d /usr/share/javascript/leaflet ] || { echo "SKIP: Leaflet is not installed (Debian package libjs-leaflet)"; exit 77; }

W=$(mktemp -d "${TMPDIR:-/tmp}/pccc-browser.XXXXXX")
SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT
mkdir -p "$OUT"
rm -f "$OUT"/*.png "$OUT"/*.pdf "$OUT"/figures.json

DB=$W/demo.sqlite
"$PCCC" --quiet demo --db "$DB" --scale 1 >/dev/null || { echo "FAIL: pccc demo"; exit 1; }
add() { # add USER ROLE [UNIT]
    printf 'password of %s\n' "$1" >"$W/pw"
    "$PCCC" --quiet user add --db "$DB" --username "$1" --role "$2" ${3:+--unit "$3"} --password-file "$W/pw" >/dev/null ||
        { echo "FAIL: user add $1"; exit 1; }
}
add admin city_admin
add dispatcher dispatcher
add commander commander
add planner planner
add officer district_officer 01.D01
add citizen citizen 01.W0001

"$PCCC" serve --db "$DB" --port 0 --threads 2 2>"$W/serve.log" &
SERVER_PID=$!
PORT=
for _ in $(seq 50); do
    PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$W/serve.log" | grep -o '[0-9]*$')
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || { echo "FAIL: server did not start"; cat "$W/serve.log"; exit 1; }

# --- static files and map layers over plain HTTP (curl) -------------------------
BASE=http://127.0.0.1:$PORT
FAILS=0
want() { # want WHAT EXPECTED ACTUAL
    if [ "$2" != "$3" ]; then echo "FAIL: $1: got '$3', want '$2'"; FAILS=$((FAILS + 1)); fi
}
hdr() { curl -s -o /dev/null -D - "$@" | tr -d '\r'; }
want "/ is the login page" "text/html; charset=utf-8" "$(hdr "$BASE/" | sed -n 's/^Content-Type: //p')"
want "html carries a CSP" 1 "$(hdr "$BASE/dispatcher.html" | grep -c "^Content-Security-Policy: default-src 'self'")"
want "js type" "text/javascript; charset=utf-8" "$(hdr "$BASE/js/common.js" | sed -n 's/^Content-Type: //p')"
want "css type" "text/css; charset=utf-8" "$(hdr "$BASE/css/console.css" | sed -n 's/^Content-Type: //p')"
want "leaflet gzip from Debian" gzip "$(hdr -H 'Accept-Encoding: gzip' "$BASE/vendor/leaflet/leaflet.min.js" | sed -n 's/^Content-Encoding: //p')"
want "leaflet cached a day" "public, max-age=86400" "$(hdr "$BASE/vendor/leaflet/leaflet.css" | sed -n 's/^Cache-Control: //p')"
ETAG=$(hdr "$BASE/js/common.js" | sed -n 's/^ETag: //p')
want "304 on a matching ETag" 304 "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $ETAG" "$BASE/js/common.js")"
for bad in "/../../etc/passwd" "/%2e%2e/%2e%2e/etc/passwd" "/vendor/leaflet/../../../../etc/passwd" "/js/..%2f..%2fCMakeLists.txt" \
           "/.git/config" "/js/" "/nope.html" "/CMakeLists.txt"; do
    want "no file for $bad" 404 "$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "$BASE$bad")"
done
want "POST to a page" 405 "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/index.html")"
want "unknown API path stays a 404 problem" "application/problem+json" "$(hdr "$BASE/api/v1/nope" | sed -n 's/^Content-Type: //p')"
TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"username":"planner","password":"password of planner"}' \
    "$BASE/api/v1/session" | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
map() { curl -s -H "Authorization: Bearer $TOKEN" -o "$W/map.json" -w '%{http_code}' "$BASE/api/v1/map/$1"; }
want "map needs a token" 401 "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/map/roads?bbox=105.85,21.02,105.86,21.03")"
want "roads need a bbox" 400 "$(map roads)"
want "buildings bbox too large" 400 "$(map 'buildings?bbox=105.0,21.0,105.9,21.1')"
want "bbox-too-large problem" 1 "$(grep -c bbox-too-large "$W/map.json")"
want "bad bbox" 400 "$(map 'roads?bbox=105.86,21.02,105.85,21.03')"
want "roads in a bbox" 200 "$(map 'roads?bbox=105.85,21.02,105.86,21.035')"
N_SQL=$(sqlite3 "$DB" "SELECT count(*) FROM road_edge" 2>/dev/null || echo)
N_API=$(grep -o '"type":"Feature"' "$W/map.json" | wc -l)
[ -n "$N_SQL" ] && want "every road edge of the demo city in its bbox" "$N_SQL" "$N_API"
want "limit cuts" 200 "$(map 'buildings?bbox=105.85,21.02,105.86,21.035&limit=3')"
want "three features and truncated" "3 1" "$(grep -o '"type":"Feature"' "$W/map.json" | wc -l) $(grep -c '"truncated":true' "$W/map.json")"
want "hydrants with status" 200 "$(map hydrants)"
N_BROKEN=$(sqlite3 "$DB" "SELECT count(*) FROM hydrant WHERE status='broken'" 2>/dev/null || echo)
[ -n "$N_BROKEN" ] && want "broken hydrants listed as such" "$N_BROKEN" "$(grep -o '"status":"broken"' "$W/map.json" | wc -l)"
echo "static and map checks: $FAILS failed"
if [ -z "$CHROMIUM" ]; then
    echo "SKIP: chromium is not installed (Debian package chromium): browser flows not run"
    [ $FAILS -ne 0 ] && exit 1
    exit 77
fi

PCCC_CHROMIUM=$CHROMIUM timeout 170 node "$HERE/browser_test.js" "http://127.0.0.1:$PORT" "$OUT"
rc=$?
[ $FAILS -ne 0 ] && rc=1
[ $rc -ne 0 ] && { echo "--- server log (tail)"; tail -20 "$W/serve.log"; }
exit $rc
