#!/usr/bin/env bash
# door_test.sh — requests with a body are refused at the door, before the body.
#
# usage: door_test.sh PCCC_BINARY
# Against the real server (--max-body 65536), with raw sockets (python3):
# a request that announces a body but would be refused anyway gets its
# answer right after its headers, while the client has not sent a byte of
# the body: 401 without a token, 403 for a role the route does not admit,
# 404 for an unknown path, 405 for a wrong method, 413 for a Content-Length
# over the limit, 401 instead of "100 Continue" for Expect: 100-continue;
# the connection is then closed (the unread body is never taken for a next
# request). A chunked body over the limit on a public route is cut, and a
# flood of such cuts is logged at most once a second. An admitted chunked
# body is read normally (the account is created). New connections per
# address are limited (--max-new-per-ip 20: a burst of 40, then 20 a second),
# per address. Needs python3, curl, jq, sqlite3.
set -u
PCCC=$1
W=$(mktemp -d "${TMPDIR:-/tmp}/pccc-door.XXXXXX")
DB=$W/door.sqlite
SERVER_PID=
CHECKS=0
FAILS=0
cleanup() {
    [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT
for tool in python3 curl jq sqlite3; do
    command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
check() { CHECKS=$((CHECKS + 1)); if ! eval "$1"; then fail "$2"; fi; }

for u in "admin city_admin" "dispatcher dispatcher"; do
    set -- $u
    printf 'password of %s\n' "$1" >"$W/pw"
    "$PCCC" --quiet user add --db "$DB" ${FIRST---create} --username "$1" --role "$2" --password-file "$W/pw" \
        >/dev/null || { echo "FAIL: user add $1"; exit 1; }
    FIRST=
done
"$PCCC" serve --db "$DB" --port 0 --threads 2 --max-body 65536 --max-new-per-ip 20 --max-per-ip 8 \
    2>"$W/serve.log" &
SERVER_PID=$!
PORT=
for _ in $(seq 100); do
    PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$W/serve.log" | grep -o '[0-9]*$')
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || { echo "FAIL: server did not start"; cat "$W/serve.log"; exit 1; }
token() {
    curl -s -H 'Content-Type: application/json' --data-binary "{\"username\":\"$1\",\"password\":\"password of $1\"}" \
        "http://127.0.0.1:$PORT/api/v1/session" | jq -r .token
}
ADMIN=$(token admin)
DISP=$(token dispatcher)

python3 - "$PORT" "$ADMIN" "$DISP" >"$W/door.txt" 2>&1 <<'EOF'
import json, socket, sys, time
port, admin, disp = int(sys.argv[1]), sys.argv[2], sys.argv[3]

def early(name, head):
    """Sends only the headers; prints the status that came back without any body byte
    sent, and whether the server then closed the connection."""
    s = socket.create_connection(("127.0.0.1", port), timeout=3)
    s.sendall(head.encode())
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        status = data.split(b" ")[1].decode() if data.startswith(b"HTTP/1.1 ") else "none"
        # what follows: the server must close, not wait for the body
        s.settimeout(2)
        closed = False
        try:
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    closed = True
                    break
        except socket.timeout:
            pass
    except socket.timeout:
        status, closed = "timeout", False
    s.close()
    print(name, status, "closed" if closed else "open")

H = "Host: x\r\nContent-Type: application/json\r\n"
early("no_token_chunked", "POST /api/v1/users HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n")
early("no_token_length", "POST /api/v1/users HTTP/1.1\r\n" + H + "Content-Length: 60000\r\n\r\n")
early("bad_token", "POST /api/v1/users HTTP/1.1\r\n" + H + "Authorization: Bearer " + "0" * 64
      + "\r\nContent-Length: 100\r\n\r\n")
early("wrong_role", "POST /api/v1/users HTTP/1.1\r\n" + H + "Authorization: Bearer " + disp
      + "\r\nContent-Length: 100\r\n\r\n")
early("unknown_path", "POST /api/v1/nothing-here HTTP/1.1\r\n" + H + "Content-Length: 100\r\n\r\n")
early("wrong_method", "PUT /healthz HTTP/1.1\r\n" + H + "Content-Length: 100\r\n\r\n")
early("too_long", "POST /api/v1/session HTTP/1.1\r\n" + H + "Content-Length: 70000\r\n\r\n")
early("expect_100", "POST /api/v1/users HTTP/1.1\r\n" + H + "Expect: 100-continue\r\nContent-Length: 100\r\n\r\n")

def flood(i):
    """A chunked body over the limit on the public login route: cut, no answer."""
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(("POST /api/v1/session HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n").encode())
    blob = b"4000\r\n" + b"a" * 0x4000 + b"\r\n"
    sent, answer = 0, b""
    try:
        while sent < 16 * 1024 * 1024:
            s.sendall(blob)
            sent += len(blob)
    except OSError:
        pass
    try:
        answer = s.recv(100)
    except OSError:
        pass
    s.close()
    return sent, answer

results = [flood(i) for i in range(8)]
print("flood_cut", all(sent < 16 * 1024 * 1024 and not answer.startswith(b"HTTP/1.1 200") for sent, answer in results))

# an admitted chunked body is read as usual
body = json.dumps({"username": "chunky", "password": "password of chunky", "role": "planner",
                   "admin_unit_id": None}).encode()
s = socket.create_connection(("127.0.0.1", port), timeout=5)
s.sendall(("POST /api/v1/users HTTP/1.1\r\n" + H + "Authorization: Bearer " + admin
           + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").encode())
s.sendall(b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n")
print("admitted", s.recv(100).split(b" ")[1].decode())
s.close()

# new connections per address (--max-new-per-ip 20: bursts of 40): 60 at once from
# one fresh address, each served and closed before the next
def served(src):
    try:
        c = socket.socket()
        c.bind((src, 0))
        c.settimeout(3)
        c.connect(("127.0.0.1", port))
        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        ok = c.recv(100).startswith(b"HTTP/1.1 200")
        c.close()
        return ok
    except OSError:
        return False
# expected: 40 + 20 a second of the time the attempts took (+1 for rounding)
t0 = time.monotonic()
burst = sum(served("127.0.0.50") for _ in range(60))
t1 = time.monotonic()
print("rate_burst", 40 <= burst <= 40 + 20 * (t1 - t0) + 1, burst, round(t1 - t0, 3))
print("rate_other", served("127.0.0.51"))
time.sleep(1.0)
refill = sum(served("127.0.0.50") for _ in range(60))
t2 = time.monotonic()
print("rate_refill", 15 <= refill <= 20 * (t2 - t1) + 1, refill, round(t2 - t1, 3))
EOF
got() { grep "^$1 " "$W/door.txt" | cut -d' ' -f2-; }
check '[ "$(got no_token_chunked)" = "401 closed" ]' "chunked body without a token: 401 before the body ($(got no_token_chunked))"
check '[ "$(got no_token_length)" = "401 closed" ]' "announced body without a token: 401 before the body ($(got no_token_length))"
check '[ "$(got bad_token)" = "401 closed" ]' "unknown token: 401 before the body ($(got bad_token))"
check '[ "$(got wrong_role)" = "403 closed" ]' "a role the route does not admit: 403 before the body ($(got wrong_role))"
check '[ "$(got unknown_path)" = "404 closed" ]' "unknown path: 404 before the body ($(got unknown_path))"
check '[ "$(got wrong_method)" = "405 closed" ]' "wrong method: 405 before the body ($(got wrong_method))"
check '[ "$(got too_long)" = "413 closed" ]' "Content-Length over the limit: 413 before the body ($(got too_long))"
check '[ "$(got expect_100)" = "401 closed" ]' "Expect: 100-continue without a token: 401, no 100 ($(got expect_100))"
check '[ "$(got flood_cut)" = True ]' "chunked bodies over the limit on a public route are cut"
check '[ "$(got admitted)" = 201 ]' "an admitted chunked body is read and applied ($(got admitted))"
check '[ "$(sqlite3 "$DB" "SELECT count(*) FROM account WHERE username='"'chunky'"'")" = 1 ]' \
    "the account from the chunked body exists"
N=$(grep -c "closing 127.0.0.1: body over the limit" "$W/serve.log")
check '[ "$N" -ge 1 ] && [ "$N" -le 4 ]' "8 cuts in a burst give at most a few log lines ($N)"
check '! grep -q "Application reported internal error" "$W/serve.log"' "no log line per cut connection from libmicrohttpd"
check '[[ "$(got rate_burst)" == True* ]]' "60 connections at once from one address: the burst of 40 served ($(got rate_burst))"
check '[ "$(got rate_other)" = True ]' "another address is not held back"
check '[[ "$(got rate_refill)" == True* ]]' "a second later about 20 more ($(got rate_refill))"
STATUS=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")
check '[ "$STATUS" = 200 ]' "still serving"
grep -q "Traceback" "$W/door.txt" && { fail "the client script failed:"; cat "$W/door.txt"; }

echo "door_test: $CHECKS checks, $FAILS failures"
echo "$((CHECKS - FAILS)) passed, $FAILS failed"
[ "$FAILS" = 0 ]
