#!/usr/bin/env python3
"""Kernel latency benchmark: netbook against ipykernel, measured in one run.

Usage (from the repository root, after `cargo build --release`):
    .venv/bin/python benches/kernel_latency.py [--quick] [--netbook BIN] [--only-netbook]

`--netbook BIN` measures another build (e.g. a copy of main's binary, to
compare a change before and after); `--only-netbook` skips ipykernel.

Reports, for each kernel: cold start to kernel_info_reply (median of N,
client socket reconnect interval 1 ms so jupyter_client's 100 ms default
does not hide fast starts), execute round-trip of a trivial cell (send ->
execute_reply, median and p99 of 500), RSS after start and after 500 cells,
a 20-cell notebook through nbclient (kernel start included), and interrupt
latency (interrupt request -> execute_reply of a sleeping cell).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import zmq
from jupyter_client.connect import write_connection_file
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NETBOOK = ROOT / "target" / "release" / "netbook"

KERNELS = {
    "netbook": {
        "argv": lambda f: [str(NETBOOK), "kernel", "--connection-file", f],
        "trivial": "true",
        "sleep": "sleep 30",
        "cell": lambda i: f"echo cell {i}",
    },
    "ipykernel": {
        "argv": lambda f: [sys.executable, "-m", "ipykernel_launcher", "-f", f],
        "trivial": "pass",
        "sleep": "import time; time.sleep(30)",
        "cell": lambda i: f"print('cell {i}')",
    },
}


def pct(values, p):
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cold_start(name, runs):
    spec = KERNELS[name]
    times = []
    tmp = tempfile.mkdtemp(prefix="nb-bench-")
    try:
        for i in range(runs):
            fname = os.path.join(tmp, f"conn-{i}.json")
            fname, cfg = write_connection_file(fname, ip="127.0.0.1", key=b"bench-key")
            ctx = zmq.Context()
            sock = ctx.socket(zmq.DEALER)
            sock.setsockopt(zmq.RECONNECT_IVL, 1)
            sock.setsockopt(zmq.LINGER, 0)
            session = Session(key=b"bench-key")
            t0 = time.perf_counter()
            proc = subprocess.Popen(spec["argv"](fname), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            sock.connect(f"tcp://127.0.0.1:{cfg['shell_port']}")
            session.send(sock, "kernel_info_request", {})
            if sock.poll(30000) == 0:
                raise RuntimeError(f"{name} did not answer kernel_info")
            session.recv(sock)
            times.append(time.perf_counter() - t0)
            proc.kill()
            proc.wait()
            sock.close()
            ctx.term()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return times


def spec_name(name):
    return "netbook" if name == "netbook" else "python3"


def with_kernel(name):
    km = KernelManager(kernel_name=spec_name(name))
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    return km, kc


def execute(kc, code):
    """Returns the send -> execute_reply time; drains iopub to idle untimed."""
    t0 = time.perf_counter()
    msg_id = kc.execute(code, store_history=True)
    while True:
        reply = kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    t = time.perf_counter() - t0
    while True:
        m = kc.get_iopub_msg(timeout=30)
        if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                and m["content"]["execution_state"] == "idle"):
            break
    return t, reply


def round_trip(name, cells):
    km, kc = with_kernel(name)
    pid = km.provisioner.process.pid
    try:
        rss_start = rss_mib(pid)
        for _ in range(20):
            execute(kc, KERNELS[name]["trivial"])
        times = [execute(kc, KERNELS[name]["trivial"])[0] for _ in range(cells)]
        rss_end = rss_mib(pid)
        interrupts = []
        for _ in range(5):
            msg_id = kc.execute(KERNELS[name]["sleep"])
            time.sleep(0.3)
            t0 = time.perf_counter()
            km.interrupt_kernel()
            while True:
                reply = kc.get_shell_msg(timeout=30)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            interrupts.append(time.perf_counter() - t0)
            while True:
                m = kc.get_iopub_msg(timeout=30)
                if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                        and m["content"]["execution_state"] == "idle"):
                    break
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return times, rss_start, rss_end, interrupts


def notebook_run(name, runs):
    times = []
    for _ in range(runs):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(KERNELS[name]["cell"](i)) for i in range(20)]
        t0 = time.perf_counter()
        NotebookClient(nb, kernel_name=spec_name(name), timeout=60).execute()
        times.append(time.perf_counter() - t0)
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    ap.add_argument("--netbook", type=Path, help="the netbook binary (default target/release/netbook)")
    ap.add_argument("--only-netbook", action="store_true", help="skip ipykernel")
    args = ap.parse_args()
    global NETBOOK
    if args.netbook:
        NETBOOK = args.netbook.resolve()
    starts, cells, nbs = (5, 100, 2) if args.quick else (15, 500, 5)
    if not NETBOOK.exists():
        sys.exit("build first: cargo build --release")
    # The release binary's kernelspec, in a throw-away JUPYTER_PATH.
    prefix = tempfile.mkdtemp(prefix="nb-bench-spec-")
    subprocess.run([str(NETBOOK), "install", "--prefix", prefix], check=True, capture_output=True)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    results = {}
    names = ("netbook",) if args.only_netbook else ("netbook", "ipykernel")
    for name in names:
        cs = cold_start(name, starts)
        rt, rss0, rss1, intr = round_trip(name, cells)
        nb = notebook_run(name, nbs)
        results[name] = dict(cold=statistics.median(cs), rt=statistics.median(rt), p99=pct(rt, 99),
                             rss0=rss0, rss1=rss1, nb=statistics.median(nb), intr=statistics.median(intr))
        print(f"{name}: done", file=sys.stderr)
    if args.only_netbook:
        n = results["netbook"]
        print(f"| measure | netbook ({NETBOOK.name}) |")
        print("|---|---|")
        print(f"| cold start to kernel_info_reply (median of {starts}) | {n['cold']*1e3:.1f} ms |")
        print(f"| execute round-trip, median of {cells} | {n['rt']*1e3:.3f} ms |")
        print(f"| execute round-trip, p99 of {cells} | {n['p99']*1e3:.3f} ms |")
        print(f"| RSS after start | {n['rss0']:.1f} MiB |")
        print(f"| RSS after {cells} cells | {n['rss1']:.1f} MiB |")
        print(f"| 20-cell notebook via nbclient (median of {nbs}) | {n['nb']*1e3:.0f} ms |")
        print(f"| interrupt -> execute_reply (median of 5) | {n['intr']*1e3:.1f} ms |")
        return
    n, p = results["netbook"], results["ipykernel"]
    print(f"| measure | netbook | ipykernel | ratio |")
    print(f"|---|---|---|---|")
    print(f"| cold start to kernel_info_reply (median of {starts}) | {n['cold']*1e3:.1f} ms | {p['cold']*1e3:.1f} ms | {p['cold']/n['cold']:.1f}x |")
    print(f"| execute round-trip, median of {cells} | {n['rt']*1e3:.3f} ms | {p['rt']*1e3:.3f} ms | {p['rt']/n['rt']:.1f}x |")
    print(f"| execute round-trip, p99 of {cells} | {n['p99']*1e3:.3f} ms | {p['p99']*1e3:.3f} ms | {p['p99']/n['p99']:.1f}x |")
    print(f"| RSS after start | {n['rss0']:.1f} MiB | {p['rss0']:.1f} MiB | {p['rss0']/n['rss0']:.1f}x |")
    print(f"| RSS after {cells} cells | {n['rss1']:.1f} MiB | {p['rss1']:.1f} MiB | {p['rss1']/n['rss1']:.1f}x |")
    print(f"| 20-cell notebook via nbclient (median of {nbs}) | {n['nb']*1e3:.0f} ms | {p['nb']*1e3:.0f} ms | {p['nb']/n['nb']:.1f}x |")
    print(f"| interrupt -> execute_reply (median of 5) | {n['intr']*1e3:.1f} ms | {p['intr']*1e3:.1f} ms | {p['intr']/n['intr']:.1f}x |")


if __name__ == "__main__":
    main()
