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
