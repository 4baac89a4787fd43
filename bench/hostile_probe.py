#!/usr/bin/env python3
"""hostile_probe.py — the /healthz probe of bench/hostile.py, in a process of
its own.

hostile.py measures /healthz from a thread of the same Python process that
runs 100+ attacker threads: every probe waits for the GIL behind them, so
its latency grows with the attacker's own CPU use, whatever the server does
(a server that refuses faster makes the attacker loop faster and the probe
look slower). This probe is the same well-behaved client (a new connection
per GET /healthz, 20 a second, 2 s timeout) alone in its process; it writes
one line per probe: unix time, milliseconds, 1/0 (answered 200 or not).

usage: hostile_probe.py PORT SECONDS OUT_FILE"""
import socket
import sys
import time


def main():
    port, seconds, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    end = time.time() + seconds
    with open(out, "w") as f:
        while time.time() < end:
            t0 = time.monotonic()
            ok = False
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=2)
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: p\r\nConnection: close\r\n\r\n")
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                ok = data.startswith(b"HTTP/1.1 200")
                s.close()
            except OSError:
                ok = False
            ms = (time.monotonic() - t0) * 1000.0
            f.write("%.3f %.3f %d\n" % (time.time(), ms, 1 if ok else 0))
            f.flush()
            time.sleep(max(0.0, 0.05 - (time.monotonic() - t0)))


if __name__ == "__main__":
    main()
