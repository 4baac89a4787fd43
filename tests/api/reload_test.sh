#!/usr/bin/env bash
# reload_test.sh — SIGHUP reloads without a restart, and refuses bad files.
#
# usage: reload_test.sh PCCC_BINARY RULES_FILE
# First the shipped deploy/pccc/serve.conf must serve (database and port
# overridden) and bad configurations must refuse to start. Then it runs the
# real server over HTTPS on a demo city with `--config FILE` naming
# a copy of RULES_FILE (data/dispatch.conf), a log level and a certificate,
# then, each time changing a file and sending SIGHUP:
# - rules: hose_reach_m 120 -> 77: every plan afterwards (from both worker
#   threads) says 77; a broken rules file is refused with its line number in
#   the log and plans keep 77; fixed again (88): plans say 88;
# - configuration file: an unknown setting is refused (FILE:LINE), nothing
#   changes; a setting that needs a restart is named in the log and kept;
# - log level: debug turns the access log on, warn turns info lines off;
# - certificate: replaced by another one, new connections get the new one
#   (verified against it, refused against the old); a key that does not
#   match, or readable by others, is refused and the current one served;
# and the server stops cleanly. Needs curl, jq, openssl, sqlite3 with
# mod_spatialite; exits 77 (skipped) without them.
set -u
PCCC=$1
RULES=$2
W=$(mktemp -d "${TMPDIR:-/tmp}/pccc-reload.XXXXXX")
DB=$W/demo.sqlite
SERVER_PID=
CHECKS=0
FAILS=0
cleanup() {
    [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT
for tool in curl jq openssl sqlite3; do
    command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
check() { CHECKS=$((CHECKS + 1)); if ! eval "$1"; then fail "$2"; fi; }
sql() { sqlite3 -cmd ".load mod_spatialite" "$DB" "$@" 2>&1 | grep -v '^$'; }

"$PCCC" --quiet demo --db "$DB" --scale 1 >/dev/null || { echo "FAIL: demo"; exit 1; }
printf 'password of dispatcher\n' >"$W/pw"
"$PCCC" --quiet user add --db "$DB" --username dispatcher --role dispatcher --password-file "$W/pw" >/dev/null ||
    { echo "FAIL: user add"; exit 1; }
mkcert() { # mkcert NAME
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=$1" \
        -addext "subjectAltName=IP:127.0.0.1" -keyout "$W/$1.key" -out "$W/$1.cert" 2>/dev/null ||
        { echo "FAIL: openssl"; exit 1; }
    chmod 600 "$W/$1.key"
}
mkcert a
mkcert b
cp "$W/a.cert" "$W/live.cert"
cp -p "$W/a.key" "$W/live.key"
cp "$RULES" "$W/rules.conf"
grep -q '^hose_reach_m = 120 ' "$W/rules.conf" || { echo "FAIL: $RULES has no 'hose_reach_m = 120' line"; exit 1; }
config() { # config LOG-LEVEL [EXTRA-LINE]
    cat >"$W/serve.conf" <<EOF
# pccc serve configuration (reload_test.sh)
db $DB
rules $W/rules.conf   # the dispatch rules
log-level $1
tls-cert $W/live.cert
tls-key $W/live.key
threads 2
timeout 2
deadline 2
${2-}
EOF
}
# start-up refusals: the same checks, before anything listens
OUT=$("$PCCC" serve --config "$W/none.conf" --port 0 2>&1)
RC=$?
check '[ $RC != 0 ] && [[ "$OUT" == *"cannot read the configuration file $W/none.conf"* ]]' "missing configuration file: $OUT"
config loud
OUT=$("$PCCC" serve --config "$W/serve.conf" --port 0 2>&1)
check '[[ "$OUT" == *"serve.conf:4: bad value '"'loud'"' for log-level"* ]]' "bad value in the file: $OUT"
config info
OUT=$("$PCCC" serve --config "$W/serve.conf" --port 0 --threads 0 2>&1)
check '[[ "$OUT" == *"bad value '"'0'"' for --threads"* ]]' "bad value on the command line: $OUT"
# the shipped example (deploy/pccc/serve.conf) parses and serves, its database and port overridden
EXAMPLE=$(dirname "$RULES")/../deploy/pccc/serve.conf
"$PCCC" serve --config "$EXAMPLE" --db "$DB" --port 0 2>"$W/example.log" &
EXAMPLE_PID=$!
for _ in $(seq 100); do grep -q 'listening on' "$W/example.log" && break; sleep 0.1; done
check 'grep -q "listening on http://127.0.0.1:" "$W/example.log"' "the example configuration serves: $(tail -1 "$W/example.log")"
kill -TERM "$EXAMPLE_PID"
wait "$EXAMPLE_PID"
"$PCCC" serve --config "$W/serve.conf" --port 0 2>"$W/serve.log" &
SERVER_PID=$!
PORT=
for _ in $(seq 100); do
    PORT=$(grep -o 'listening on https://127.0.0.1:[0-9]*' "$W/serve.log" | grep -o '[0-9]*$')
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || { echo "FAIL: server did not start"; cat "$W/serve.log"; exit 1; }
BASE=https://127.0.0.1:$PORT
CA=$W/a.cert
api() { # api CURL-ARGS... PATH -> STATUS, BODY (TLS verified against $CA)
    STATUS=$(curl -s -o "$W/body" -w '%{http_code}' --max-time 20 --cacert "$CA" "${@:1:$#-1}" "$BASE${*: -1}")
    BODY=$(cat "$W/body")
}
api -H 'Content-Type: application/json' \
    --data-binary '{"username":"dispatcher","password":"password of dispatcher"}' /api/v1/session
check '[ "$STATUS" = 201 ]' "login (got $STATUS)"
TOKEN=$(jq -r .token <<<"$BODY")
CODE=$(sql "SELECT house_code FROM building WHERE house_code IS NOT NULL ORDER BY id LIMIT 1 OFFSET 40")
# hose_reaches N: N plans in a row, the distinct hose_reach_m values they report
hose_reaches() {
    for _ in $(seq "$1"); do
        api -G -H "Authorization: Bearer $TOKEN" --data-urlencode "house=$CODE" /api/v1/plan
        [ "$STATUS" = 200 ] && jq -r .hose_reach_m <<<"$BODY" || echo "status-$STATUS"
    done | sort -u | tr '\n' ' '
}
# hup PATTERN: SIGHUP, then wait for one more log line matching PATTERN than before
hup() {
    local before
    CHECKS=$((CHECKS + 1))
    before=$(grep -c "$1" "$W/serve.log")
    kill -HUP "$SERVER_PID"
    for _ in $(seq 50); do
        [ "$(grep -c "$1" "$W/serve.log")" -gt "$before" ] && return 0
        sleep 0.1
    done
    fail "no log line '$1' after SIGHUP"
    return 1
}
check '[ "$(hose_reaches 4)" = "120 " ]' "plans start with the file's hose reach 120"

# --- rules ---------------------------------------------------------------------------------
sed -i 's/^hose_reach_m = 120 /hose_reach_m = 77 /' "$W/rules.conf"
hup "reloaded: log level info, rules changed"
check '[ "$(hose_reaches 8)" = "77 " ]' "after SIGHUP every plan (both workers) uses the new rules"
printf 'assign engine lots\n' >>"$W/rules.conf"
hup "reload refused"
check 'grep -q "reload refused, nothing changed: .*rules.conf: line [0-9]*" "$W/serve.log"' \
    "a broken rules file is refused with its line: $(grep 'reload refused' "$W/serve.log" | tail -1)"
check '[ "$(hose_reaches 6)" = "77 " ]' "after a refused reload the rules in force stay"
sed -i '/^assign engine lots$/d; s/^hose_reach_m = 77 /hose_reach_m = 88 /' "$W/rules.conf"
hup "rules changed"
check '[ "$(hose_reaches 6)" = "88 " ]' "a fixed rules file is taken at the next SIGHUP"
hup "rules unchanged" # an unchanged rules file is left alone

# --- the configuration file ----------------------------------------------------------------
config info "max-bodyy 5000"
hup "reload refused"
check 'grep -q "reload refused, nothing changed: .*serve.conf:10: unknown setting .max-bodyy." "$W/serve.log"' \
    "an unknown setting is refused with FILE:LINE"
config info "max-body 5000"
hup "kept until a restart"
check 'grep -q "changed but kept until a restart: max-body" "$W/serve.log"' "a restart-only setting is named"
check '[ "$(hose_reaches 2)" = "88 " ]' "still serving plans"

# --- log level -------------------------------------------------------------------------------
config debug
hup "reloaded: log level debug"
hose_reaches 1 >/dev/null
sleep 0.2
check '[ "$(grep -c "127.0.0.1 GET /api/v1/plan 200" "$W/serve.log")" = 1 ]' "debug: the access log is on"
config warn
kill -HUP "$SERVER_PID"
sleep 1
N_INFO=$(grep -c " info " "$W/serve.log")
hose_reaches 2 >/dev/null
kill -HUP "$SERVER_PID" # a reload at warn: its info line is not written
sleep 1
check '[ "$(grep -c " info " "$W/serve.log")" = "$N_INFO" ] && [ "$(grep -c "GET /api/v1/plan 200" "$W/serve.log")" = 1 ]' \
    "warn: no info lines, no access lines"
config info
hup "reloaded: log level info"

# --- certificate -------------------------------------------------------------------------------
tls_ok() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "$1" "$BASE/healthz"; }
check '[ "$(tls_ok "$W/a.cert")" = 200 ] && [ "$(tls_ok "$W/b.cert")" = 000 ]' "certificate A is served"
cp "$W/b.cert" "$W/live.cert"
cp -p "$W/b.key" "$W/live.key"
hup "certificate changed"
check '[ "$(tls_ok "$W/b.cert")" = 200 ]' "after SIGHUP new connections get certificate B"
check '[ "$(tls_ok "$W/a.cert")" = 000 ]' "and no longer A"
CA=$W/b.cert
check '[ "$(hose_reaches 4)" = "88 " ]' "plans over the new certificate, rules kept"
for _ in $(seq 60); do grep -q "previous certificate has stopped" "$W/serve.log" && break; sleep 0.1; done
check 'grep -q "previous certificate has stopped" "$W/serve.log"' "the old daemon stops once drained"
cp -p "$W/a.key" "$W/live.key" # B's certificate with A's key
hup "reload refused"
check 'grep -q "reload refused, nothing changed: the new TLS certificate and key are refused: .*do not match" "$W/serve.log"' \
    "a key that does not match is refused: $(grep 'reload refused' "$W/serve.log" | tail -1)"
check '[ "$(tls_ok "$W/b.cert")" = 200 ]' "certificate B still served after the refusal"
cp -p "$W/b.key" "$W/live.key"
chmod 644 "$W/live.key"
hup "reload refused"
check 'grep -q "reload refused, nothing changed: the TLS key .*live.key has mode 0644" "$W/serve.log"' \
    "a key readable by others is refused"
chmod 600 "$W/live.key"
hup "certificate unchanged"
check '[ "$(tls_ok "$W/b.cert")" = 200 ] && [ "$(hose_reaches 2)" = "88 " ]' "serving normally at the end"

kill -TERM "$SERVER_PID"
wait "$SERVER_PID"
RC=$?
SERVER_PID=
check '[ "$RC" = 0 ] && grep -q "stopping" "$W/serve.log"' "clean stop (exit $RC)"

echo "reload_test: $CHECKS checks, $FAILS failures"
echo "$((CHECKS - FAILS)) passed, $FAILS failed"
[ "$FAILS" = 0 ]
