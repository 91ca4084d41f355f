#!/usr/bin/env python3
"""Grading bench (issue 16): `netbook check --source` on 1,000 generated
student submissions of all seven chapters, beside nbgrader autograde on 10 of
them, in the same run.

Usage (from the repository root, after `cargo build --release`):
    .venv/bin/python benches/grade_bench.py [--count N] [--runs R] [--nbgrader K] [--bin PATH]

The submissions are nbgrader layout (submitted/STUDENT/chK/NOTEBOOK.ipynb),
made from each chapter's student release by the cases of
tests/jupyter/submissions.py (right, other-way-right, wrong, cheating),
cycled. `netbook check` gets all seven instructor notebooks as --source and
the submitted/ directory; its whole process is timed, R runs, median.
nbgrader autograde runs on the first K submissions (one `autograde` per
chapter they cover), once; both tools' scores for those K must match.
"""
import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "jupyter"))
from submissions import CASES, CHAPTERS, build  # noqa: E402


def nbgrader(course, *args, check=True):
    env = os.environ.copy()
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    r = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True,
                       text=True, env=env)
    if check and r.returncode != 0:
        sys.exit(r.stdout + r.stderr)
    return r


def make_course(course, count):
    shutil.copy(ROOT / "notebooks" / "nbgrader_config.py", course)
    sources, releases = {}, {}
    for ch, path in CHAPTERS.items():
        (course / "source" / ch).mkdir(parents=True)
        shutil.copy(path, course / "source" / ch / path.name)
        nbgrader(course, "generate_assignment", ch, "--force")
        sources[ch] = nbformat.read(course / "source" / ch / path.name, as_version=4)
        releases[ch] = nbformat.read(course / "release" / ch / path.name, as_version=4)
    chapters = list(CHAPTERS)
    per_chapter = {ch: [c for c in CASES if c.chapter == ch and not c.known_bug] for ch in chapters}
    made = []
    for i in range(count):
        ch = chapters[i % len(chapters)]
        cases = per_chapter[ch]
        case = cases[(i // len(chapters)) % len(cases)]
        student = f"s{i:04d}"
        d = course / "submitted" / student / ch
        d.mkdir(parents=True)
        nbformat.write(build(case, releases[ch], sources[ch]), d / CHAPTERS[ch].name)
        made.append((student, ch))
    return made


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--nbgrader", type=int, default=10)
    ap.add_argument("--bin", default=str(Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
                                         / "release" / "netbook"))
    args = ap.parse_args()
    netbook = Path(args.bin)
    if not netbook.exists():
        sys.exit(f"{netbook} not found: run `cargo build --release` first")

    tmp = Path(tempfile.mkdtemp(prefix="nb-grade-bench-"))
    try:
        subprocess.run([str(netbook), "install", "--prefix", str(tmp / "kernel")], check=True,
                       capture_output=True)
        os.environ["JUPYTER_PATH"] = str(tmp / "kernel" / "share" / "jupyter")
        course = tmp / "course"
        course.mkdir()
        made = make_course(course, args.count)
        src_args = [a for ch, p in CHAPTERS.items() for a in ("--source", str(course / "source" / ch / p.name))]

        ours_csv = tmp / "netbook.csv"
        walls = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            r = subprocess.run([str(netbook), "check", "-q", *src_args, str(course / "submitted"),
                                "--csv", str(ours_csv)], capture_output=True, text=True)
            walls.append(time.perf_counter() - t0)
            if r.returncode not in (0, 1):
                sys.exit(r.stdout[-2000:] + r.stderr[-2000:])
        total_line = r.stdout.strip().splitlines()[-1]
        with open(ours_csv) as f:
            ours = {row["student"]: float(row["score"]) for row in csv.DictReader(f)}

        # nbgrader on the first K: a course with only those submissions.
        small = tmp / "small"
        shutil.copytree(course, small, ignore=shutil.ignore_patterns("submitted"))
        picked = made[: args.nbgrader]
        for student, ch in picked:
            shutil.copytree(course / "submitted" / student, small / "submitted" / student)
        t0 = time.perf_counter()
        for ch in sorted({ch for _, ch in picked}):
            nbgrader(small, "autograde", ch, "--force")
        nbgrader_wall = time.perf_counter() - t0
        export = tmp / "nbgrader.csv"
        nbgrader(small, "export", "--to", str(export))
        theirs = {}
        with open(export) as f:
            for row in csv.DictReader(f):
                if (small / "autograded" / row["student_id"] / row["assignment"]).exists():
                    theirs[row["student_id"]] = float(row["raw_score"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    mismatched = {s: (ours.get(s), theirs.get(s)) for s, _ in picked if ours.get(s) != theirs.get(s)}
    med = statistics.median(walls)
    per_nb_check = med / args.count * 1e3
    per_nb_nbgrader = nbgrader_wall / len(picked) * 1e3
    cores = os.cpu_count()
    print(f"{args.count} submissions over {len(CHAPTERS)} chapters, {cores} cores; netbook: {total_line}")
    print("| measure | value | per submission |")
    print("|---|---|---|")
    print(f"| `netbook check --source` x{len(CHAPTERS)} on {args.count} submissions, whole process "
          f"(median of {args.runs}: {', '.join(f'{w:.2f}' for w in walls)} s) | {med:.2f} s | {per_nb_check:.1f} ms |")
    print(f"| nbgrader autograde on {len(picked)} of them (one run) | {nbgrader_wall:.1f} s | "
          f"{per_nb_nbgrader:.0f} ms |")
    print(f"| ratio per submission | | {per_nb_nbgrader / per_nb_check:.0f}x |")
    print(f"scores of the {len(picked)} graded by both: "
          + ("equal" if not mismatched else f"DIFFERENT {mismatched}"))
    if mismatched or med >= 10:
        sys.exit(1)


if __name__ == "__main__":
    main()
