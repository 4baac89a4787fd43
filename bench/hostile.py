#!/usr/bin/env python3
"""hostile.py — slow and hostile clients against a running `pccc serve`,
while a probe measures /healthz latency (goal: p99 < 50 ms under attack).

usage: hostile.py PORT [--seconds S] [--idle N] [--slowloris N] [--bodies N]

Phases, each S seconds (default 10), the probe running throughout:
  baseline   no attack;
  idle       N idle connections (default 2000) that send nothing, opened
             from many loopback source addresses (127.0.0.2...) so that the
             per-IP limit does not simply refuse them;
  slowloris  N connections (default 500) trickling one header byte a second;
  bodies     N clients (default 50) each announcing a 1 GB body (413 at the
             door) and N streaming chunked bodies with no length, 64 kB at a
             time, as fast as the server reads;
  all        the three at once.
The probe is a well-behaved client on 127.0.0.1: a new connection per GET
/healthz, 20 per second, 2 s timeout. Prints per phase: probes, failures,
p50, p99, max (ms). Python standard library only."""
import argparse
import socket
import threading
import time

HOST = "127.0.0.1"


def probe_loop(port, stop, out):
    while not stop.is_set():
        t0 = time.monotonic()
        ok = False
        try:
            s = socket.create_connection((HOST, port), timeout=2)
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
        out.append(((time.monotonic() - t0) * 1000.0, ok))
        time.sleep(max(0.0, 0.05 - (time.monotonic() - t0)))


def src_addr(i, per_ip=50):
    n = 2 + i // per_ip
    return ("127.0.%d.%d" % (n // 250, 2 + n % 250), 0)


def open_conn(port, i):
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(src_addr(i))
        s.settimeout(2)
        s.connect((HOST, port))
        s.setblocking(False)
        return s
    except OSError:
        return None


def idle(port, n, stop, stats):
    socks = [open_conn(port, i) for i in range(n)]
    stats["idle_open"] = sum(1 for s in socks if s)
    stop.wait()
    for s in socks:
        if s:
            s.close()


def slowloris(port, n, stop, stats):
    socks = [open_conn(port, 100000 + i) for i in range(n)]
    stats["slow_open"] = sum(1 for s in socks if s)
    line = b"GET /api/v1/users HTTP/1.1\r\nHost: x\r\nX-a: " + b"b" * 10000
    pos = 0
    while not stop.wait(1.0):
        for k, s in enumerate(socks):
            if s is None:
                continue
            try:
                s.send(line[pos % len(line):pos % len(line) + 1])
            except OSError:
                socks[k] = open_conn(port, 100000 + k)  # reconnect: keep the pressure
                stats["slow_reconnects"] = stats.get("slow_reconnects", 0) + 1
        pos += 1
    for s in socks:
        if s:
            s.close()


def big_bodies(port, n, stop, stats):
    def announce(i):
        while not stop.is_set():
            s = open_conn(port, 200000 + i)
            if not s:
                time.sleep(0.1)
                continue
            s.setblocking(True)
            try:
                s.sendall(b"POST /api/v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 1000000000\r\n\r\n")
                r = s.recv(200)
                if b" 413 " in r:
                    stats["b413"] = stats.get("b413", 0) + 1
            except OSError:
                pass
            s.close()

    def stream(i):
        blob = b"4000\r\n" + b"a" * 0x4000 + b"\r\n"
        while not stop.is_set():
            s = open_conn(port, 300000 + i)
            if not s:
                time.sleep(0.1)
                continue
            s.setblocking(True)
            try:
                s.sendall(b"POST /api/v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          b"Transfer-Encoding: chunked\r\n\r\n")
                sent = 0
                while not stop.is_set():
                    s.sendall(blob)
                    sent += len(blob)
                stats["streamed_mb"] = stats.get("streamed_mb", 0) + sent / 1e6
            except OSError:
                stats["stream_cut"] = stats.get("stream_cut", 0) + 1
            s.close()

    ts = [threading.Thread(target=announce, args=(i,)) for i in range(n)]
    ts += [threading.Thread(target=stream, args=(i,)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(p / 100.0 * len(v)))] if v else float("nan")


def phase(name, port, seconds, attacks):
    stop, pstop = threading.Event(), threading.Event()
    stats, lat = {}, []
    ts = [threading.Thread(target=f, args=(port, n, stop, stats)) for f, n in attacks]
    for t in ts:
        t.start()
    time.sleep(min(3.0, seconds / 3))  # let the attack build up before measuring
    pt = threading.Thread(target=probe_loop, args=(port, pstop, lat))
    pt.start()
    time.sleep(seconds)
    pstop.set()
    pt.join()
    stop.set()
    for t in ts:
        t.join()
    ms = [m for m, ok in lat if ok]
    fails = sum(1 for _, ok in lat if not ok)
    extra = " ".join("%s=%s" % (k, round(v, 1) if isinstance(v, float) else v) for k, v in sorted(stats.items()))
    print("%-9s probes %4d  failed %3d  p50 %6.2f ms  p99 %7.2f ms  max %7.2f ms  %s"
          % (name, len(lat), fails, pct(ms, 50), pct(ms, 99), max(ms) if ms else float("nan"), extra), flush=True)
    return fails, pct(ms, 99)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--idle", type=int, default=2000)
    ap.add_argument("--slowloris", type=int, default=500)
    ap.add_argument("--bodies", type=int, default=50)
    a = ap.parse_args()
    worst = 0.0
    bad = 0
    for name, attacks in [("baseline", []), ("idle", [(idle, a.idle)]), ("slowloris", [(slowloris, a.slowloris)]),
                          ("bodies", [(big_bodies, a.bodies)]),
                          ("all", [(idle, a.idle), (slowloris, a.slowloris), (big_bodies, a.bodies)])]:
        f, p99 = phase(name, a.port, a.seconds, attacks)
        bad += f
        worst = max(worst, p99)
        time.sleep(1)
    print("healthz under attack: worst p99 %.2f ms (goal < 50 ms), %d failed probes" % (worst, bad))
    return 0 if worst < 50 and bad == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
