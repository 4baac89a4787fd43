#!/usr/bin/env bash
# nginx_test.sh — the shipped nginx configuration in front of the real server.
#
# usage: nginx_test.sh PCCC_BINARY NGINX_CONF
# Makes a demo city with two accounts and a throwaway self-signed certificate
# (openssl, EC P-256, SAN 127.0.0.1), starts `pccc --verbose serve` on a
# loopback port with --trusted-proxy 127.0.0.1 (the access log is on), and
# Debian's nginx in front of it with NGINX_CONF itself: only its ports and
# certificate paths are substituted, and the test fails if any substitution
# does not apply. nginx runs as `nginx -c CONF -p TMPDIR -e LOG`, in the
# foreground of this script, never as the system service, with every path in
# the temporary directory. Then checks:
# - HTTPS works: login and a response plan over TLS, with the CA checked;
#   plain HTTP redirects; TLS 1.2 and 1.3 are accepted, TLS 1.0 and 1.1
#   refused (and a control server proves the client can speak TLS 1.1);
# - request smuggling: duplicate Content-Length, Content-Length with
#   Transfer-Encoding, and Transfer-Encoding in HTTP/1.0 are answered 400
#   by nginx and never reach pccc (its access log), while a control request
#   on the same kind of path does reach it;
# - an oversized body (with a length or chunked) is 413 problem+json at nginx;
# - the client address: requests sent from 127.0.0.7 and 127.0.0.8 through
#   nginx are logged and audited by pccc as 127.0.0.7 / 127.0.0.8, a forged
#   X-Forwarded-For sent through nginx is not believed, an untrusted peer
#   talking to pccc directly cannot name another address, a trusted one can
#   (right-most untrusted entry), and login throttling counts the forwarded
#   address;
# - the per-IP connection limit: an untrusted address gets --max-per-ip
#   connections and no more (and again after closing them); the trusted
#   proxy is exempt;
# - pccc down: nginx answers 503 problem+json.
# Needs nginx, openssl, curl, jq, python3 and sqlite3 with mod_spatialite;
# exits 77 (skipped) when one is missing.
set -u
PCCC=$1
CONF=$2
W=$(mktemp -d "${TMPDIR:-/tmp}/pccc-nginx.XXXXXX")
DB=$W/db/demo.sqlite
SERVER_PID=
NGINX_PID=
CONTROL_PID=
CHECKS=0
FAILS=0

cleanup() {
    [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
    [ -n "$CONTROL_PID" ] && kill "$CONTROL_PID" 2>/dev/null && wait "$CONTROL_PID" 2>/dev/null
    [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "SKIP: nginx is not installed (scripts/deps.sh)"; exit 77; }
for tool in openssl curl jq sqlite3 python3; do
    command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done

fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
check() { CHECKS=$((CHECKS + 1)); if ! eval "$1"; then fail "$2"; fi; }
sql() { sqlite3 -cmd ".load mod_spatialite" "$DB" "$@" 2>&1 | grep -v '^$'; }

# --- demo city, accounts, certificate ------------------------------------------
mkdir -p "$W/db" "$W/tmp"
"$PCCC" --quiet demo --db "$DB" --scale 1 >/dev/null || { echo "FAIL: demo"; exit 1; }
for u in "admin city_admin" "dispatcher dispatcher"; do
    set -- $u
    printf 'password of %s\n' "$1" >"$W/pw"
    "$PCCC" --quiet user add --db "$DB" --username "$1" --role "$2" --password-file "$W/pw" >/dev/null ||
        { echo "FAIL: user add $1"; exit 1; }
done
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=pccc.test \
    -addext "subjectAltName=DNS:pccc.test,IP:127.0.0.1" -keyout "$W/key.pem" -out "$W/cert.pem" 2>/dev/null ||
    { echo "FAIL: openssl cannot make a certificate"; exit 1; }
chmod 600 "$W/key.pem"

# --- pccc, then nginx in front ----------------------------------------------------
"$PCCC" --verbose serve --db "$DB" --port 0 --threads 2 --trusted-proxy 127.0.0.1 --max-per-ip 3 \
    2>"$W/serve.log" &
SERVER_PID=$!
PORT=
for _ in $(seq 100); do
    PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$W/serve.log" | grep -o '[0-9]*$')
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || { echo "FAIL: server did not start"; cat "$W/serve.log"; exit 1; }

free_port() { # a port nothing listens on
    local p
    for _ in $(seq 50); do
        p=$((20000 + RANDOM % 30000))
        (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return; }
    done
}
# render NGINX_CONF with our ports and certificate; every substitution must apply
render() {
    sed -e "s|^    listen 80;|    listen 127.0.0.1:$HPORT;|" \
        -e "s|^    listen 443 ssl http2;|    listen 127.0.0.1:$SPORT ssl http2;|" \
        -e "s|/etc/ssl/pccc/fullchain.pem|$W/cert.pem|" -e "s|/etc/ssl/pccc/privkey.pem|$W/key.pem|" \
        -e "s|server 127.0.0.1:8114;|server 127.0.0.1:$PORT;|" "$CONF" >"$W/pccc.conf"
    local n
    n=$(grep -c -e "listen 127.0.0.1:$HPORT;" -e "listen 127.0.0.1:$SPORT ssl" -e "$W/cert.pem" -e "$W/key.pem" \
        -e "server 127.0.0.1:$PORT;" "$W/pccc.conf")
    [ "$n" = 5 ] || { echo "FAIL: $CONF no longer has the lines this test substitutes ($n of 5)"; exit 1; }
    local user=""
    [ "$(id -u)" = 0 ] && user="user $(id -un) $(id -gn);"
    cat >"$W/nginx.conf" <<EOF
$user
worker_processes 1;
pid $W/nginx.pid;
error_log $W/nginx-error.log info;
daemon off;
events { worker_connections 512; }
http {
    log_format up '\$remote_addr "\$request" \$status upstream=\$upstream_addr';
    access_log $W/nginx-access.log up;
    client_body_temp_path $W/tmp/body;
    proxy_temp_path $W/tmp/proxy;
    fastcgi_temp_path $W/tmp/fastcgi;
    uwsgi_temp_path $W/tmp/uwsgi;
    scgi_temp_path $W/tmp/scgi;
    default_type application/octet-stream;
    include $W/pccc.conf;
}
EOF
}
for _ in 1 2 3; do
    HPORT=$(free_port) SPORT=$(free_port)
    render
    "$NGINX" -t -q -c "$W/nginx.conf" -p "$W/" -e "$W/nginx-error.log" 2>"$W/nginx-t.log" ||
        { echo "FAIL: nginx -t refuses the configuration:"; cat "$W/nginx-t.log"; exit 1; }
    "$NGINX" -c "$W/nginx.conf" -p "$W/" -e "$W/nginx-error.log" 2>>"$W/nginx-error.log" &
    NGINX_PID=$!
    for _ in $(seq 50); do
        curl -s -o /dev/null --cacert "$W/cert.pem" "https://127.0.0.1:$SPORT/healthz" && break
        sleep 0.1
    done
    kill -0 $NGINX_PID 2>/dev/null && break
    NGINX_PID=
done
[ -n "$NGINX_PID" ] || { echo "FAIL: nginx did not start"; cat "$W/nginx-error.log"; exit 1; }
BASE=https://127.0.0.1:$SPORT
DIRECT=http://127.0.0.1:$PORT
echo "pccc on $PORT, nginx on $SPORT (https) and $HPORT (http)"

# req [CURL-ARGS...] URL -> STATUS, BODY, HDRS (TLS verified against our certificate)
req() {
    STATUS=$(curl -s -o "$W/body" -D "$W/hdrs" -w '%{http_code}' --max-time 20 --cacert "$W/cert.pem" "$@")
    BODY=$(cat "$W/body")
    HDRS=$(cat "$W/hdrs")
}
expect() { # expect STATUS WHAT [PROBLEM-SLUG]
    CHECKS=$((CHECKS + 1))
    if [ "$STATUS" != "$1" ]; then
        fail "$2: got $STATUS, want $1: ${BODY:0:300}"
    elif [ -n "${3-}" ] && [ "$(jq -r .type <<<"$BODY" 2>/dev/null)" != "https://pccc.hanoi/problems/$3" ]; then
        fail "$2: problem type $(jq -r .type <<<"$BODY" 2>/dev/null), want $3: ${BODY:0:300}"
    fi
}
login() { # login USER FROM-ADDRESS [CURL-ARGS...] -> TOKEN
    local u=$1 from=$2
    shift 2
    req --interface "$from" -H 'Content-Type: application/json' \
        --data-binary "{\"username\":\"$u\",\"password\":\"password of $u\"}" "$@" "$BASE/api/v1/session"
    TOKEN=$(jq -r '.token // empty' <<<"$BODY" 2>/dev/null)
}
pccc_saw() { grep -c "$1" "$W/serve.log"; } # access-log lines of pccc matching

# --- HTTPS -------------------------------------------------------------------------
req "$BASE/healthz"; expect 200 "healthz over HTTPS"
check 'grep -qi "^strict-transport-security: max-age=" <<<"$HDRS"' "HSTS header"
check '! grep -qi "^server: nginx/" <<<"$HDRS"' "nginx does not announce its version"
login dispatcher 127.0.0.7; expect 201 "dispatcher login over HTTPS"
D=$TOKEN
CODE=$(sql "SELECT house_code FROM building WHERE house_code IS NOT NULL ORDER BY id LIMIT 1 OFFSET 40")
BID=$(sql "SELECT id FROM building WHERE house_code='$CODE'")
req --interface 127.0.0.7 -G -H "Authorization: Bearer $D" --data-urlencode "house=$CODE" "$BASE/api/v1/plan"
expect 200 "plan over HTTPS"
check '[ "$(jq -r .building.id <<<"$BODY")" = "$BID" ]' "the plan is for the building asked ($BID)"
check '[ "$(jq "[.first_alarm[].unit_ids[]] | length" <<<"$BODY")" -ge 1 ]' "the plan over HTTPS has a first alarm"
req --resolve "pccc.test:$SPORT:127.0.0.1" "https://pccc.test:$SPORT/healthz"; expect 200 "certificate valid for its name"
req "http://127.0.0.1:$HPORT/api/v1/version"; expect 301 "plain HTTP redirects"
check 'grep -qi "^location: https://" <<<"$HDRS"' "the redirect goes to https"

# --- TLS versions -------------------------------------------------------------------
req --tlsv1.2 --tls-max 1.2 "$BASE/healthz"; expect 200 "TLS 1.2 accepted"
check 'curl -s -o /dev/null -w "%{ssl_verify_result}" --cacert "$W/cert.pem" --tlsv1.2 --tls-max 1.2 -v "$BASE/healthz" 2>&1 |
    grep -q "SSL connection using TLSv1.2"' "TLS 1.2 negotiated"
req --tlsv1.3 "$BASE/healthz"; expect 200 "TLS 1.3 accepted"
s_client_ok() { # s_client_ok PORT VERSION-FLAG: 1 when a handshake at that version succeeds
    openssl s_client -connect "127.0.0.1:$1" "$2" -cipher 'DEFAULT:@SECLEVEL=0' </dev/null 2>/dev/null |
        grep -Eq '^New, .*Cipher is [A-Z0-9]'
}
CPORT=$(free_port)
openssl s_server -accept "127.0.0.1:$CPORT" -cert "$W/cert.pem" -key "$W/key.pem" -tls1_1 \
    -cipher 'DEFAULT:@SECLEVEL=0' -www >/dev/null 2>&1 &
CONTROL_PID=$!
sleep 0.3
if s_client_ok "$CPORT" -tls1_1; then
    check '! s_client_ok "$SPORT" -tls1_1' "nginx must refuse TLS 1.1"
    check '! s_client_ok "$SPORT" -tls1' "nginx must refuse TLS 1.0"
    check 'curl -s -o /dev/null --cacert "$W/cert.pem" --tlsv1.2 "$BASE/healthz"' "TLS 1.2 still works after the refusals"
else
    echo "NOTE: this openssl cannot speak TLS 1.1 even to a server that accepts it; TLS 1.0/1.1 refusal not checked"
fi
kill "$CONTROL_PID" 2>/dev/null; wait "$CONTROL_PID" 2>/dev/null; CONTROL_PID=

# --- request smuggling: refused by nginx, never seen by pccc --------------------------
raw() { # raw REQUEST-TEXT -> RAW_STATUS (first line of the answer over TLS)
    RAW_STATUS=$(printf '%b' "$1" | timeout 10 openssl s_client -connect "127.0.0.1:$SPORT" -quiet \
        -CAfile "$W/cert.pem" 2>/dev/null | head -1 | tr -d '\r')
}
raw 'GET /api/v1/smuggle-control HTTP/1.1\r\nHost: pccc.test\r\nConnection: close\r\n\r\n'
check '[[ "$RAW_STATUS" == "HTTP/1.1 404"* ]]' "control request through raw TLS reaches pccc (got $RAW_STATUS)"
sleep 0.2
check '[ "$(pccc_saw "GET /api/v1/smuggle-control 404")" = 1 ]' "pccc logs the control request"
raw 'POST /api/v1/smuggle-dup-cl HTTP/1.1\r\nHost: pccc.test\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 44\r\n\r\n{}GET /api/v1/smuggle-inner HTTP/1.1\r\nHost: x\r\n\r\n'
check '[[ "$RAW_STATUS" == "HTTP/1.1 400"* ]]' "duplicate Content-Length: 400 (got $RAW_STATUS)"
raw 'POST /api/v1/smuggle-dup-cl2 HTTP/1.1\r\nHost: pccc.test\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}'
check '[[ "$RAW_STATUS" == "HTTP/1.1 400"* ]]' "duplicate equal Content-Length: 400 (got $RAW_STATUS)"
raw 'POST /api/v1/smuggle-cl-te HTTP/1.1\r\nHost: pccc.test\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /api/v1/smuggle-inner HTTP/1.1\r\nHost: x\r\n\r\n'
check '[[ "$RAW_STATUS" == "HTTP/1.1 400"* ]]' "Content-Length with Transfer-Encoding: 400 (got $RAW_STATUS)"
raw 'POST /api/v1/smuggle-te10 HTTP/1.0\r\nHost: pccc.test\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'
check '[[ "$RAW_STATUS" == "HTTP/1.1 400"* ]]' "Transfer-Encoding in HTTP/1.0: 400 (got $RAW_STATUS)"
raw 'POST /api/v1/smuggle-te-gzip HTTP/1.1\r\nHost: pccc.test\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n'
check '[[ "$RAW_STATUS" == "HTTP/1.1 501"* || "$RAW_STATUS" == "HTTP/1.1 400"* ]]' \
    "unknown transfer coding refused (got $RAW_STATUS)"
sleep 0.2
check '[ "$(pccc_saw smuggle-dup-cl)" = 0 ] && [ "$(pccc_saw smuggle-cl-te)" = 0 ] && [ "$(pccc_saw smuggle-te)" = 0 ]' \
    "no refused request reaches pccc"
check '[ "$(pccc_saw smuggle-inner)" = 0 ]' "no smuggled inner request reaches pccc"
check '[ "$(grep -c "smuggle-dup-cl.*upstream=-" "$W/nginx-access.log")" = 2 ]' "nginx logs the refusals as not proxied"

# --- body size ------------------------------------------------------------------------
head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$W/big"
req -H "Authorization: Bearer $D" -H 'Content-Type: application/json' --data-binary @"$W/big" \
    "$BASE/api/v1/smuggle-big"
expect 413 "2 MiB body with a length" body-too-large
req -H "Authorization: Bearer $D" -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' \
    --data-binary @"$W/big" "$BASE/api/v1/smuggle-big-chunked"
expect 413 "2 MiB chunked body" body-too-large
sleep 0.2
check '[ "$(pccc_saw smuggle-big)" = 0 ]' "oversized bodies never reach pccc"
head -c 4000 /dev/zero | tr '\0' ' ' >"$W/small"
printf '{"username":"dispatcher","password":"password of dispatcher"}' >>"$W/small"
req --interface 127.0.0.7 -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' \
    --data-binary @"$W/small" "$BASE/api/v1/session"
expect 201 "a small chunked body is re-framed by nginx and accepted"

# --- who the client is ---------------------------------------------------------------------
last_audit_ip() { sql "SELECT ip FROM audit_log WHERE action='$1' ORDER BY id DESC LIMIT 1"; }
check '[ "$(last_audit_ip login)" = 127.0.0.7 ]' "audit: login through nginx from 127.0.0.7 (got $(last_audit_ip login))"
check '[ "$(pccc_saw "127.0.0.7 via 127.0.0.1 POST /api/v1/session 201")" -ge 2 ]' \
    "pccc logs the forwarded client and its proxy"
check '[ "$(pccc_saw "127.0.0.7 via 127.0.0.1 GET /api/v1/plan 200")" = 1 ]' "pccc logs the plan's client"
login dispatcher 127.0.0.8 -H "X-Forwarded-For: 6.6.6.6"; expect 201 "login with a forged X-Forwarded-For"
check '[ "$(last_audit_ip login)" = 127.0.0.8 ]' "audit: a forged X-Forwarded-For through nginx is not believed"
check '[ "$(pccc_saw 6.6.6.6)" = 0 ]' "the forged address appears nowhere in pccc's log"
# straight to pccc from an untrusted address: the header is ignored
STATUS=$(curl -s -o "$W/body" -w '%{http_code}' --interface 127.0.0.9 -H "X-Forwarded-For: 6.6.6.6" \
    -H 'Content-Type: application/json' --data-binary '{"username":"admin","password":"password of admin"}' \
    "$DIRECT/api/v1/session")
check '[ "$STATUS" = 201 ] && [ "$(last_audit_ip login)" = 127.0.0.9 ]' \
    "audit: an untrusted peer cannot name another address (got $(last_audit_ip login))"
check '[ "$(pccc_saw "127.0.0.9 POST /api/v1/session 201")" = 1 ]' "pccc logs the untrusted peer itself"
ADMIN=$(jq -r .token "$W/body")
# from the trusted proxy's address: the right-most address that is not a trusted proxy
direct_whoami() { # direct_whoami XFF: a request from 127.0.0.1 (trusted) naming XFF; pccc's access log tells
    curl -s -o /dev/null -H "Authorization: Bearer $ADMIN" -H "X-Forwarded-For: $1" "$DIRECT/api/v1/xff-probe"
    sleep 0.1
}
direct_whoami "6.6.6.6, 10.1.2.3, 127.0.0.1"
check '[ "$(pccc_saw "10.1.2.3 via 127.0.0.1 GET /api/v1/xff-probe")" = 1 ]' "right-most untrusted X-Forwarded-For entry"
direct_whoami "2001:db8::5"
check '[ "$(pccc_saw "2001:db8::5 via 127.0.0.1 GET /api/v1/xff-probe")" = 1 ]' "an IPv6 client behind the proxy"
direct_whoami "not-an-address"
check '[ "$(pccc_saw "http: 127.0.0.1 GET /api/v1/xff-probe 404")" = 1 ]' "a malformed X-Forwarded-For leaves the peer"
# throttling counts the forwarded address: 20 failures from 127.0.0.20 lock it, not 127.0.0.21
for i in $(seq 20); do
    curl -s -o /dev/null --cacert "$W/cert.pem" --interface 127.0.0.20 -H 'Content-Type: application/json' \
        --data-binary "{\"username\":\"nobody$i\",\"password\":\"wrong password $i\"}" "$BASE/api/v1/session"
done
login dispatcher 127.0.0.20; expect 429 "login throttled for the forwarded address that failed 20 times"
login dispatcher 127.0.0.21; expect 201 "another address behind the same proxy is not throttled"

# --- per-IP connection limit (--max-per-ip 3), trusted proxy exempt ------------------------
python3 - "$PORT" >"$W/conns.txt" 2>&1 <<'EOF'
import socket, sys, time
port = int(sys.argv[1])
def conn(src):
    s = socket.socket()
    s.bind((src, 0))
    s.settimeout(3)
    s.connect(("127.0.0.1", port))
    return s
def served(src):
    """A request on a new connection from src: True when answered."""
    try:
        s = conn(src)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        ok = s.recv(100).startswith(b"HTTP/1.1 200")
        s.close()
        return ok
    except OSError:
        return False
held = [conn("127.0.0.30") for _ in range(3)]
time.sleep(0.2)
print("untrusted_4th", served("127.0.0.30"))
print("other_address", served("127.0.0.31"))
for s in held:
    s.close()
time.sleep(0.3)
print("after_close", served("127.0.0.30"))
held = [conn("127.0.0.1") for _ in range(6)]
time.sleep(0.2)
print("trusted_7th", served("127.0.0.1"))
for s in held:
    s.close()
EOF
check 'grep -qx "untrusted_4th False" "$W/conns.txt"' "a 4th connection from one untrusted address is refused"
check 'grep -qx "other_address True" "$W/conns.txt"' "another address is still served"
check 'grep -qx "after_close True" "$W/conns.txt"' "closing connections frees the address's slots"
check 'grep -qx "trusted_7th True" "$W/conns.txt"' "the trusted proxy is exempt from the per-IP limit"

# --- pccc down: nginx answers for it -----------------------------------------------------------
kill -TERM "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null
SERVER_PID=
req "$BASE/healthz"; expect 503 "pccc stopped: 503 from nginx" upstream-unavailable
check 'grep -qi "^retry-after: 5" <<<"$HDRS"' "with Retry-After"

echo "nginx_test: $CHECKS checks, $FAILS failures"
echo "$((CHECKS - FAILS)) passed, $FAILS failed"
[ "$FAILS" = 0 ]
