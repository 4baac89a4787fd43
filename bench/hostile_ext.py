#!/usr/bin/env python3
"""hostile_ext.py — bench/hostile.py's attacks, with /healthz measured from a
separate process (bench/hostile_probe.py) as well as from hostile.py's own
in-process probe.

Why: hostile.py's probe thread shares the GIL with the attacker's 100+
threads, so its latency is partly the attacker's (see hostile_probe.py).
This runs the same phases through hostile.phase() (same attacks, same
timing: a build-up of min(3, S/3) s, then S s measured) while the external
probe runs throughout; for each phase it prints both figures.

With --control-port, a second probe measures a server that nobody attacks
at the same time: what the machine itself (the attacker's CPU, other jobs)
adds to any latency, whatever the attacked server does.

usage: hostile_ext.py PORT [--seconds S] [--idle N] [--slowloris N] [--bodies N] [--control-port P]
PCCC_PROBE_CPUS=LIST pins the probe processes (taskset -c LIST)."""
import argparse
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile  # noqa: E402  (the attacks themselves, unchanged)


def stats(rows, t0, t1):
    ms = sorted(m for t, m, ok in rows if t0 <= t <= t1 and ok)
    failed = sum(1 for t, m, ok in rows if t0 <= t <= t1 and not ok)
    n = len(ms) + failed
    return n, failed, hostile.pct(ms, 50), hostile.pct(ms, 99), (ms[-1] if ms else float("nan"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--idle", type=int, default=2000)
    ap.add_argument("--slowloris", type=int, default=500)
    ap.add_argument("--bodies", type=int, default=50)
    ap.add_argument("--control-port", type=int, default=0)
    a = ap.parse_args()
    phases = [("baseline", []), ("idle", [(hostile.idle, a.idle)]),
              ("slowloris", [(hostile.slowloris, a.slowloris)]), ("bodies", [(hostile.big_bodies, a.bodies)]),
              ("all", [(hostile.idle, a.idle), (hostile.slowloris, a.slowloris), (hostile.big_bodies, a.bodies)])]
    build_up = min(3.0, a.seconds / 3)
    total = len(phases) * (a.seconds + build_up + 4) + 5
    probes = []
    for label, port in [("external probe (its own process)", a.port), ("control: an unattacked server", a.control_port)]:
        if not port:
            continue
        out = tempfile.NamedTemporaryFile(prefix="pccc-probe.", delete=False).name
        cmd = [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile_probe.py"),
               str(port), str(total), out]
        if os.environ.get("PCCC_PROBE_CPUS"):  # e.g. the server's core, away from the attacker's
            cmd = ["taskset", "-c", os.environ["PCCC_PROBE_CPUS"]] + cmd
        probes.append((label, out, subprocess.Popen(cmd)))
    windows = []
    try:
        time.sleep(0.5)
        for name, attacks in phases:
            t0 = time.time() + build_up
            hostile.phase(name, a.port, a.seconds, attacks)  # prints the in-process probe's line
            windows.append((name, t0, t0 + a.seconds))
            time.sleep(1)
    finally:
        for _, _, p in probes:
            p.terminate()
            p.wait()
    worst, bad = 0.0, 0
    for k, (label, out, _) in enumerate(probes):
        rows = []
        with open(out) as f:
            for line in f:
                t, m, ok = line.split()
                rows.append((float(t), float(m), ok == "1"))
        os.unlink(out)
        print(label + ":")
        for name, t0, t1 in windows:
            n, failed, p50, p99, mx = stats(rows, t0, t1)
            print("%-9s probes %4d  failed %3d  p50 %6.2f ms  p99 %7.2f ms  max %7.2f ms"
                  % (name, n, failed, p50, p99, mx))
            if k == 0:
                worst, bad = max(worst, p99), bad + failed
    print("healthz under attack (external probe): worst p99 %.2f ms (goal < 50 ms), %d failed probes" % (worst, bad))
    return 0 if worst < 50 and bad == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
