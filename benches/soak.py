#!/usr/bin/env python3
"""Soak: 10,000 cells of mixed commands through jupyter_client.

    .venv/bin/python benches/soak.py [--cells N]

Checks that every execute gets its reply and its idle status (no message
lost), that execution counts are consecutive, and that the kernel's RSS
stays flat (within 10%) after warm-up. Exits non-zero on a failure.
Not part of the default suite (it takes about a minute); run it by hand
or from CI when the kernel's runtime changes.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(os.environ.get("NETBOOK_BIN", ROOT / "target" / "release" / "netbook"))

CELLS = [
    "echo hello",
    "ip netns add soak{i} 2>/dev/null; ip netns list | wc -l",
    "ipcalc -n 10.{j}.0.0/16 | head -n 3",
    "iptables -A INPUT -s 10.0.{j}.1 -j ACCEPT; iptables -D INPUT -s 10.0.{j}.1 -j ACCEPT",
    "cat /etc/hosts | grep -c local",
    "nosuchcommand",  # an error cell now and then
    "ip netns del soak{i} 2>/dev/null; true",
    "dig +short example.com",
    "help echo",
    "subnet split 10.0.0.0/24 --count 4 | tail -n 1",
    # Pings move the virtual clock as a learner's do, so the DNS queries'
    # conntrack entries time out (30 s) as on a real host instead of piling
    # up in a world where time never passes.
    "ping -c 3 127.0.0.1 | tail -n 1",
]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cells", type=int, default=10000)
    args = ap.parse_args()
    prefix = tempfile.mkdtemp(prefix="nb-soak-")
    subprocess.run([str(BIN), "install", "--prefix", prefix], check=True, capture_output=True)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    km = KernelManager(kernel_name="netbook")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=30)
    pid = km.provisioner.process.pid
    failures = []
    counts = []
    rss = {}
    t0 = time.perf_counter()
    for n in range(args.cells):
        code = CELLS[n % len(CELLS)].format(i=n % 50, j=n % 200)
        msg_id = kc.execute(code)
        reply = kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") != msg_id:
            failures.append(f"cell {n}: reply to another request")
        counts.append(reply["content"].get("execution_count"))
        while True:
            m = kc.get_iopub_msg(timeout=30)
            if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                    and m["content"]["execution_state"] == "idle"):
                break
        if n % 1000 == 999 or n == args.cells - 1:
            rss[n] = rss_kib(pid)
    elapsed = time.perf_counter() - t0
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    expected = list(range(1, args.cells + 1))
    if counts != expected:
        first = next(i for i, (a, b) in enumerate(zip(counts, expected)) if a != b)
        failures.append(f"execution counts are not consecutive: cell {first} got {counts[first]}, "
                        f"expected {expected[first]}")
    # Warm-up: the first 2,000 cells (the history keeps the last 1,000).
    warm_at = min(1999, args.cells - 1)
    warm, end = rss[warm_at], rss[args.cells - 1]
    print("RSS by cell:", ", ".join(f"{n + 1}: {v / 1024:.1f} MiB" for n, v in sorted(rss.items())))
    growth = (end - warm) / warm
    print(f"{args.cells} cells in {elapsed:.1f} s ({elapsed / args.cells * 1e3:.2f} ms/cell), "
          f"RSS after warm-up {warm / 1024:.1f} MiB, at the end {end / 1024:.1f} MiB ({growth:+.1%})")
    if growth > 0.10:
        failures.append(f"RSS grew {growth:.1%} after warm-up")
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
