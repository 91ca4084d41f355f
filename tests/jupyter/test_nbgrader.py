"""nbgrader on a small course: generate the student release, then autograde
a correct and a wrong submission with the netbook kernel."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "notebooks" / "nbgrader_config.py"


def md(text):
    return nbformat.v4.new_markdown_cell(text)


def code(src, **nbgrader):
    cell = nbformat.v4.new_code_cell(src)
    if nbgrader:
        meta = {"schema_version": 3, "locked": False, "solution": False, "grade": False, "task": False}
        meta.update(nbgrader)
        cell.metadata["nbgrader"] = meta
    return cell


def source_notebook():
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "netbook", "display_name": "Netbook (Linux networking)",
                                 "language": "netbook"}
    nb.cells = [
        md("## 연습: 네임스페이스 전용 resolv.conf"),
        code("# 준비\nmkdir -p /etc/netns/ns1"),
        code("### BEGIN SOLUTION\necho 'nameserver 10.96.0.10' > /etc/netns/ns1/resolv.conf\n### END SOLUTION",
             grade_id="answer", solution=True),
        code("check --contains 'nameserver 10.96.0.10' cat /etc/netns/ns1/resolv.conf\n"
             "### BEGIN HIDDEN TESTS\ncheck ! cat /etc/resolve.conf\n### END HIDDEN TESTS",
             grade_id="resolv-check", grade=True, locked=True, points=2),
    ]
    return nb


def nbgrader(course, *args):
    env = os.environ.copy()
    # nbgrader runs `alembic` from the same environment.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    r = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course,
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    return r


def test_generate_and_autograde(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(CONFIG, course)
    (course / "source" / "lab1").mkdir(parents=True)
    nbformat.write(source_notebook(), course / "source" / "lab1" / "lab1.ipynb")

    nbgrader(course, "generate_assignment", "lab1", "--force")
    release = nbformat.read(course / "release" / "lab1" / "lab1.ipynb", as_version=4)
    answer = release.cells[2]
    assert answer.source == "# YOUR CODE HERE"
    assert "BEGIN HIDDEN TESTS" not in release.cells[3].source
    assert "resolve.conf" not in release.cells[3].source

    for student, text in [("alice", "echo 'nameserver 10.96.0.10' > /etc/netns/ns1/resolv.conf"),
                          ("bob", "echo 'nameserver 8.8.8.8' > /etc/netns/ns1/resolv.conf"),
                          ("carol", "# YOUR CODE HERE")]:
        sub = nbformat.read(course / "release" / "lab1" / "lab1.ipynb", as_version=4)
        sub.cells[2].source = text
        d = course / "submitted" / student / "lab1"
        d.mkdir(parents=True)
        nbformat.write(sub, d / "lab1.ipynb")

    nbgrader(course, "autograde", "lab1", "--force")
    export = tmp_path / "grades.csv"
    nbgrader(course, "export", "--to", str(export))
    rows = {}
    for line in export.read_text().splitlines()[1:]:
        fields = line.split(",")
        header = export.read_text().splitlines()[0].split(",")
        row = dict(zip(header, fields))
        rows[row["student_id"]] = float(row["raw_score"])
    assert rows == {"alice": 2.0, "bob": 0.0, "carol": 0.0}

    graded = nbformat.read(course / "autograded" / "bob" / "lab1" / "lab1.ipynb", as_version=4)
    errors = [o for o in graded.cells[3].outputs if o.output_type == "error"]
    assert errors and errors[0].ename == "CheckFailed"
    assert "nameserver 10.96.0.10" in errors[0].evalue


# --- Grading integrity: nbgrader autograde and `netbook check --source` on
# the same submissions of the chapter notebooks (tests/jupyter/submissions.py),
# each against the score a careful human grader gives.

import csv
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import NETBOOK_BIN
from submissions import CASES, CHAPTERS, build, expected


def student_logs(log):
    """Autograde's log, split by the submission it was working on."""
    out, who = {}, None
    for line in log.splitlines():
        m = re.search(r"Sanitizing .*/submitted/([^/]+)/", line)
        if m:
            who = m.group(1)
        if who:
            out.setdefault(who, []).append(line)
    return {k: "\n".join(v) for k, v in out.items()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    shutil.copy(CONFIG, course)
    used = sorted({c.chapter for c in CASES})
    sources = {}
    for ch in used:
        name = CHAPTERS[ch].name
        (course / "source" / ch).mkdir(parents=True)
        shutil.copy(CHAPTERS[ch], course / "source" / ch / name)
        nbgrader(course, "generate_assignment", ch, "--force")
        sources[ch] = nbformat.read(course / "source" / ch / name, as_version=4)
    for case in CASES:
        name = CHAPTERS[case.chapter].name
        release = nbformat.read(course / "release" / case.chapter / name, as_version=4)
        d = course / "submitted" / case.student / case.chapter
        d.mkdir(parents=True)
        nbformat.write(build(case, release, sources[case.chapter]), d / name)

    env = os.environ.copy()
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    logs = {}
    for ch in used:
        r = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", ch, "--force"], cwd=course,
                           capture_output=True, text=True, env=env)
        logs.update(student_logs(r.stdout + r.stderr))
    export = course / "grades.csv"
    nbgrader(course, "export", "--to", str(export))
    theirs = {}
    with open(export) as f:
        for row in csv.DictReader(f):
            # export lists every student under every assignment: keep the graded ones.
            if (course / "autograded" / row["student_id"] / row["assignment"]).exists():
                theirs[row["student_id"]] = float(row["raw_score"])

    ours_csv, junit = course / "netbook.csv", course / "junit.xml"
    src_args = [a for ch in used for a in ("--source", str(course / "source" / ch / CHAPTERS[ch].name))]
    ours_run = subprocess.run([str(NETBOOK_BIN), "check", *src_args, str(course / "submitted"),
                               "--csv", str(ours_csv), "--junit", str(junit)],
                              capture_output=True, text=True)
    assert ours_run.returncode in (0, 1), ours_run.stdout + ours_run.stderr
    with open(ours_csv) as f:
        ours = {row["student"]: float(row["score"]) for row in csv.DictReader(f)}
    return dict(course=course, sources=sources, theirs=theirs, ours=ours, logs=logs,
                stdout=ours_run.stdout, junit=junit, autograded=course / "autograded")


def test_at_least_twenty_submissions_of_every_kind():
    assert len([c for c in CASES if not c.known_bug]) >= 20
    assert {c.chapter for c in CASES} == set(CHAPTERS)


@pytest.mark.parametrize("case", [
    pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=c.known_bug)) if c.known_bug else c
    for c in CASES], ids=[c.student for c in CASES])
def test_both_graders_give_the_human_score(graded, case):
    want = expected(case, graded["sources"][case.chapter])
    assert graded["ours"][case.student] == want, f"netbook check: {case.why}\n{graded['stdout']}"
    assert graded["theirs"].get(case.student) == want, f"nbgrader: {case.why}\n{graded['logs'].get(case.student)}"


def test_autograde_log_is_clean_unless_someone_tampered(graded):
    for case in CASES:
        log = graded["logs"][case.student]
        warnings = [l for l in log.splitlines() if "WARNING" in l]
        if case.tampered:
            assert warnings, f"{case.student}: tampering must still be reported\n{log}"
        else:
            assert warnings == [], f"{case.student}\n{log}"
            assert "checksum" not in log and "float" not in log


def test_netbook_reports_what_it_restored_and_the_expected_found(graded):
    out = graded["stdout"]
    assert "ex1-check: locked cell was edited; restored" in out
    assert "ex1-check: missing from the submission; put back" in out
    assert "ex2-check: points changed to 50; the source's 2 count" in out
    assert "bonus: not in the source; graded as an ordinary cell" in out
    assert "ex2-check: appears more than once; only the last one counts" in out
    assert "expected: output \"192.168.10.191\"" in out and "found:    \"192.168.10.255\"" in out


def test_junit_is_well_formed_with_any_output(graded):
    root = ET.parse(graded["junit"]).getroot()
    suites = root.findall("testsuite")
    assert len(suites) == len(CASES)
    texts = "".join(f.text or "" for f in root.iter("failure"))
    assert "\ufffd" in texts, "the U+FFFF in a failed check's output is replaced, not dropped silently"


def test_invalid_points_are_an_error_in_the_source(tmp_path):
    nb = source_notebook()
    sub = tmp_path / "sub.ipynb"
    nbformat.write(nb, sub)
    for bad, words in [(-2, "are negative"), (float("nan"), "not JSON numbers"),
                       ("inf", "not a finite number"), (1e308, "add up to inf")]:
        src = nbformat.from_dict(json.loads(json.dumps(nb)))
        src.cells[3].metadata["nbgrader"]["points"] = bad
        if bad == 1e308:
            twin = nbformat.from_dict(json.loads(json.dumps(src.cells[3])))
            twin.metadata["nbgrader"]["grade_id"] = "twin"
            src.cells.append(twin)
        path = tmp_path / "src.ipynb"
        path.write_text(json.dumps(src))
        r = subprocess.run([str(NETBOOK_BIN), "check", "--source", str(path), str(sub)],
                           capture_output=True, text=True)
        assert r.returncode == 2, (bad, r.stdout, r.stderr)
        assert words in r.stderr, (bad, r.stderr)


def test_submissions_compute_variants_as_the_shell_does():
    """submissions.py types per-student answers as numbers: its mirror of
    `variant` must agree with the shell for every student it uses."""
    from submissions import variant
    for student in sorted({c.student for c in CASES}) + ["", "학생"]:
        r = subprocess.run([str(NETBOOK_BIN), "run"], input="variant ex3-a 1 223; variant ch4-port 8000 8999\n",
                           capture_output=True, text=True, env=dict(os.environ, NETBOOK_STUDENT=student))
        assert r.returncode == 0, r.stderr
        assert r.stdout.split() == [str(variant(student, "ex3-a", 1, 223)),
                                    str(variant(student, "ch4-port", 8000, 8999))], student
