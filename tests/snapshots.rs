//! Snapshot tests (insta): every chapter's transcript as a terminal shows
//! it, and the rich views of one small lab as JupyterLab receives them.
//! A change to any tool's text or any diagram shows up here as a diff to
//! review (`cargo insta review`, or `INSTA_UPDATE=always` and git diff);
//! the snapshots live in tests/snapshots/.

mod common;
use common::{code_cells, notebooks};
use netbook::shell::{Emit, Session};
use std::fmt::Write;

/// One cell as a terminal shows it: the command lines, each output in
/// order (stdout, stderr, a display's text/plain), and the status.
fn transcript(s: &mut Session, n: usize, cell: &str, out: &mut String) {
    let mut emits = Vec::new();
    let r = s.execute(cell, &mut emits);
    let _ = writeln!(out, "### In [{n}]");
    for line in cell.lines() {
        let _ = writeln!(out, "$ {line}");
    }
    for e in emits {
        let (tag, text) = match &e {
            Emit::Stdout(t) => ("stdout", t.as_str()),
            Emit::Stderr(t) => ("stderr", t.as_str()),
            Emit::Display(b) | Emit::Result(b) => ("display", b.text()),
            Emit::Clear { .. } => ("clear", ""),
        };
        let _ = writeln!(out, "--- {tag}");
        out.push_str(text);
        if !text.is_empty() && !text.ends_with('\n') {
            out.push_str("\n\\ no newline\n");
        }
    }
    let _ = writeln!(out, "--- status {}", r.status);
    if let Some(err) = r.error {
        let _ = writeln!(out, "--- error {}: {}", err.ename, err.evalue);
    }
}

#[test]
fn chapter_transcripts() {
    for nb in notebooks() {
        let stem = nb.file_stem().unwrap().to_string_lossy().to_string();
        let mut s = Session::new();
        let mut out = String::new();
        for (i, cell) in code_cells(&nb).iter().enumerate() {
            transcript(&mut s, i + 1, cell, &mut out);
        }
        insta::assert_snapshot!(format!("chapter-{stem}"), out);
    }
}

/// The rich parts (HTML, SVG) of every display a cell makes.
fn rich(s: &mut Session, cell: &str) -> String {
    let mut emits = Vec::new();
    let r = s.execute(cell, &mut emits);
    assert!(r.error.is_none(), "{cell}: {r:?}");
    let mut out = String::new();
    for e in emits {
        if let Emit::Display(b) | Emit::Result(b) = e {
            for (mime, body) in b.iter().filter(|(m, _)| *m != "text/plain") {
                let _ = writeln!(out, "--- {mime}\n{body}");
            }
        }
    }
    assert!(!out.is_empty(), "{cell} showed nothing rich");
    out
}

const LAB: &str = "\
ip netns add red
ip netns add blue
ip link add br0 type bridge
ip link set br0 up
ip addr add 10.1.0.1/24 dev br0
for ns in red blue; do
  ip link add veth-$ns type veth peer name veth-$ns-br
  ip link set veth-$ns netns $ns
  ip link set veth-$ns-br master br0 up
  ip -n $ns link set veth-$ns up
done
ip -n red addr add 10.1.0.2/24 dev veth-red
ip -n blue addr add 10.1.0.3/24 dev veth-blue
ip -n red route add default via 10.1.0.1
sysctl -w net.ipv4.ip_forward=1
iptables -t nat -A POSTROUTING -s 10.1.0.0/24 ! -o br0 -j MASQUERADE
iptables -A FORWARD -p tcp --dport 22 -j DROP
";

#[test]
fn rich_views_of_a_small_lab() {
    for (name, cell) in [
        ("ip-addr", "ip -n red addr"),
        ("ip-route", "ip -n red route"),
        ("ping-walk", "ip netns exec red ping -c 1 10.1.0.3"),
        ("topology", "netbook topology"),
        ("iptables-nat", "iptables -t nat -L -n -v"),
        ("trace-ssh-dropped", "netbook trace -n red tcp 8.8.8.8:22"),
        ("route-get", "ip -n red route get 8.8.8.8"),
        ("dig", "dig +short example.com"),
    ] {
        let mut s = Session::new();
        let setup = s.run_terminal(LAB);
        assert!(setup.outcome.error.is_none(), "{}", setup.stderr);
        insta::assert_snapshot!(format!("rich-{name}"), rich(&mut s, cell));
    }
}
