#!/usr/bin/env bash
# tls_test.sh — `pccc serve --tls-cert FILE --tls-key FILE`: HTTPS from pccc itself.
#
# usage: tls_test.sh PCCC_BINARY
# Makes a throwaway self-signed certificate (openssl, EC P-256, SAN
# 127.0.0.1) and a database with one account, starts the real server with
# the certificate on a loopback port, then checks: TLS 1.2 and 1.3 work
# (certificate verified by curl), a login works over TLS; TLS 1.0 and 1.1
# are refused (a control openssl server proves the client can speak 1.1),
# so is a TLS 1.2 CBC suite and plain HTTP; and the file checks each give a
# clear message and a refusal to start: missing file, certificate without
# key, a key readable by others, an encrypted key, files swapped, a key that
# does not match the certificate; a group-readable key starts with a
# warning. Needs openssl, curl and jq; exits 77 (skipped) without them.
set -u
PCCC=$1
W=$(mktemp -d "${TMPDIR:-/tmp}/pccc-tls.XXXXXX")
DB=$W/tls.sqlite
SERVER_PID=
CONTROL_PID=
CHECKS=0
FAILS=0

cleanup() {
    [ -n "$CONTROL_PID" ] && kill "$CONTROL_PID" 2>/dev/null && wait "$CONTROL_PID" 2>/dev/null
    [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT
for tool in openssl curl jq; do
    command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
check() { CHECKS=$((CHECKS + 1)); if ! eval "$1"; then fail "$2"; fi; }

printf 'first admin password\n' >"$W/pw"
"$PCCC" --quiet user add --db "$DB" --create --username admin --role city_admin --password-file "$W/pw" \
    >/dev/null || { echo "FAIL: user add"; exit 1; }
mkcert() { # mkcert NAME: NAME.cert + NAME.key (0600)
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=pccc.test \
        -addext "subjectAltName=DNS:pccc.test,IP:127.0.0.1" -keyout "$W/$1.key" -out "$W/$1.cert" 2>/dev/null ||
        { echo "FAIL: openssl cannot make a certificate"; exit 1; }
    chmod 600 "$W/$1.key"
}
mkcert main
mkcert other

# start_server LOG ARGS... -> PORT ("" when it did not start; SERVER_PID cleared when it exited)
start_server() {
    local log=$1
    shift
    "$PCCC" serve --db "$DB" --port 0 --threads 2 "$@" 2>"$log" &
    SERVER_PID=$!
    PORT=
    for _ in $(seq 100); do
        PORT=$(grep -o 'listening on https://127.0.0.1:[0-9]*' "$log" | grep -o '[0-9]*$')
        [ -n "$PORT" ] && return
        kill -0 "$SERVER_PID" 2>/dev/null || { wait "$SERVER_PID"; SERVER_PID=; return; }
        sleep 0.1
    done
}
stop_server() { kill -TERM "$SERVER_PID" && wait "$SERVER_PID"; SERVER_PID=; }

# --- serving HTTPS --------------------------------------------------------------------
start_server "$W/serve.log" --tls-cert "$W/main.cert" --tls-key "$W/main.key"
[ -n "$PORT" ] || { echo "FAIL: the server did not start with TLS"; cat "$W/serve.log"; exit 1; }
BASE=https://127.0.0.1:$PORT
tls_get() { # tls_get CURL-ARGS... -> the status of GET /healthz with the CA checked; the TLS line in $W/tls
    curl -sv -o "$W/body" -w '%{http_code}' --max-time 10 --cacert "$W/main.cert" "$@" "$BASE/healthz" 2>"$W/tls"
}
check '[ "$(tls_get --tlsv1.2 --tls-max 1.2)" = 200 ] && grep -q "SSL connection using TLSv1.2 / ECDHE" "$W/tls"' \
    "TLS 1.2 with ECDHE works"
check '[ "$(jq -r .status "$W/body")" = ok ]' "healthz over TLS 1.2 answers ok"
check '[ "$(tls_get --tlsv1.3)" = 200 ] && grep -q "SSL connection using TLSv1.3" "$W/tls"' "TLS 1.3 works"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$W/main.cert" --resolve "pccc.test:$PORT:127.0.0.1" \
    "https://pccc.test:$PORT/healthz")
check '[ "$STATUS" = 200 ]' "the certificate is verified for its name"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$W/other.cert" "$BASE/healthz")
check '[ "$STATUS" = 000 ]' "a client trusting another certificate refuses the server (got $STATUS)"
STATUS=$(curl -s -o "$W/body" -w '%{http_code}' --cacert "$W/main.cert" -H 'Content-Type: application/json' \
    --data-binary '{"username":"admin","password":"first admin password"}' "$BASE/api/v1/session")
check '[ "$STATUS" = 201 ] && [ "$(jq -r .token "$W/body" | wc -c)" = 65 ]' "login over TLS gives a token"
TOKEN=$(jq -r .token "$W/body")
STATUS=$(curl -s -o "$W/body" -w '%{http_code}' --cacert "$W/main.cert" -H "Authorization: Bearer $TOKEN" \
    "$BASE/api/v1/session")
check '[ "$STATUS" = 200 ] && [ "$(jq -r .username "$W/body")" = admin ]' "an authenticated request over TLS"
s_client_ok() { # s_client_ok PORT ARGS...: 1 when a handshake succeeds
    local port=$1
    shift
    openssl s_client -connect "127.0.0.1:$port" "$@" </dev/null 2>/dev/null | grep -Eq '^New, .*Cipher is [A-Z0-9]'
}
CPORT=$((20000 + RANDOM % 30000))
openssl s_server -accept "127.0.0.1:$CPORT" -cert "$W/main.cert" -key "$W/main.key" -tls1_1 \
    -cipher 'DEFAULT:@SECLEVEL=0' -www >/dev/null 2>&1 &
CONTROL_PID=$!
sleep 0.3
if s_client_ok "$CPORT" -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0'; then
    check '! s_client_ok "$PORT" -tls1_1 -cipher "DEFAULT:@SECLEVEL=0"' "TLS 1.1 must be refused"
    check '! s_client_ok "$PORT" -tls1 -cipher "DEFAULT:@SECLEVEL=0"' "TLS 1.0 must be refused"
else
    echo "NOTE: this openssl cannot speak TLS 1.1 even to a server that accepts it; TLS 1.0/1.1 refusal not checked"
fi
kill "$CONTROL_PID" 2>/dev/null; wait "$CONTROL_PID" 2>/dev/null; CONTROL_PID=
check 's_client_ok "$PORT" -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256' "TLS 1.2 AES-GCM suite accepted"
check '! s_client_ok "$PORT" -tls1_2 -cipher ECDHE-ECDSA-AES128-SHA' "TLS 1.2 CBC suite refused"
check '[ "$(tls_get --tlsv1.2 --tls-max 1.2)" = 200 ]' "still serving after the refused handshakes"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/healthz")
check '[ "$STATUS" != 200 ]' "plain HTTP on the HTTPS port gets no answer (got $STATUS)"
stop_server
check 'grep -q "stopping" "$W/serve.log"' "clean stop on SIGTERM"

# --- bad files: a clear message, no server ---------------------------------------------------
# refused START-ARGS... EXPECTED-TEXT WHAT
refused() {
    local what=${*: -1} want=${*: -2:1}
    start_server "$W/bad.log" "${@:1:$#-2}"
    if [ -n "$PORT" ]; then
        fail "$what: the server started"
        stop_server
    else
        CHECKS=$((CHECKS + 1))
        grep -q "$want" "$W/bad.log" || fail "$what: want '$want' in: $(tail -2 "$W/bad.log")"
    fi
}
refused --tls-cert "$W/none.cert" --tls-key "$W/main.key" "cannot read the TLS certificate .*none.cert: No such file" \
    "missing certificate"
refused --tls-cert "$W/main.cert" "needs both" "certificate without a key"
refused --tls-key "$W/main.key" "needs both" "key without a certificate"
cp "$W/main.key" "$W/open.key"
chmod 644 "$W/open.key"
refused --tls-cert "$W/main.cert" --tls-key "$W/open.key" "open.key has mode 0644: other users may read" \
    "key readable by others"
chmod 620 "$W/open.key"
refused --tls-cert "$W/main.cert" --tls-key "$W/open.key" "mode 0620" "key writable by its group"
openssl pkey -in "$W/main.key" -aes256 -passout pass:secret -out "$W/enc.key" 2>/dev/null
chmod 600 "$W/enc.key"
refused --tls-cert "$W/main.cert" --tls-key "$W/enc.key" "is encrypted" "encrypted key"
refused --tls-cert "$W/main.key" --tls-key "$W/main.cert" "has no PEM certificate" "files swapped"
refused --tls-cert "$W/main.cert" --tls-key "$W/other.key" "do not match" "key of another certificate"
refused --tls-cert "$W/main.cert" --tls-key "$W" "not a regular file" "a directory as the key"
# group-readable (Debian's ssl-cert group): starts, with a warning
cp "$W/main.key" "$W/group.key"
chmod 640 "$W/group.key"
start_server "$W/group.log" --tls-cert "$W/main.cert" --tls-key "$W/group.key"
check '[ -n "$PORT" ] && grep -q "readable by its group" "$W/group.log"' "a group-readable key: served, with a warning"
[ -n "$SERVER_PID" ] && stop_server

echo "tls_test: $CHECKS checks, $FAILS failures"
echo "$((CHECKS - FAILS)) passed, $FAILS failed"
[ "$FAILS" = 0 ]
