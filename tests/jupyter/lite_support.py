"""Shared by the lite tests: the chapters' cells, the native kernel's raw
iopub outputs for them, and the wasm build scripts/lite leaves behind."""
import json
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "target" / "lite-build" / "pkg"
SITE = ROOT / "target" / "lite"
CHAPTERS = sorted((ROOT / "notebooks").glob("0*.ipynb"))


def need_wasm():
    if not (PKG / "netbook_wasm_bg.wasm").exists():
        pytest.skip("the wasm build is missing: run scripts/lite first")
    if shutil.which("node") is None:
        pytest.skip("node is not installed")


def code_cells(path):
    nb = nbformat.read(path, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


def as_output(msg):
    """An iopub message in nbformat's output shape (what the wasm Session returns)."""
    t, c = msg["msg_type"], msg["content"]
    if t == "stream":
        return {"output_type": "stream", "name": c["name"], "text": c["text"]}
    if t == "display_data":
        return {"output_type": "display_data", "data": c["data"], "metadata": c["metadata"]}
    if t == "execute_result":
        return {"output_type": "execute_result", "data": c["data"], "metadata": c["metadata"],
                "execution_count": c["execution_count"]}
    if t == "clear_output":
        return {"output_type": "clear_output", "wait": c["wait"]}
    if t == "error":
        return {"output_type": "error", "ename": c["ename"], "evalue": c["evalue"],
                "traceback": c["traceback"]}
    return None


def native_run(cells, timeout=120, clock=None):
    """Each cell through the native kernel: {outputs, reply} as iopub and shell
    carry them. `clock`, a dict, receives the cells' wall time (no kernel start)."""
    import time

    km, kc = start_new_kernel(kernel_name="netbook")
    records = []
    t0 = time.monotonic()
    try:
        for code in cells:
            msg_id = kc.execute(code, store_history=True)
            outputs = []
            while True:
                msg = kc.get_iopub_msg(timeout=timeout)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
                out = as_output(msg)
                if out is not None:
                    outputs.append(out)
            reply = kc.get_shell_msg(timeout=timeout)["content"]
            keep = {k: reply[k] for k in ("status", "execution_count", "ename", "evalue", "traceback")
                    if k in reply}
            records.append({"outputs": outputs, "reply": keep})
        if clock is not None:
            clock["run_s"] = time.monotonic() - t0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return records


def wasm_run(cells, tmp_path):
    """The same cells through the wasm Session in Node (lite/tools/run-cells.mjs)."""
    src = tmp_path / "cells.json"
    src.write_text(json.dumps(cells))
    out = subprocess.run(["node", str(ROOT / "lite" / "tools" / "run-cells.mjs"), str(PKG), str(src)],
                         capture_output=True, text=True, timeout=300, check=True)
    return json.loads(out.stdout)


def native_timings(cells, code="ip netns add a", n=100):
    """The native kernel's figures beside the browser's: start to first
    kernel_info reply, execute round trip (reply and idle), and Run All."""
    import statistics
    import time

    t0 = time.monotonic()
    km, kc = start_new_kernel(kernel_name="netbook")
    ready = time.monotonic() - t0
    try:
        quiet = dict(store_history=False, output_hook=lambda m: None, timeout=60)
        trips = []
        for _ in range(n):
            t = time.monotonic()
            kc.execute_interactive(code, **quiet)
            trips.append(time.monotonic() - t)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    clock = {}
    native_run(cells, clock=clock)
    run_all = clock["run_s"]
    return {
        "native_kernel_ready_ms": round(ready * 1000, 1),
        "native_execute_round_trip_ms_median_of_100": round(statistics.median(trips) * 1000, 3),
        "native_run_all_chapter4_s": round(run_all, 3),
    }
