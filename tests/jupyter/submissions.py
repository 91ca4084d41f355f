"""Student submissions built from the chapter notebooks, each with the score
a careful human grader would give it.

A submission starts from the nbgrader student release of a chapter and
fills in (or tampers with) cells by grade_id. Right answers come from the
instructor's solutions; the rest are written here: answers right in another
way, wrong answers, and cheats (edited or deleted test cells, points set to
50, a `raises-exception` tag, cells turned into markdown, duplicated test
cells, invented graded cells, output with U+FFFF).

Used by tests/jupyter/test_nbgrader.py (both graders must agree with the
human) and benches/grade_bench.py (1,000 generated submissions).
"""
import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parents[2]
CHAPTER_FILES = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
# Assignment ids for nbgrader: ch1 .. ch6, in file order.
CHAPTERS = {f"ch{i + 1}": p for i, p in enumerate(CHAPTER_FILES)}


def nbg(cell):
    return cell.metadata.get("nbgrader", {})


def cell_of(nb, grade_id):
    for c in nb.cells:
        if nbg(c).get("grade_id") == grade_id:
            return c
    raise KeyError(f"no cell with grade_id {grade_id!r}: did the chapter's exercises change?")


def without_markers(source):
    return "\n".join(l for l in source.split("\n") if "BEGIN SOLUTION" not in l and "END SOLUTION" not in l)


def solutions(source_nb):
    """The instructor's answers, as a student would type them."""
    return {nbg(c)["grade_id"]: without_markers(c.source) for c in source_nb.cells if nbg(c).get("solution")}


def max_points(source_nb):
    return sum(float(nbg(c)["points"]) for c in source_nb.cells if nbg(c).get("grade"))


@dataclass
class Case:
    """One submission: who, which chapter, how to make it, what it is worth."""
    student: str
    chapter: str
    expected: float
    why: str
    # (release notebook copy, instructor answers) -> edits the copy in place.
    edit: Callable = lambda nb, answers: None
    # Start from the instructor's answers (else from the untouched release).
    answered: bool = True
    # nbgrader must log a tampering warning for it.
    tampered: bool = False
    # Both graders get it wrong for a reason outside grading: the test is
    # marked xfail(strict) with this reason until that is fixed.
    known_bug: Optional[str] = None


def answer(gid, text):
    return lambda nb, a: setattr(cell_of(nb, gid), "source", text)


def both(*edits):
    def run(nb, a):
        for e in edits:
            e(nb, a)
    return run


def delete(gid):
    return lambda nb, a: nb.cells.remove(cell_of(nb, gid))


def set_points(gid, points):
    return lambda nb, a: nbg(cell_of(nb, gid)).__setitem__("points", points)


def tag(gid, name):
    def run(nb, a):
        c = cell_of(nb, gid)
        c.metadata.setdefault("tags", []).append(name)
    return run


def to_markdown(gid):
    def run(nb, a):
        c = cell_of(nb, gid)
        c.cell_type = "markdown"
        c.pop("outputs", None)
        c.pop("execution_count", None)
    return run


def duplicate_above(gid, source):
    def run(nb, a):
        c = cell_of(nb, gid)
        twin = copy.deepcopy(c)
        twin.source = source
        twin["id"] = c.get("id", "x") + "-copy"
        nb.cells.insert(nb.cells.index(c), twin)
    return run


def invent_graded_cell(after_gid):
    def run(nb, a):
        import nbformat
        bonus = nbformat.v4.new_code_cell("check true")
        bonus.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "points": 50, "locked": True,
                                      "solution": False, "task": False, "schema_version": 3}
        nb.cells.insert(nb.cells.index(cell_of(nb, after_gid)) + 1, bonus)
    return run


CH1_EX1_PRINTF = ("mkdir -p /root/ex1\nprintf '%s\\n' 255.255.255.192 > /root/ex1/mask\n"
                  "printf '%s\\n' 192.168.10.191 > /root/ex1/broadcast")
CH6_LOCAL = "ssh -L 9000:192.168.2.2:8080 admin@1.2.3.4"

CASES = [
    # Right: the instructor's own answers.
    *[Case(f"right-{ch}", ch, -1, "the instructor's solution: full marks") for ch in CHAPTERS],
    # Untouched releases.
    Case("release-ch1", "ch1", 0, "nothing answered", answered=False),
    Case("release-ch5", "ch5", 0, "nothing answered", answered=False),
    # Right, written another way.
    Case("printf-ch1", "ch1", 4, "printf instead of echo gives the same files",
         answer("ex1-answer", CH1_EX1_PRINTF)),
    Case("zero-slash-zero-ch2", "ch2", 5, "0.0.0.0/0 is the default route",
         answer("ex2-default", "ip -n h2 route add 0.0.0.0/0 via 192.168.1.1")),
    Case("rewrite-hosts-ch3", "ch3", 5, "/etc/hosts rewritten whole, aliases in another order: ping db goes to 10.0.0.5",
         answer("ex1-hosts", "cat > /etc/hosts <<EOF\n127.0.0.1 localhost\n10.0.0.5 db db.internal\nEOF")),
    Case("insert-order-ch5", "ch5", -1, "policy first, then rules inserted at the top in reverse: the same behaviour",
         answer("ex1-filter", "iptables -P INPUT DROP\niptables -I INPUT -p tcp --dport 8080 -j REJECT --reject-with tcp-reset\n"
                              "iptables -I INPUT -p tcp --dport 22 -j ACCEPT")),
    Case("reject-at-1-ch6", "ch6", -1, "the REJECT inserted at position 1 instead of 3 decides the same packets",
         answer("ex3-bastion", "ip netns exec bastion iptables -I INPUT 1 -i eth1 -p tcp --dport 22 -j REJECT --reject-with tcp-reset")),
    Case("ssh-N-ch6", "ch6", -1, "`ssh -N -L ...` is the same tunnel",
         answer("ex1-tunnels", "mkdir -p /root/ex6\necho 'ssh -N -L 9000:192.168.2.2:8080 admin@1.2.3.4' > /root/ex6/local\n"
                               "echo 'ssh -D 1080 admin@1.2.3.4' > /root/ex6/dynamic")),
    Case("heredoc-ch4", "ch4", 5, "a heredoc writes the same resolv.conf",
         answer("ex2-resolv", "mkdir -p /etc/netns/web\ncat > /etc/netns/web/resolv.conf <<EOF\n"
                              "nameserver 10.96.0.53\nEOF")),
    Case("bind-address-ch6", "ch6", 4, "-L with an explicit 127.0.0.1 bind address is the same tunnel",
         answer("ex1-tunnels", f"mkdir -p /root/ex6\necho 'ssh -L 127.0.0.1:9000:192.168.2.2:8080 admin@1.2.3.4'"
                               " > /root/ex6/local\necho 'ssh -D 1080 admin@1.2.3.4' > /root/ex6/dynamic")),
    # Wrong.
    Case("hidden-miss-ch1", "ch1", 2, "mask right, broadcast wrong: exercise 1 is wrong (caught by a hidden test)",
         answer("ex1-answer", "mkdir -p /root/ex1\necho 255.255.255.192 > /root/ex1/mask\n"
                              "echo 192.168.10.255 > /root/ex1/broadcast")),
    Case("specific-route-ch2", "ch2", 3, "a route to 192.168.2.0/24 only is not the one default route asked for",
         answer("ex2-default", "ip -n h2 route add 192.168.2.0/24 via 192.168.1.1")),
    Case("append-only-ch3", "ch3", 4, "the line appended after the old `db` line: ping db still goes to the old address",
         answer("ex1-hosts", "echo '10.0.0.5  db.internal db' >> /etc/hosts")),
    Case("drop-before-accept-ch5", "ch5", 4,
         "a catch-all DROP before the SSH ACCEPT: SSH and the 8080 REJECT never decide (only the DROP part holds)",
         answer("ex1-filter", "iptables -A INPUT -j DROP\niptables -A INPUT -p tcp --dport 22 -j ACCEPT\n"
                              "iptables -A INPUT -p tcp --dport 8080 -j REJECT --reject-with tcp-reset\niptables -P INPUT DROP")),
    Case("icmp-reject-ch5", "ch5", 5, "8080 rejected with the default ICMP port-unreachable, not a TCP reset",
         answer("ex1-filter", "iptables -A INPUT -p tcp --dport 22 -j ACCEPT\niptables -A INPUT -p tcp --dport 8080 -j REJECT\n"
                              "iptables -P INPUT DROP")),
    Case("reject-after-accept-ch6", "ch6", 2, "the REJECT appended after the SSH ACCEPT never decides: exercise 3 scores 0",
         answer("ex3-bastion", "ip netns exec bastion iptables -A INPUT -i eth1 -p tcp --dport 22 -j REJECT --reject-with tcp-reset")),
    Case("no-short-name-ch3", "ch3", 4, "db.internal only: the short name db still goes to the old address",
         answer("ex1-hosts", "echo '10.0.0.5 db.internal' >> /etc/hosts")),
    Case("ufffd-wrong-ch6", "ch6", 3, "a stray U+FFFF after the -L command: not a working ssh command line (1 of the 2 file parts)",
         answer("ex1-tunnels", f"mkdir -p /root/ex6\necho '{CH6_LOCAL}\uffff' > /root/ex6/local\n"
                               "echo 'ssh -D 1080 admin@1.2.3.4' > /root/ex6/dynamic")),
    # Cheats.
    Case("edited-checks-ch1", "ch1", 0, "nothing answered; both test cells replaced by `check true`",
         both(answer("ex1-check", "check true"), answer("ex2-check", "check true")),
         answered=False, tampered=True),
    Case("deleted-check-points-50-ch1", "ch1", 2,
         "exercise 1 wrong and its test cell deleted; exercise 2 right, its points set to 50",
         both(answer("ex1-answer", "mkdir -p /root/ex1\necho 255.255.255.0 > /root/ex1/mask"),
              delete("ex1-check"), set_points("ex2-check", 50)), tampered=True),
    Case("deleted-solution-ch3", "ch3", 2, "the exercise 2 answer cell deleted: exercise 2 scores 0",
         delete("ex2-dnsmasq")),
    Case("markdown-check-ch4", "ch4", 2, "exercise 1 has no default route in web; its test cell turned into markdown",
         both(lambda nb, a: setattr(cell_of(nb, "ex1-web"), "source",
                                    a["ex1-web"].replace("ip -n web route add default via 192.168.1.11", "")),
              to_markdown("ex1-check")), tampered=True),
    Case("lo-down-ch4", "ch4", 2, "exercise 1 leaves web's lo down, which the exercise asks for",
         lambda nb, a: setattr(cell_of(nb, "ex1-web"), "source", a["ex1-web"].replace("ip -n web link set lo up\n", "")),
         known_bug="the simulator answers `ping 127.0.0.1` with lo down through the default route; "
                   "real Linux loses the packet (checked in a throw-away netns)"),
    Case("points-50-right-ch4", "ch4", 5, "all right, but a test cell's points set to 50: the source's points count",
         set_points("ex1-check", 50), tampered=True),
    Case("raises-exception-ch5", "ch5", 5, "exercise 1 lacks the 8080 REJECT; that part's test cell tagged raises-exception",
         both(answer("ex1-filter", "iptables -A INPUT -p tcp --dport 22 -j ACCEPT\niptables -P INPUT DROP"),
              tag("ex1-8080", "raises-exception"))),
    Case("duplicate-check-ch5", "ch5", 3, "exercise 2 unanswered; a copy of its test cell saying `check true` above it",
         both(answer("ex2-nat", "# YOUR CODE HERE"), duplicate_above("ex2-check", "check true")), tampered=True),
    Case("ufffd-right-ch6", "ch6", 4, "right answers that also print U+FFFF",
         lambda nb, a: setattr(cell_of(nb, "ex1-tunnels"), "source",
                               a["ex1-tunnels"] + "\necho 'odd \uffff output'")),
    Case("bonus-cell-ch1", "ch1", 4, "right answers plus an invented graded cell worth 50 points",
         invent_graded_cell("ex2-check"), tampered=True),
]


def build(case, release_nb, source_nb):
    """The submitted notebook for `case`."""
    nb = copy.deepcopy(release_nb)
    if case.answered:
        answers = solutions(source_nb)
        for gid, text in answers.items():
            cell_of(nb, gid).source = text
    else:
        answers = solutions(source_nb)
    case.edit(nb, answers)
    return nb


def expected(case, source_nb):
    return max_points(source_nb) if case.expected < 0 else case.expected


def stable_student(name):
    return re.sub(r"[^A-Za-z0-9_-]", "-", name)
