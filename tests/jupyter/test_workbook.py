"""The workbook (notebooks/0N-*.ipynb): instructor notebooks pass their own
checks, wrong student copies fail the expected checks with the expected
feedback, the nbgrader student release removes solutions and hidden tests,
and the handouts carry the rich (SVG and HTML) outputs."""
import json
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from conftest import NETBOOK_BIN

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"
CHAPTERS = ["01-network-ip", "02-routing", "03-dns", "04-namespaces", "05-iptables", "06-ssh-tunneling",
            "07-kubernetes"]
NOTEBOOKS = [ROOT / "notebooks" / f"{name}.ipynb" for name in CHAPTERS]


def netbook_check(*args, cwd=None):
    return subprocess.run([str(NETBOOK_BIN), "check", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def graded(nb):
    """grade_id -> points of the autograded cells."""
    return {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"]
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}


def errors(executed):
    """cell id -> (ename, evalue, traceback) of every failed cell."""
    out = {}
    for cell in executed.cells:
        for o in cell.get("outputs", []):
            if o.output_type == "error":
                out[cell.id] = (o.ename, o.evalue, "\n".join(o.traceback))
    return out


def test_every_chapter_is_there_clean_and_well_formed():
    assert sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9]*.ipynb")) == CHAPTERS
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert (nb.nbformat, nb.nbformat_minor) == (4, 5), path.name
        assert nb.metadata.kernelspec == {"name": "netbook", "display_name": "Netbook (Linux networking)",
                                          "language": "netbook"}
        assert nb.metadata.language_info["name"] == "netbook"
        for cell in nb.cells:
            assert cell.get("id"), path.name
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: stored output"
        # Exercises: each solution cell is followed by its graded check, and
        # every chapter hides at least one test.
        tasks = [i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("solution")]
        assert tasks, path.name
        for i in tasks:
            assert "### BEGIN SOLUTION" in nb.cells[i].source and "### END SOLUTION" in nb.cells[i].source
            check = nb.cells[i + 1].metadata["nbgrader"]
            assert check["grade"] and check["locked"] and check["points"] > 0
            assert nb.cells[i + 1].source.lstrip().startswith("check")
        assert any("### BEGIN HIDDEN TESTS" in c.source for c in nb.cells), path.name


def test_netbook_check_passes_every_instructor_notebook(tmp_path):
    r = netbook_check(*NOTEBOOKS, "--junit", tmp_path / "junit.xml")
    assert r.returncode == 0, r.stdout + r.stderr
    assert re.search(rf"total (\d+)/\1 points in {len(NOTEBOOKS)} notebook\(s\): 0 failed check\(s\), 0 error\(s\)", r.stdout), r.stdout
    # Restart-and-run-all in well under a second of kernel time per chapter.
    times = [float(t) for t in re.findall(r"in ([0-9.]+) ms\n", r.stdout)]
    assert len(times) == len(NOTEBOOKS) and max(times) < 500, r.stdout
    for path in NOTEBOOKS:
        for gid in graded(nbformat.read(path, as_version=4)):
            assert f"✔ {gid} (" in r.stdout


@pytest.mark.parametrize("fixture, expected", [
    # The note's mask (5 subnets) copied for a 4-subnet question.
    ("wrong-01", {"ex1-check": ("4개로 나누려면 2비트를 빌립니다: 마스크를 다시 계산하세요", ['expected: output "255.255.255.192"',
                                                             'found:    "255.255.255.224"'])}),
    # The note's /etc/resolve.conf typo: the resolver never reads it.
    ("wrong-03", {"ex2-check": ("dig는 resolv.conf의 첫 nameserver에 묻습니다",
                                ['✘ check failed: dig +short www.shop.test', 'expected: output "10.0.0.99"',
                                 'found:    no output'])}),
])
def test_a_wrong_student_copy_fails_exactly_the_expected_checks(tmp_path, fixture, expected):
    src = FIXTURES / f"{fixture}.ipynb"
    r = netbook_check(src, "--output-dir", tmp_path)
    assert r.returncode == 1, r.stdout
    executed = nbformat.read(tmp_path / src.name, as_version=4)
    failed = errors(executed)
    assert set(failed) == set(expected), r.stdout
    for gid, (headline, lines) in expected.items():
        ename, evalue, tb = failed[gid]
        assert (ename, evalue) == ("CheckFailed", headline)
        for line in lines:
            assert line in tb, tb
        assert f"✘ {gid} (0/" in r.stdout
    points = graded(nbformat.read(src, as_version=4))
    for gid in set(points) - set(expected):
        assert f"✔ {gid} ({points[gid]}/{points[gid]})" in r.stdout


def test_student_release_strips_solutions_and_fails_every_graded_cell(tmp_path):
    out = tmp_path / "student"
    env = dict(os.environ, STUDENT_DIR=str(out))
    r = subprocess.run([str(ROOT / "scripts" / "student-release")], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    released = [out / f"{name}.ipynb" for name in CHAPTERS]
    for path, source in zip(released, NOTEBOOKS):
        nb = nbformat.read(path, as_version=4)
        text = json.dumps(nb)
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            assert marker not in text, f"{path.name}: {marker}"
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("solution"):
                assert cell.source == "# YOUR CODE HERE"
        assert graded(nb) == graded(nbformat.read(source, as_version=4))

    # Graded against the instructor's version, as nbgrader's autograde does:
    # the hidden tests come back, so a visible check that an empty answer
    # happens to pass (SSH reachable before any rule) still scores 0.
    sources = [a for src in NOTEBOOKS for a in ("--source", src)]
    r = netbook_check(*sources, *released, "--output-dir", tmp_path / "run")
    assert r.returncode == 1
    for path in released:
        nb = nbformat.read(path, as_version=4)
        failed = errors(nbformat.read(tmp_path / "run" / path.name, as_version=4))
        # Nothing answered: every autograded cell fails, and only those.
        assert set(failed) == set(graded(nb)), f"{path.name}: {sorted(failed)}"
        assert all(e[0] == "CheckFailed" for e in failed.values())


class OutputParts(HTMLParser):
    """Counts <svg> and <table> elements inside rendered output areas."""

    def __init__(self):
        super().__init__()
        self.stack = []
        self.svg = self.table = 0

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        inside = any("jp-OutputArea-output" in c for c in self.stack) or "jp-OutputArea-output" in classes
        if inside and tag == "svg":
            self.svg += 1
        if inside and tag == "table":
            self.table += 1
        if tag not in ("br", "img", "input", "meta", "link", "hr", "col"):
            self.stack.append(classes)

    def handle_endtag(self, tag):
        if self.stack and tag not in ("br", "img", "input", "meta", "link", "hr", "col"):
            self.stack.pop()


def test_handouts_carry_svg_and_html_outputs(tmp_path):
    env = dict(os.environ, NETBOOK_BIN=str(NETBOOK_BIN), HANDOUTS_DIR=str(tmp_path), NO_PDF="1")
    # Chapter 1: HTML tables with the subnet bars inside; chapter 4: the
    # topology (SVG only) and the packet walks (HTML).
    chapters = [ROOT / "notebooks" / "01-network-ip.ipynb", ROOT / "notebooks" / "04-namespaces.ipynb"]
    r = subprocess.run([str(ROOT / "scripts" / "handouts"), *map(str, chapters)],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    found = {}
    for nb in chapters:
        page = (tmp_path / f"{nb.stem}.html").read_text()
        parts = OutputParts()
        parts.feed(page)
        found[nb.stem] = (parts.svg, parts.table)
        # The passed graded checks are in the handout too (a plain line, so
        # nbgrader sees no cell result).
        assert "✔ 확인 통과" in page
    assert found["01-network-ip"][0] >= 3 and found["01-network-ip"][1] >= 5, found
    assert found["04-namespaces"][0] >= 1 and found["04-namespaces"][1] >= 1, found


def test_nbgrader_autograde_of_chapter_1_matches_netbook_check(tmp_path):
    """A real chapter through nbgrader: the instructor's answers get full
    marks, the wrong copy loses exactly the points `netbook check` takes
    (hidden tests restored by autograde included)."""
    import shutil
    import sys
    course = tmp_path / "course"
    (course / "source" / "ch1").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "nbgrader_config.py", course)
    shutil.copy(NOTEBOOKS[0], course / "source" / "ch1" / "ch1.ipynb")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")

    def nbgrader(*args):
        r = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True,
                           text=True, env=env)
        assert r.returncode == 0, r.stdout + r.stderr

    nbgrader("generate_assignment", "ch1", "--force")
    answers = nbformat.read(NOTEBOOKS[0], as_version=4)
    wrong = nbformat.read(FIXTURES / "wrong-01.ipynb", as_version=4)
    for student, source in [("good", answers), ("wrong", wrong)]:
        sub = nbformat.read(course / "release" / "ch1" / "ch1.ipynb", as_version=4)
        # The wrong copy predates the later exercises: those get the right answers.
        by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in answers.cells}
        by_id.update({c.metadata.get("nbgrader", {}).get("grade_id"): c for c in source.cells})
        for cell in sub.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if cell.metadata.get("nbgrader", {}).get("solution"):
                cell.source = by_id[gid].source
        (course / "submitted" / student / "ch1").mkdir(parents=True)
        nbformat.write(sub, course / "submitted" / student / "ch1" / "ch1.ipynb")
    nbgrader("autograde", "ch1", "--force")
    nbgrader("export", "--to", str(tmp_path / "grades.csv"))
    lines = (tmp_path / "grades.csv").read_text().splitlines()
    header = lines[0].split(",")
    scores = {row["student_id"]: float(row["raw_score"])
              for row in (dict(zip(header, line.split(","))) for line in lines[1:])}
    full = sum(graded(answers).values())
    assert scores == {"good": full, "wrong": full - 2}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_netbook_check_outputs_equal_nbclients_on_every_chapter(tmp_path, path, monkeypatch):
    # `netbook check` names the student after the file; the kernel reads
    # NETBOOK_STUDENT: the same id draws the same per-student variants.
    monkeypatch.setenv("NETBOOK_STUDENT", path.stem)
    from nbclient import NotebookClient
    from test_check import comparable
    r = netbook_check(path, "--output-dir", tmp_path)
    assert r.returncode == 0, r.stdout
    ours = nbformat.read(tmp_path / path.name, as_version=4)
    theirs = nbformat.read(path, as_version=4)
    NotebookClient(theirs, timeout=60, kernel_name="netbook").execute()
    # nbclient keeps each stream message as its own output; `netbook check`
    # joins adjacent chunks of one stream, as nbconvert's coalesce_streams
    # does. Same text, same order: compare with adjacent chunks joined.
    assert coalesced(comparable(ours)) == coalesced(comparable(theirs))


def coalesced(cells):
    out = []
    for count, outs in cells:
        joined = []
        for o in outs:
            if o[0] == "stream" and joined and joined[-1][0] == "stream" and joined[-1][1] == o[1]:
                joined[-1] = ("stream", o[1], joined[-1][2] + o[2])
            else:
                joined.append(o)
        out.append((count, joined))
    return out
