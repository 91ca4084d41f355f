#!/usr/bin/env python3
"""Hostile-input soak: the chapters' own cells, in order, with random
pathologies mixed in, through the real kernel (jupyter_client).

    cargo build --release
    .venv/bin/python benches/soak_hostile.py --minutes 10 [--seed N]

Pathologies (issue 15): bridge loops, iptables chain loops, huge counts,
huge inputs (heredocs of 200k lines, 10 MB unknown commands, routes by the
100,000), deep recursion, endless loops, a cell that outgrows its memory
budget, interrupts of running cells, IOPub subscribers that never read,
and raw peers announcing oversized frames. Each chapter starts from
`%reset`. Reports lost replies (a request without its reply and idle
status within 120 s; must be 0), kernel deaths (must be 0), the kernel's
peak RSS (VmHWM) and the p50/p99/max cell time. Exits non-zero on a lost
reply or a death. Not part of the default suite.
"""
import argparse
import json
import os
import random
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import zmq
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(os.environ.get("NETBOOK_BIN", ROOT / "target" / "release" / "netbook"))
REPLY_TIMEOUT = 120


def chapters():
    out = []
    for f in sorted((ROOT / "notebooks").glob("0*.ipynb")):
        nb = json.loads(f.read_text())
        cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
        out.append((f.name, [c for c in cells if c.strip()]))
    return out


BRIDGE_LOOP = """ip netns add zzloop
ip -n zzloop link add br0 type bridge
ip -n zzloop link add br1 type bridge
ip -n zzloop link add a0 type veth peer name b0
ip -n zzloop link add a1 type veth peer name b1
for l in a0 a1; do ip -n zzloop link set $l master br0; done
for l in b0 b1; do ip -n zzloop link set $l master br1; done
for l in br0 br1 a0 a1 b0 b1; do ip -n zzloop link set $l up; done
ip -n zzloop addr add 10.0.0.1/24 dev br0
ip netns exec zzloop ping -c 1 10.0.0.9
ip netns del zzloop"""

CHAIN_LOOP = """ip netns add zzchain
ip netns exec zzchain iptables -N A
ip netns exec zzchain iptables -N B
ip netns exec zzchain iptables -A A -j B
ip netns exec zzchain iptables -A B -j A
ip netns exec zzchain iptables -A OUTPUT -j A
ip netns del zzchain"""


def many_routes(rng):
    n = rng.choice([10_000, 100_000])
    lines = "\n".join(f"route add 10.{i >> 8 & 255}.{i & 255}.0/24 dev zzd" for i in range(n))
    return (f"ip link add zzd type dummy; ip link set zzd up\n"
            f"ip -force -batch - <<'EOF' | tail -n 1\n{lines}\nEOF\n"
            f"ip route | wc -l; ip link del zzd")


def huge_heredoc(rng):
    n = rng.choice([50_000, 200_000])
    body = "\n".join(f"line {i} " + "x" * 20 for i in range(n))
    return f"cat <<'EOF' | sort -r | wc -l\n{body}\nEOF"


PATHOLOGIES = {
    "bridge-loop": lambda rng: BRIDGE_LOOP,
    "chain-loop": lambda rng: CHAIN_LOOP,
    "ping-huge-count": lambda rng: "ping -c 4294967295 127.0.0.1 | tail -n 2",
    "many-netns": lambda rng: (
        "for i in $(seq 100000); do ip netns add zn$i 2>/dev/null; done; ip netns list | wc -l\n"
        "for n in $(ip netns list | awk '/^zn/ {print $1}'); do ip netns del $n; done"),
    "many-routes": many_routes,
    "huge-heredoc": huge_heredoc,
    "deep-recursion": lambda rng: "f() { f; }; f; unset -f f",
    "unknown-10mb": lambda rng: "a" * 10_000_000,
    "endless-loop": lambda rng: "while :; do :; done",
    "endless-awk": lambda rng: "awk 'BEGIN { while (1) x++ }'",
    "memory-bomb": lambda rng: "y=x; for i in $(seq 40); do y=$y$y; done; echo ${#y}",
    "cat-many": lambda rng: ("seq 1000000 > /tmp/zbig; cat" + " /tmp/zbig" * 12
                             + " | wc -c; rm /tmp/zbig"),
    "seq-sort": lambda rng: "seq 100000000 | sort -r | tail -n 1",
    "interrupted": lambda rng: "sleep 1000",  # interrupted by the driver
}

GREETING = (b"\xff" + b"\0" * 8 + b"\x7f" + b"\x03\x00" + b"NULL".ljust(20, b"\0")
            + b"\0" + b"\0" * 31)


def oversize_frame(km, rng):
    """A raw peer greets one socket and announces a 2^40-byte frame."""
    name = rng.choice(["shell", "control", "stdin", "iopub", "hb"])
    try:
        s = socket.create_connection((km.ip, getattr(km, f"{name}_port")), timeout=5)
        s.sendall(GREETING)
        s.recv(64)
        s.sendall(b"\x02" + struct.pack(">Q", 1 << 40))
        s.settimeout(5)
        try:
            s.recv(1)
        except OSError:
            pass
        s.close()
    except OSError:
        pass


def lazy_subscriber(km):
    s = zmq.Context.instance().socket(zmq.SUB)
    s.setsockopt(zmq.RCVHWM, 1)
    s.setsockopt(zmq.RCVBUF, 4096)
    s.setsockopt(zmq.SUBSCRIBE, b"")
    s.linger = 0
    s.connect(f"tcp://{km.ip}:{km.iopub_port}")
    return s


def status_kib(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Driver:
    def __init__(self):
        self.km = KernelManager(kernel_name="netbook")
        self.start()
        self.deaths = 0
        self.lost = []
        self.times = {}  # kind -> list of seconds
        self.errors = {}  # kind -> error names seen
        self.peak_kib = 0

    def start(self):
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=30)
        self.pid = self.km.provisioner.process.pid

    def cell(self, kind, code, interrupt_after=None):
        t0 = time.perf_counter()
        msg_id = self.kc.execute(code)
        if interrupt_after is not None:
            time.sleep(interrupt_after)
            self.kc.control_channel.send(self.kc.session.msg("interrupt_request", {}))
        reply = idle = None
        deadline = time.monotonic() + REPLY_TIMEOUT
        try:
            while reply is None:
                m = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
                if m["parent_header"].get("msg_id") == msg_id:
                    reply = m
            while idle is None:
                m = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
                if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                        and m["content"]["execution_state"] == "idle"):
                    idle = m
        except Exception:  # queue.Empty: the reply or idle never came
            self.lost.append(f"{kind}: {'reply' if reply is None else 'idle'} missing")
        dt = time.perf_counter() - t0
        self.times.setdefault(kind, []).append(dt)
        if reply is not None and reply["content"]["status"] == "error":
            self.errors.setdefault(kind, set()).add(reply["content"].get("ename"))
        self.peak_kib = max(self.peak_kib, status_kib(self.pid, "VmHWM"))
        if not self.km.is_alive():
            self.deaths += 1
            print(f"kernel died after {kind}", flush=True)
            self.kc.stop_channels()
            self.start()


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))] if xs else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--hostile", type=float, default=0.3,
                    help="chance of a pathology before each chapter cell")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    prefix = tempfile.mkdtemp(prefix="nb-hostile-")
    subprocess.run([str(BIN), "install", "--prefix", prefix], check=True, capture_output=True)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    d = Driver()
    lazies = [lazy_subscriber(d.km) for _ in range(3)]
    book = chapters()
    end = time.monotonic() + args.minutes * 60
    counts = {"chapter": 0}
    t_start = time.monotonic()
    while time.monotonic() < end:
        for name, cells in book:
            d.cell("chapter", "%reset")
            for code in cells:
                if time.monotonic() >= end:
                    break
                while rng.random() < args.hostile:
                    kind = rng.choice(sorted(PATHOLOGIES) + ["oversize-frame", "lazy-subscriber"])
                    counts[kind] = counts.get(kind, 0) + 1
                    if kind == "oversize-frame":
                        oversize_frame(d.km, rng)
                    elif kind == "lazy-subscriber":
                        if len(lazies) < 12:
                            lazies.append(lazy_subscriber(d.km))
                    elif kind == "interrupted":
                        d.cell(kind, PATHOLOGIES[kind](rng), interrupt_after=rng.uniform(0.01, 0.3))
                    else:
                        d.cell(kind, PATHOLOGIES[kind](rng))
                d.cell("chapter", code)
                counts["chapter"] += 1
    elapsed = time.monotonic() - t_start
    peak = max(d.peak_kib, status_kib(d.pid, "VmHWM"))
    d.kc.stop_channels()
    d.km.shutdown_kernel(now=True)
    every = [t for ts in d.times.values() for t in ts]
    print(f"{len(every)} cells in {elapsed / 60:.1f} min (seed {args.seed}): "
          f"{counts['chapter']} chapter cells, {len(every) - counts['chapter']} hostile cells, "
          f"{counts.get('oversize-frame', 0)} oversized frames, {len(lazies)} lazy subscribers")
    print(f"lost replies: {len(d.lost)}; kernel deaths: {d.deaths}; peak RSS (VmHWM): {peak / 1024:.0f} MiB")
    print(f"cell time: p50 {pct(every, 0.5) * 1e3:.1f} ms, p99 {pct(every, 0.99) * 1e3:.0f} ms, "
          f"max {max(every) * 1e3:.0f} ms; chapter cells p99 {pct(d.times['chapter'], 0.99) * 1e3:.1f} ms")
    for kind in sorted(d.times):
        ts = d.times[kind]
        print(f"  {kind:16} n={len(ts):5} p50 {pct(ts, 0.5) * 1e3:8.1f} ms  max {max(ts) * 1e3:8.0f} ms"
              f"  errors {sorted(e for e in d.errors.get(kind, ()) if e)}")
    for line in d.lost:
        print("LOST:", line)
    sys.exit(1 if d.lost or d.deaths else 0)


if __name__ == "__main__":
    main()
