#!/usr/bin/env python3
"""Workbook benchmark (issue 8): grading the six chapter notebooks.

Usage (from the repository root, after `cargo build --release`):
    .venv/bin/python benches/check_bench.py [--runs N] [--bin PATH]

Measures, in one run:
  1. `netbook check` on all six instructor notebooks: the whole process
     (exec to exit, notebooks read, run, reported) and the kernel time it
     reports per notebook;
  2. nbclient + the netbook kernel on the same six notebooks (one kernel
     start per notebook, as "Restart kernel and run all" does);
  3. nbclient + ipykernel on six notebooks with the same number of trivial
     code cells (`pass`), the floor of any Jupyter-based grader;
  4. nbclient + the netbook kernel on those trivial notebooks (`true`), to
     separate the chapters' own work from Jupyter's overhead.
Medians of N runs (default 5; `netbook check` gets 4N).
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def median_ms(values):
    return statistics.median(values) * 1e3


def code_cells(nb):
    return sum(1 for c in nb.cells if c.cell_type == "code" and c.source.strip())


def trivial(nb, kernel, line):
    out = nbformat.v4.new_notebook()
    out.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": kernel}
    out.cells = [nbformat.v4.new_code_cell(line) for _ in range(code_cells(nb))]
    return out


def run_nbclient(notebooks, kernel):
    t0 = time.perf_counter()
    for nb in notebooks:
        nb = nbformat.from_dict(nb)  # fresh copy: no outputs from an earlier run
        NotebookClient(nb, timeout=60, kernel_name=kernel).execute()
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", default=str(Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
                                         / "release" / "netbook"))
    args = ap.parse_args()
    netbook = Path(args.bin)
    if not netbook.exists():
        sys.exit(f"{netbook} not found: run `cargo build --release` first")
    if len(CHAPTERS) != 6:
        print(f"note: {len(CHAPTERS)} chapter notebooks found", file=sys.stderr)

    prefix = Path(tempfile.mkdtemp(prefix="nb-check-bench-"))
    try:
        subprocess.run([str(netbook), "install", "--prefix", str(prefix)], check=True, capture_output=True)
        os.environ["JUPYTER_PATH"] = str(prefix / "share" / "jupyter")
        # ipykernel's spec comes from this venv's share/jupyter.
        os.environ["JUPYTER_PATH"] += os.pathsep + str(Path(sys.prefix) / "share" / "jupyter")

        chapters = [nbformat.read(p, as_version=4) for p in CHAPTERS]
        cells = sum(code_cells(nb) for nb in chapters)

        # 1. netbook check, whole process.
        wall, kernel = [], []
        for _ in range(4 * args.runs):
            t0 = time.perf_counter()
            r = subprocess.run([str(netbook), "check", *map(str, CHAPTERS)], capture_output=True, text=True)
            wall.append(time.perf_counter() - t0)
            if r.returncode != 0:
                sys.exit(r.stdout + r.stderr)
            kernel.append(sum(float(t) for t in re.findall(r"in ([0-9.]+) ms\n", r.stdout)) / 1e3)
        points = r.stdout.strip().splitlines()[-1]

        # 2-4. nbclient, alternating so drift hits every variant alike.
        nbc = {"netbook chapters": [], "ipykernel trivial": [], "netbook trivial": []}
        triv_py = [trivial(nb, "python3", "pass") for nb in chapters]
        triv_nb = [trivial(nb, "netbook", "true") for nb in chapters]
        for _ in range(args.runs):
            nbc["netbook chapters"].append(run_nbclient(chapters, "netbook"))
            nbc["ipykernel trivial"].append(run_nbclient(triv_py, "python3"))
            nbc["netbook trivial"].append(run_nbclient(triv_nb, "netbook"))
    finally:
        shutil.rmtree(prefix, ignore_errors=True)

    check_ms = median_ms(wall)
    print(f"{len(CHAPTERS)} notebooks, {cells} code cells; {points}")
    print("| measure | median | vs `netbook check` |")
    print("|---|---|---|")
    print(f"| `netbook check` on all six chapters, whole process (median of {len(wall)}) "
          f"| {check_ms:.1f} ms | 1x |")
    print(f"| of which kernel time (sum of the per-notebook times it reports) | {median_ms(kernel):.1f} ms | |")
    for name, label in [("netbook chapters", "nbclient + netbook kernel, the six chapters"),
                        ("ipykernel trivial", f"nbclient + ipykernel, six notebooks of `pass` ({cells} cells)"),
                        ("netbook trivial", f"nbclient + netbook kernel, six notebooks of `true` ({cells} cells)")]:
        ms = median_ms(nbc[name])
        print(f"| {label} (median of {args.runs}) | {ms:.0f} ms | {ms / check_ms:.0f}x |")


if __name__ == "__main__":
    main()
