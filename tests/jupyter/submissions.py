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
# Assignment ids for nbgrader: ch1 .. ch7, in file order.
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
    # Points the human gives; -1: full marks; see also `lost`.
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
    # Points lost against full marks (overrides `expected`): robust to new exercises.
    lost: Optional[float] = None


def variant(student, key, lo, hi):
    """What `variant KEY LO HI` prints for `student` (mirrors src/shell/bash/variant.rs)."""
    h = 0xcbf29ce484222325
    for b in student.encode() + b"\0" + key.encode():
        h ^= b
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    h ^= h >> 29
    return lo + h % (hi - lo + 1)


def ch1_literal_answers(student):
    """Chapter 1's per-student answers as plain numbers for `student`: right
    for that student only (what a neighbour would copy)."""
    a = variant(student, "ex3-a", 1, 223)
    cls, mask = ("A", "255.0.0.0") if a < 128 else ("B", "255.255.0.0") if a < 192 else ("C", "255.255.255.0")
    gw = (f"10.{variant(student, 'ex5-x', 0, 255)}.{variant(student, 'ex5-y', 0, 255)}."
          f"{64 * variant(student, 'ex5-k', 0, 3) + 1}")
    return cls, mask, gw


def literal_ch1(owner):
    def run(nb, a):
        cls, mask, gw = ch1_literal_answers(owner)
        cell_of(nb, "ex3-answer").source = f"mkdir -p /root/ex3\necho {cls} > /root/ex3/class\necho {mask} > /root/ex3/mask"
        cell_of(nb, "ex5-gateway").source = f"ip -n pc route add default via {gw}"
    return run


def copied_loss(owner, student):
    """Points `student` loses handing in `owner`'s literal chapter 1 answers."""
    mine, theirs = ch1_literal_answers(student), ch1_literal_answers(owner)
    return sum(p for m, t, p in zip(mine, theirs, (1, 1, 2)) if m != t)


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
CH6_LOCAL = "ip netns exec client ssh -f -N -L 9000:192.168.2.2:8080 admin@1.2.3.4"
CH6_DYNAMIC = "ip netns exec client ssh -f -N -D 1080 admin@1.2.3.4"
CH6_FIXED = "ip netns exec client ssh -f -N -L 127.0.0.1:9001:192.168.2.2:8080 admin@1.2.3.4"

CASES = [
    # Right: the instructor's own answers.
    *[Case(f"right-{ch}", ch, -1, "the instructor's solution: full marks") for ch in CHAPTERS],
    # Untouched releases.
    Case("release-ch1", "ch1", 0, "nothing answered", answered=False),
    Case("release-ch5", "ch5", 0, "nothing answered", answered=False),
    # Right, written another way.
    Case("printf-ch1", "ch1", -1, "printf instead of echo gives the same files",
         answer("ex1-answer", CH1_EX1_PRINTF)),
    Case("literal-variant-ch1", "ch1", -1, "per-student answers typed as numbers: right for this student",
         literal_ch1("literal-variant-ch1")),
    Case("zero-slash-zero-ch2", "ch2", -1, "0.0.0.0/0 is the default route",
         answer("ex2-default", "ip -n h2 route add 0.0.0.0/0 via 192.168.1.1")),
    Case("rewrite-hosts-ch3", "ch3", -1, "/etc/hosts rewritten whole, aliases in another order: ping db goes to 10.0.0.5",
         answer("ex1-hosts", "cat > /etc/hosts <<EOF\n127.0.0.1 localhost\n10.0.0.5 db db.internal\nEOF")),
    Case("nsswitch-edit-ch3", "ch3", -1, "the hosts: line rewritten with printf and sed's c command: files before dns",
         answer("ex3-nsswitch", "sed -i '/^hosts:/c hosts: files dns' /etc/nsswitch.conf")),
    Case("insert-order-ch5", "ch5", -1, "policy first, then rules inserted at the top in reverse: the same behaviour",
         answer("ex1-filter", "iptables -P INPUT DROP\niptables -I INPUT -p tcp --dport 8080 -j REJECT --reject-with tcp-reset\n"
                              "iptables -I INPUT -p tcp --dport 22 -j ACCEPT")),
    Case("snat-gateway-ch5", "ch5", -1, "exercise 2 with a static SNAT to eth0's address, options in another order, DNAT inserted with --to",
         answer("ex2-nat", "iptables -t nat -A POSTROUTING -o eth0 -s 10.201.0.0/24 -j SNAT --to-source 10.0.2.15\n"
                           "iptables -t nat -I PREROUTING -p tcp -i eth0 --dport 8080 -j DNAT --to 10.201.0.10:80")),
    Case("not-private-ch5", "ch5", -1, "exercise 2: MASQUERADE of what is not bound for 10.0.0.0/8 and DNAT by eth0's address: the same packets",
         answer("ex2-nat", "iptables -t nat -A POSTROUTING -s 10.201.0.0/24 ! -d 10.0.0.0/8 -j MASQUERADE\n"
                           "iptables -t nat -A PREROUTING -d 10.0.2.15 -p tcp --dport 8080 -j DNAT --to-destination 10.201.0.10:80")),
    Case("endpoint-abbrev-ch7", "ch7", -1, "the endpoint chain inserted with -I and --to, without the hairpin MASQ line: the client's connection is the same",
         answer("ex1-endpoints", "ip netns exec node1 iptables -t nat -N KUBE-SEP-API1\n"
                                 "ip netns exec node1 iptables -t nat -A KUBE-SEP-API1 -p tcp -j DNAT --to 10.244.2.20:8080\n"
                                 "ip netns exec node1 iptables -t nat -I KUBE-SVC-API -j KUBE-SEP-API1")),
    Case("endpoint-port-80-ch7", "ch7", 0, "the endpoint DNATed to api-1's port 80 instead of 8080: nothing listens there",
         answer("ex1-endpoints", "ip netns exec node1 iptables -t nat -N KUBE-SEP-API1\n"
                                 "ip netns exec node1 iptables -t nat -A KUBE-SEP-API1 -p tcp -m tcp -j DNAT --to-destination 10.244.2.20:80\n"
                                 "ip netns exec node1 iptables -t nat -A KUBE-SVC-API -j KUBE-SEP-API1"), lost=2),
    Case("reject-at-1-ch6", "ch6", -1, "the REJECT inserted at position 1 instead of 3 decides the same packets",
         answer("ex3-bastion", "ip netns exec bastion iptables -I INPUT 1 -i eth1 -p tcp --dport 22 -j REJECT --reject-with tcp-reset")),
    Case("ssh-N-ch6", "ch6", -1, "`ssh -N -L ... &` (a background job instead of -f) and `-fN`: the same tunnels",
         answer("ex1-tunnels", "ip netns exec client ssh -N -L 9000:192.168.2.2:8080 admin@1.2.3.4 &\n"
                               "ip netns exec client ssh -fN -D 1080 admin@1.2.3.4")),
    Case("options-after-ch6", "ch6", -1, "options after the forward spec and a localhost bind address: the same tunnels",
         answer("ex1-tunnels", "ip netns exec client ssh -L localhost:9000:192.168.2.2:8080 -f -N admin@1.2.3.4\n"
                               "ip netns exec client ssh -D 1080 -N -f admin@1.2.3.4")),
    Case("commented-resolv-ch4", "ch4", -1, "web's resolv.conf with a comment and an options line before the nameserver",
         answer("ex2-resolv", "mkdir -p /etc/netns/web\nprintf '# web only\\noptions timeout:1\\nnameserver 10.96.0.53\\n'"
                              " > /etc/netns/web/resolv.conf")),
    Case("host-resolv-ch4", "ch4", 0, "exercise 2 done on the host's /etc/resolv.conf: web uses the server, and so does everyone else",
         answer("ex2-resolv", "echo 'nameserver 10.96.0.53' > /etc/resolv.conf"), lost=2),
    Case("heredoc-ch4", "ch4", -1, "a heredoc writes the same resolv.conf",
         answer("ex2-resolv", "mkdir -p /etc/netns/web\ncat > /etc/netns/web/resolv.conf <<EOF\n"
                              "nameserver 10.96.0.53\nEOF")),
    Case("bind-address-ch6", "ch6", -1, "-L with an explicit 127.0.0.1 bind address is the same tunnel",
         answer("ex1-tunnels", f"ip netns exec client ssh -f -N -L 127.0.0.1:9000:192.168.2.2:8080 admin@1.2.3.4\n{CH6_DYNAMIC}")),
    Case("bridge-then-route-ch4", "ch4", -1, "the broken lab fixed with `ip link set ... master` and `ip route replace`",
         answer("ex3-fix", "ip -n ns1 route replace default via 192.168.1.11 dev veth1\nip link set dev veth2-br master br0")),
    Case("brnf-proc-ch7", "ch7", -1, "bridge-nf-call-iptables turned back on through /proc/sys in node1: the same switch",
         answer("ex6-brnf", "ip netns exec node1 bash -c 'echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables'")),
    Case("masq-all-ch7", "ch7", -1, "br_netfilter left off, every ClusterIP connection masqueraded (kube-proxy's --masquerade-all): "
         "replies come back through node1's conntrack",
         answer("ex6-brnf", "ip netns exec node1 iptables -t nat -I KUBE-SERVICES -d 10.96.0.0/12 -j KUBE-MARK-MASQ")),
    Case("ndots1-ch7", "ch7", -1, "batch's resolv.conf written again with printf and ndots:1: www.example.com is asked as is first",
         answer("ex7-ndots", "printf 'search default.svc.cluster.local svc.cluster.local cluster.local\\n"
                             "nameserver 10.96.0.10\\noptions ndots:1\\n' > /etc/netns/batch/resolv.conf")),
    # Wrong.
    Case("brnf-host-ch7", "ch7", 0, "bridge-nf-call-iptables set on the host, not in node1: node1's bridge still bypasses iptables",
         answer("ex6-brnf", "sysctl -w net.bridge.bridge-nf-call-iptables=1"), lost=2),
    Case("masq-hello-only-ch7", "ch7", 0, "only hello's endpoint masqueraded: hello works, web's same-node endpoint still times out",
         answer("ex6-brnf", "ip netns exec node1 iptables -t nat -I KUBE-SEP-TDZTRT42VRM62BY5 -j KUBE-MARK-MASQ"), lost=2),
    Case("hosts-file-ch7", "ch7", 0, "www.example.com pinned in /etc/hosts: DNS is never asked, which is not what was asked",
         answer("ex7-ndots", "echo '93.184.216.34 www.example.com' >> /etc/hosts"), lost=2),
    Case("no-search-ch7", "ch7", 0, "the search line deleted: www.example.com costs 2 questions, but `hello` no longer resolves",
         answer("ex7-ndots", "sed -i '/^search/d' /etc/netns/batch/resolv.conf"), lost=2),
    Case("host-resolv-ch7", "ch7", 0, "ndots lowered in the host's /etc/resolv.conf: batch reads its own file",
         answer("ex7-ndots", "echo 'options ndots:1' >> /etc/resolv.conf"), lost=2),
    Case("hidden-miss-ch1", "ch1", 0, "mask right, broadcast wrong: exercise 1 is wrong (caught by a hidden test)",
         answer("ex1-answer", "mkdir -p /root/ex1\necho 255.255.255.192 > /root/ex1/mask\n"
                              "echo 192.168.10.255 > /root/ex1/broadcast"), lost=2),
    Case("specific-route-ch2", "ch2", 0, "a route to 192.168.2.0/24 only is not the one default route asked for",
         answer("ex2-default", "ip -n h2 route add 192.168.2.0/24 via 192.168.1.1"), lost=2),
    Case("forward-only-ch2", "ch2", 0, "broken lab: ip_forward fixed, h3's missing default route not: h1 and h3 still cannot talk",
         answer("ex3-fix", "ip netns exec r sysctl -w net.ipv4.ip_forward=1"), lost=2),
    Case("append-only-ch3", "ch3", 0, "the line appended after the old `db` line: ping db still goes to the old address",
         answer("ex1-hosts", "echo '10.0.0.5  db.internal db' >> /etc/hosts"), lost=1),
    Case("files-only-ch3", "ch3", 0, "`hosts: files` drops DNS: www.corp.test no longer resolves for ping",
         answer("ex3-nsswitch", "sed -i 's/^hosts:.*/hosts: files/' /etc/nsswitch.conf"), lost=2),
    Case("drop-before-accept-ch5", "ch5", 0,
         "a catch-all DROP before the SSH ACCEPT: SSH and the 8080 REJECT never decide (only the DROP part holds)",
         answer("ex1-filter", "iptables -A INPUT -j DROP\niptables -A INPUT -p tcp --dport 22 -j ACCEPT\n"
                              "iptables -A INPUT -p tcp --dport 8080 -j REJECT --reject-with tcp-reset\niptables -P INPUT DROP"),
         lost=2),
    Case("masquerade-everything-ch5", "ch5", 0, "the note's MASQUERADE without -o: lan's packets to client lose their source too",
         answer("ex2-nat", "iptables -t nat -A POSTROUTING -s 10.201.0.0/24 -j MASQUERADE\n"
                           "iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 10.201.0.10:80"), lost=3),
    Case("dnat-output-ch5", "ch5", 0, "the port forward in nat OUTPUT: only the host's own connections are redirected, not the Internet's",
         answer("ex2-nat", "iptables -t nat -A POSTROUTING -s 10.201.0.0/24 -o eth0 -j MASQUERADE\n"
                           "iptables -t nat -A OUTPUT -p tcp --dport 8080 -j DNAT --to-destination 10.201.0.10:80"), lost=3),
    Case("forward-all-ports-ch5", "ch5", 0, "every TCP port of eth0 forwarded to 10.201.0.10:80, not only 8080",
         answer("ex2-nat", "iptables -t nat -A POSTROUTING -s 10.201.0.0/24 -o eth0 -j MASQUERADE\n"
                           "iptables -t nat -A PREROUTING -i eth0 -p tcp -j DNAT --to-destination 10.201.0.10:80"), lost=3),
    Case("icmp-reject-ch5", "ch5", 0, "8080 rejected with the default ICMP port-unreachable, not a TCP reset",
         answer("ex1-filter", "iptables -A INPUT -p tcp --dport 22 -j ACCEPT\niptables -A INPUT -p tcp --dport 8080 -j REJECT\n"
                              "iptables -P INPUT DROP"), lost=1),
    Case("masquerade-ch5", "ch5", 0, "MASQUERADE (dynamic) where static SNAT was asked: the source is right, the lesson is not",
         answer("ex5-snat", "sysctl -w net.ipv4.ip_forward=1\n"
                            "iptables -t nat -A POSTROUTING -s 10.9.0.0/24 -o eth0 -j MASQUERADE"), lost=2),
    Case("no-forward-ch5", "ch5", 0, "SNAT rule right but forwarding left off: nothing leaves, both parts fail",
         answer("ex5-snat", "iptables -t nat -A POSTROUTING -s 10.9.0.0/24 -o eth0 -j SNAT --to-source 10.0.2.15"),
         lost=3),
    Case("reject-after-accept-ch6", "ch6", 0, "the REJECT appended after the SSH ACCEPT never decides: exercise 3 scores 0",
         answer("ex3-bastion", "ip netns exec bastion iptables -A INPUT -i eth1 -p tcp --dport 22 -j REJECT --reject-with tcp-reset"),
         lost=2),
    Case("server-bind-ch6", "ch6", 0, "bind address answered `server`, the fixed tunnel right",
         answer("ex5-fixed", f"mkdir -p /root/ex6\necho server > /root/ex6/bind\n{CH6_FIXED}"), lost=1),
    Case("note-bind-ch6", "ch6", 0, "the note's -L 1.2.3.4:9001:... run as is: ssh cannot bind the server's address, no tunnel",
         answer("ex5-fixed", "mkdir -p /root/ex6\necho client > /root/ex6/bind\n"
                             "ip netns exec client ssh -f -N -L 1.2.3.4:9001:192.168.2.2:8080 admin@1.2.3.4"), lost=1),
    Case("gateway-ports-ch6", "ch6", 0, "the fixed tunnel opened with -g: other machines reach it too, not the client alone",
         answer("ex5-fixed", "mkdir -p /root/ex6\necho client > /root/ex6/bind\n"
                             "ip netns exec client ssh -g -f -N -L 9001:192.168.2.2:8080 admin@1.2.3.4"), lost=1),
    Case("local-server-ch6", "ch6", 0, "exercise 1 faked: a local web server on 9000 instead of the tunnel (the -D part right)",
         answer("ex1-tunnels", f"ip netns exec client python3 -m http.server 9000 --bind 127.0.0.1 &\n{CH6_DYNAMIC}"), lost=1),
    Case("remote-swapped-ch6", "ch6", 0, "exercise 4 with the two ports of -R swapped: bastion's port leads nowhere",
         answer("ex4-remote", "ip netns exec client ssh -f -N -R 3000:127.0.0.1:$(variant ch6-port 20000 29999) admin@1.2.3.4"),
         lost=2),
    Case("no-short-name-ch3", "ch3", 0, "db.internal only: the short name db still goes to the old address",
         answer("ex1-hosts", "echo '10.0.0.5 db.internal' >> /etc/hosts"), lost=1),
    Case("ufffd-wrong-ch5", "ch5", 0, "a stray U+FFFF after the table and chain of exercise 3's first answer",
         answer("ex3-tables", "mkdir -p /root/ch5\necho 'nat PREROUTING\uffff' > /root/ch5/dnat\n"
                              "echo 'filter FORWARD' > /root/ch5/transit"), lost=1),
    Case("ufffd-spec-ch6", "ch6", 0, "a stray U+FFFF in the -L spec: ssh refuses it, no tunnel (the -D part right)",
         answer("ex1-tunnels", CH6_LOCAL.replace(":8080 ", ":8080\uffff ") + "\n" + CH6_DYNAMIC), lost=1),
    Case("fixed-port-ch4", "ch4", 0, "the server listens on 8080, not on this student's port: exercise 5 scores 0",
         answer("ex5-server", "ip netns exec ns2 nc -l -k 8080 &\nmkdir -p /root/ch4\n"
                              "ip netns exec ns2 netstat -nat > /root/ch4/netstat"), lost=2),
    Case("half-fixed-ch4", "ch4", 0, "broken lab: the bridge port re-attached, ns1's default route not restored",
         answer("ex3-fix", "ip link set veth2-br master br0"), lost=1),
    # Cheats.
    Case("copied-variant-ch1", "ch1", 0, "the per-student answers of literal-variant-ch1 copied: wrong for this student",
         literal_ch1("literal-variant-ch1"), lost=copied_loss("literal-variant-ch1", "copied-variant-ch1")),
    Case("edited-checks-ch1", "ch1", 0, "nothing answered; both test cells replaced by `check true`",
         both(answer("ex1-check", "check true"), answer("ex2-check", "check true")),
         answered=False, tampered=True),
    Case("deleted-check-points-50-ch1", "ch1", 0,
         "exercise 1 wrong and its test cell deleted; exercise 2 right, its points set to 50",
         both(answer("ex1-answer", "mkdir -p /root/ex1\necho 255.255.255.0 > /root/ex1/mask"),
              delete("ex1-check"), set_points("ex2-check", 50)), tampered=True, lost=2),
    Case("deleted-solution-ch3", "ch3", 0, "the exercise 2 answer cell deleted: exercise 2 scores 0",
         delete("ex2-dnsmasq"), lost=3),
    Case("markdown-check-ch4", "ch4", 0, "exercise 1 has no default route in web; its test cell turned into markdown",
         both(lambda nb, a: setattr(cell_of(nb, "ex1-web"), "source",
                                    a["ex1-web"].replace("ip -n web route add default via 192.168.1.11", "")),
              to_markdown("ex1-check")), tampered=True, lost=3),
    Case("lo-down-ch4", "ch4", 0, "exercise 1 leaves web's lo down, which the exercise asks for",
         lambda nb, a: setattr(cell_of(nb, "ex1-web"), "source", a["ex1-web"].replace("ip -n web link set lo up\n", "")),
         lost=3),
    Case("points-50-right-ch4", "ch4", -1, "all right, but a test cell's points set to 50: the source's points count",
         set_points("ex1-check", 50), tampered=True),
    Case("raises-exception-ch5", "ch5", 0, "exercise 1 lacks the 8080 REJECT; that part's test cell tagged raises-exception",
         both(answer("ex1-filter", "iptables -A INPUT -p tcp --dport 22 -j ACCEPT\niptables -P INPUT DROP"),
              tag("ex1-8080", "raises-exception")), lost=1),
    Case("duplicate-check-ch5", "ch5", 0, "exercise 2 unanswered; a copy of its test cell saying `check true` above it",
         both(answer("ex2-nat", "# YOUR CODE HERE"), duplicate_above("ex2-check", "check true")), tampered=True, lost=3),
    Case("ufffd-right-ch6", "ch6", -1, "right answers that also print U+FFFF",
         lambda nb, a: setattr(cell_of(nb, "ex1-tunnels"), "source",
                               a["ex1-tunnels"] + "\necho 'odd \uffff output'")),
    Case("unbroken-setup-ch7", "ch7", 0, "exercise 6 unanswered; its locked setup cell edited so nothing breaks",
         both(answer("ex6-brnf", "# YOUR CODE HERE"), answer("ex6-setup", "true")), tampered=True, lost=2),
    Case("bonus-cell-ch1", "ch1", -1, "right answers plus an invented graded cell worth 50 points",
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
    if case.lost is not None:
        return max_points(source_nb) - case.lost
    return max_points(source_nb) if case.expected < 0 else case.expected


def stable_student(name):
    return re.sub(r"[^A-Za-z0-9_-]", "-", name)
