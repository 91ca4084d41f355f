"""No leaked answers: a visible check (what the student version shows of a
graded cell, hidden tests removed as nbgrader removes them) must not
contain a literal of the solution (an address, a mask, an iptables rule)
that the exercise asks the student to find, i.e. one its question does not
already give."""
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", re.S)
ADDR = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2})?\b")


def nbg(c):
    return c.metadata.get("nbgrader", {})


def exercises(nb):
    """(question text, solution source, visible check source) per graded cell."""
    question, solution = "", ""
    for c in nb.cells:
        if c.cell_type == "markdown":
            if nbg(c) or "문제" in c.source or "연습" in c.source:
                question += c.source
        elif nbg(c).get("solution"):
            solution = c.source
        elif nbg(c).get("grade"):
            yield nbg(c)["grade_id"], question, solution, HIDDEN.sub("", c.source)


def leaks(question, solution, visible):
    found = [a for a in set(ADDR.findall(solution)) if a in visible and a not in question]
    rules = [l.strip() for l in solution.splitlines() if "iptables" in l and len(l.strip()) > 20]
    # A rule's matches and target, whatever the command (-A, -I N, -C).
    specs = [m.group(1) for r in rules if (m := re.search(r"-[AIC]\s+\S+(?:\s+\d+)?\s+(.*)", r))]
    found += [sp for sp in specs if sp in visible]
    return found


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_visible_checks_do_not_contain_the_answer(path):
    nb = nbformat.read(path, as_version=4)
    bad = {gid: l for gid, q, s, v in exercises(nb) if (l := leaks(q, s, v))}
    assert not bad, f"visible checks leak the solution: {bad}"


def test_the_leak_test_can_fail():
    q = "**문제 1.** 192.168.10.0/24를 4개로 나누세요."
    s = "echo 255.255.255.192 > /root/ex1/mask"
    assert leaks(q, s, "check --equals 255.255.255.192 cat /root/ex1/mask")
    assert not leaks(q, s, "check cat /root/ex1/mask\n")
    r = "iptables -A INPUT -p tcp --dport 22 -j ACCEPT"
    assert leaks("", r, "check iptables -C INPUT -p tcp --dport 22 -j ACCEPT")
