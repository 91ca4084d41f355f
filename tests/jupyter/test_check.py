"""`netbook check` must agree with nbclient on the same notebooks."""
import json
import subprocess
import xml.etree.ElementTree as ET

import nbformat
from nbclient import NotebookClient

from conftest import NETBOOK_BIN


def graded_notebook():
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "netbook", "display_name": "Netbook", "language": "netbook"}
    cells = [
        nbformat.v4.new_markdown_cell("# 연습"),
        nbformat.v4.new_code_cell("mkdir -p /etc/netns/ns1\necho 'nameserver 10.96.0.10' > /etc/netns/ns1/resolv.conf"),
        nbformat.v4.new_code_cell("cat /etc/netns/ns1/resolv.conf; echo done >&2"),
        nbformat.v4.new_code_cell("help echo"),
        nbformat.v4.new_code_cell("check --contains 10.96.0.10 cat /etc/netns/ns1/resolv.conf"),
        nbformat.v4.new_code_cell("check -m 'the typo file must not exist' ! cat /etc/resolve.conf"),
        nbformat.v4.new_code_cell("check --equals 1 cat /etc/netns/ns1/resolv.conf | wc -l"),
        nbformat.v4.new_code_cell("echo a; clear; echo b"),
        nbformat.v4.new_code_cell("check cat /etc/netns/ns2/resolv.conf"),
    ]
    cells[8].metadata["nbgrader"] = {"grade": True, "grade_id": "ns2-resolv", "points": 3,
                                     "solution": False, "locked": True}
    nb.cells = cells
    return nb


def comparable(nb):
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outs = []
        for o in cell.outputs:
            o = dict(o)
            if o["output_type"] == "stream":
                outs.append(("stream", o["name"], o["text"]))
            elif o["output_type"] in ("display_data", "execute_result"):
                outs.append((o["output_type"], dict(o["data"]), o.get("execution_count")))
            else:
                outs.append(("error", o["ename"], o["evalue"], list(o["traceback"])))
        out.append((cell.execution_count, outs))
    return out


def test_check_equals_nbclient_and_writes_junit(tmp_path):
    nb = graded_notebook()
    src = tmp_path / "graded.ipynb"
    nbformat.write(nb, src)

    ours = subprocess.run([str(NETBOOK_BIN), "check", str(src), "--junit", str(tmp_path / "junit.xml"),
                           "--output-dir", str(tmp_path / "out")], capture_output=True, text=True)
    assert ours.returncode == 1, ours.stdout + ours.stderr
    assert "✘ ns2-resolv (0/3) CheckFailed" in ours.stdout
    assert "total 2/6 points" in ours.stdout

    theirs = nbformat.read(src, as_version=4)
    NotebookClient(theirs, timeout=30, kernel_name="netbook", allow_errors=True).execute()
    executed = nbformat.read(tmp_path / "out" / "graded.ipynb", as_version=4)
    assert comparable(executed) == comparable(theirs)

    suite = ET.parse(tmp_path / "junit.xml").getroot().find("testsuite")
    assert suite.get("tests") == "4" and suite.get("failures") == "2"
    failures = [tc.get("name") for tc in suite.iter("testcase") if tc.find("failure") is not None]
    assert "ns2-resolv" in failures


def test_check_passes_a_clean_notebook(tmp_path):
    nb = graded_notebook()
    nb.cells = nb.cells[:6]
    src = tmp_path / "clean.ipynb"
    nbformat.write(nb, src)
    r = subprocess.run([str(NETBOOK_BIN), "check", str(src)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout
    assert "total 2/2 points" in r.stdout


def test_junit_parses_whatever_the_cells_print(tmp_path):
    nb = graded_notebook()
    nb.cells = nb.cells[:1] + [
        nbformat.v4.new_code_cell("echo 'odd \uffff \ufffe bytes'"),
        nbformat.v4.new_code_cell("check --equals ok echo 'bad \uffff\x07 <&> ]]>'"),
        nbformat.v4.new_code_cell("nosuch \uffff"),
    ]
    nb.cells[2].metadata["nbgrader"] = {"grade": True, "grade_id": "odd\uffff", "points": 1,
                                        "solution": False, "locked": True}
    src = tmp_path / "odd.ipynb"
    nbformat.write(nb, src)
    junit = tmp_path / "junit.xml"
    r = subprocess.run([str(NETBOOK_BIN), "check", str(src), "--junit", str(junit)], capture_output=True, text=True)
    assert r.returncode == 1, r.stdout + r.stderr
    # The console names what was expected and what was found, not only the hint.
    assert 'expected: output "ok"' in r.stdout and "found:" in r.stdout
    suite = ET.parse(junit).getroot().find("testsuite")
    failure = suite.find("testcase/failure")
    assert "bad \ufffd\ufffd <&> ]]>" in failure.text
    assert suite.find("testcase/error") is not None


def test_a_directory_is_graded_with_a_csv(tmp_path):
    nb = graded_notebook()
    for student in ("ann", "ben"):
        d = tmp_path / "submitted" / student
        d.mkdir(parents=True)
        nbformat.write(nb, d / "lab.ipynb")
    out = tmp_path / "scores.csv"
    r = subprocess.run([str(NETBOOK_BIN), "check", "-q", "-j", "2", str(tmp_path / "submitted"), "--csv", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 1, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["student", "score", "failed", "errors", "notebook"]
    assert [l.split()[:2] for l in lines[1:3]] == [["ann", "2/6"], ["ben", "2/6"]]
    rows = out.read_text().splitlines()
    assert rows[0].startswith("student,submission,score,max_score")
    assert rows[1].startswith("ann,") and ",2,6,2,0,graded" in rows[1]
