//! SSH tunnels drawn the way the study note draws them: client, SSH server
//! and target as boxes, which side listens on which port, which hop is
//! encrypted (inside the ssh connection) and which is clear text. One SVG
//! per forward, a listener/forwarding table (HTML), and the same pictures
//! as `text/vnd.mermaid` for front ends that render it. Also the
//! hop-by-hop trace of one connection carried by a tunnel (curl's view).

use super::bundle::MimeBundle;
use super::html;
use super::i18n::{self, t, tf};
use crate::sim::apps::tunnel::ForwardKind;
use crate::sim::ssh::{ActiveForward, Relay, SshSession};
use crate::sim::{NsId, World};
use std::fmt::Write as _;

const BOX_W: usize = 210;
const BOX_H: usize = 78;
const GAP: usize = 120;
const ENCRYPTED: &str = "#2e7d32";
const CLEAR: &str = "#c62828";

/// A namespace as people name it (`host` for the root one).
fn ns_label(w: &World, ns: NsId) -> String {
    w.ns(ns)
        .name
        .clone()
        .unwrap_or_else(|| i18n::t("host").into())
}

fn bind_text(f: &ActiveForward) -> String {
    f.binds
        .iter()
        .map(|b| match b {
            Some(a) => format!("{a}:{}", f.port),
            None => format!("0.0.0.0:{}", f.port),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One box of a tunnel picture.
struct Node {
    title: String,
    lines: Vec<String>,
    listens: bool,
}

/// The three boxes and two hops of a forward, in data-flow order.
fn layout(w: &World, s: &SshSession, f: &ActiveForward) -> (Vec<Node>, [(String, bool); 2]) {
    let client = ns_label(w, s.client_ns);
    let server = ns_label(w, s.conn.server_ns);
    let sshd_at = format!("{}", s.conn.server_local);
    let target = match &f.spec.connect {
        Some((h, p)) => format!("{}:{p}", crate::sim::tunnel::bracket(h)),
        None => t("any host:port (SOCKS)").into(),
    };
    let ssh_hop = (
        tf(
            "ssh channel over TCP {0} (encrypted)",
            &[&s.conn.server_local.port()],
        ),
        true,
    );
    // The first two boxes: who listens, then who connects to the target.
    let (listener, connector, from) = match f.spec.kind {
        ForwardKind::Local | ForwardKind::Dynamic => {
            let what = if f.spec.kind == ForwardKind::Dynamic {
                t("SOCKS proxy")
            } else {
                t("listener")
            };
            (
                Node {
                    title: tf("SSH client ({0})", &[&client]),
                    lines: vec![format!("ssh {what} {}", bind_text(f))],
                    listens: true,
                },
                Node {
                    title: tf("SSH server ({0})", &[&server]),
                    lines: vec![
                        format!("sshd {sshd_at}"),
                        t("connects to the target").into(),
                    ],
                    listens: false,
                },
                &server,
            )
        }
        ForwardKind::Remote => (
            Node {
                title: tf("SSH server ({0})", &[&server]),
                lines: vec![
                    tf("sshd listener {0}", &[&bind_text(f)]),
                    format!("sshd {sshd_at}"),
                ],
                listens: true,
            },
            Node {
                title: tf("SSH client ({0})", &[&client]),
                lines: vec![
                    tf("ssh from {0}", &[&s.conn.local]),
                    t("connects to the target").into(),
                ],
                listens: false,
            },
            &client,
        ),
    };
    let target = Node {
        title: t("Target").into(),
        lines: vec![target, tf("reached from {0}", &[from])],
        listens: false,
    };
    (
        vec![listener, connector, target],
        [ssh_hop, (t("TCP, clear text").into(), false)],
    )
}

/// The SVG picture of one forward.
pub fn forward_svg(w: &World, s: &SshSession, f: &ActiveForward) -> String {
    let (nodes, hops) = layout(w, s, f);
    let width = 3 * BOX_W + 2 * GAP + 20;
    let height = BOX_H + 70;
    let mut o = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n\
<defs><marker id=\"arr-enc\" markerUnits=\"userSpaceOnUse\" markerWidth=\"12\" markerHeight=\"12\" refX=\"11\" refY=\"6\" orient=\"auto\"><path d=\"M0,0 L12,6 L0,12 z\" fill=\"{ENCRYPTED}\"/></marker>\
<marker id=\"arr-clear\" markerUnits=\"userSpaceOnUse\" markerWidth=\"12\" markerHeight=\"12\" refX=\"11\" refY=\"6\" orient=\"auto\"><path d=\"M0,0 L12,6 L0,12 z\" fill=\"{CLEAR}\"/></marker></defs>\n"
    );
    let _ = writeln!(
        o,
        "<text x=\"10\" y=\"16\" font-weight=\"bold\">{} {}</text>",
        f.spec.kind.flag(),
        html::escape(&f.spec.to_string())
    );
    let top = 30;
    for (i, n) in nodes.iter().enumerate() {
        let x = 10 + i * (BOX_W + GAP);
        let (stroke, fill) = if n.listens {
            ("#1565c0", "#e3f2fd")
        } else {
            ("#555", "#fafafa")
        };
        let _ = writeln!(
            o,
            "<rect x=\"{x}\" y=\"{top}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"8\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"/>"
        );
        let _ = writeln!(
            o,
            "<text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}</text>",
            x + 8,
            top + 18,
            html::escape(&n.title)
        );
        for (j, l) in n.lines.iter().enumerate() {
            let _ = writeln!(
                o,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                x + 8,
                top + 38 + 16 * j,
                html::escape(l)
            );
        }
        if n.listens {
            let _ = writeln!(
                o,
                "<text x=\"{}\" y=\"{}\" fill=\"#1565c0\" font-size=\"11\">LISTEN</text>",
                x + BOX_W - 48,
                top + 18
            );
        }
    }
    for (i, (label, enc)) in hops.iter().enumerate() {
        let x1 = 10 + i * (BOX_W + GAP) + BOX_W;
        let x2 = x1 + GAP;
        let y = top + BOX_H / 2;
        let (color, dash, marker) = if *enc {
            (ENCRYPTED, "", "arr-enc")
        } else {
            (CLEAR, " stroke-dasharray=\"6,4\"", "arr-clear")
        };
        let _ = writeln!(
            o,
            "<line x1=\"{x1}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{color}\" stroke-width=\"{}\"{dash} marker-end=\"url(#{marker})\"/>",
            x2 - 2,
            if *enc { 5 } else { 2 }
        );
        let short = if *enc {
            t("encrypted (ssh)")
        } else {
            t("clear text")
        };
        let _ = writeln!(
            o,
            "<text x=\"{}\" y=\"{}\" fill=\"{color}\" font-size=\"11\">{short}</text>",
            x1 + 6,
            y - 8
        );
        let _ = writeln!(o, "<title>{}</title>", html::escape(label));
    }
    let _ = writeln!(
        o,
        "<text x=\"10\" y=\"{}\" font-size=\"11\" fill=\"#555\">{}</text>",
        height - 14,
        html::escape(t(
            "blue box: the side that listens; green: inside the ssh connection (encrypted); red dashed: plain TCP"
        ))
    );
    o.push_str("</svg>\n");
    o
}

/// The forward as a mermaid flowchart (the note's own notation).
pub fn forward_mermaid(w: &World, s: &SshSession, f: &ActiveForward) -> String {
    let (nodes, hops) = layout(w, s, f);
    let q = |t: &str| t.replace('"', "'");
    let mut m = String::from("flowchart LR\n");
    for (i, n) in nodes.iter().enumerate() {
        let _ = writeln!(
            m,
            "  n{i}[\"{}<br/>{}\"]",
            q(&n.title),
            q(&n.lines.join("<br/>"))
        );
    }
    for (i, (_, enc)) in hops.iter().enumerate() {
        let (arrow, label) = if *enc {
            ("==>", t("ssh, encrypted"))
        } else {
            ("-.->", t("clear text"))
        };
        let _ = writeln!(m, "  n{i} {arrow}|{label}| n{}", i + 1);
    }
    m
}

/// The listener/forwarding table of a session (HTML).
pub fn forwards_table(w: &World, s: &SshSession) -> String {
    let rows: Vec<Vec<String>> = s
        .forwards
        .iter()
        .map(|f| {
            let (connects_from, target) = match (&f.spec.connect, f.spec.kind) {
                (Some((h, p)), ForwardKind::Remote) => {
                    (ns_label(w, s.client_ns), format!("{h}:{p}"))
                }
                (Some((h, p)), _) => (ns_label(w, s.conn.server_ns), format!("{h}:{p}")),
                (None, ForwardKind::Remote) => (ns_label(w, s.client_ns), t("SOCKS: any").into()),
                (None, _) => (ns_label(w, s.conn.server_ns), t("SOCKS: any").into()),
            };
            vec![
                format!("{} {}", f.spec.kind.flag(), f.spec),
                ns_label(w, f.ns),
                bind_text(f),
                format!("{} -> {}", s.conn.local, s.conn.server_local),
                connects_from,
                target,
            ]
        })
        .collect();
    html::table(
        &[
            "forward",
            "listens in",
            "bound to",
            "ssh connection (encrypted)",
            "connects from",
            "target",
        ],
        &rows,
    )
}

/// What `ssh -f`/`ssh ... &` shows: nothing on the terminal (ssh prints
/// nothing), a picture per forward and the forwarding table.
pub fn session_bundle(w: &World, s: &SshSession) -> MimeBundle {
    let mut body = String::new();
    let _ = write!(
        body,
        "<div class=\"netbook-tunnel\"><p>{}</p>",
        html::escape(&tf(
            "SSH session {0}@{1} ({2} -> {3})",
            &[&s.user, &s.host, &s.conn.local, &s.conn.server_local]
        ))
    );
    let mut mermaid = String::new();
    let mut svgs = String::new();
    for f in &s.forwards {
        let svg = forward_svg(w, s, f);
        body.push_str(&svg);
        svgs.push_str(&svg);
        mermaid.push_str(&forward_mermaid(w, s, f));
    }
    body.push_str(&forwards_table(w, s));
    body.push_str("</div>");
    let mut b = MimeBundle::plain("").with_html(body);
    if !svgs.is_empty() {
        // One SVG document: the first forward's (the HTML holds them all).
        let first = forward_svg(w, s, &s.forwards[0]);
        b = b.with_svg(first).with("text/vnd.mermaid", mermaid);
    }
    b
}

/// The hops one tunnelled connection took, as text lines.
pub fn relay_hops(w: &World, r: &Relay) -> Vec<String> {
    let i = &r.inbound;
    let mut v = vec![
        tf(
            "1. {0}: client socket {1} -> {2} (listener of the {3} forward)",
            &[
                &ns_label(w, i.client_ns),
                &i.local,
                &i.remote,
                &t(r.kind.word()),
            ],
        ),
        tf(
            "2. ssh channel {0} inside the ssh connection {1} -> {2} (encrypted)",
            &[&r.channel, &r.ssh_client, &r.ssh_server],
        ),
    ];
    let who = if r.kind == ForwardKind::Remote {
        t("ssh client")
    } else {
        "sshd"
    };
    match &r.outbound {
        Ok(c) => {
            v.push(tf(
                "3. {0} in {1} connects {2} -> {3} (clear text)",
                &[&who, &ns_label(w, r.exit_ns), &c.local, &c.remote],
            ));
            v.push(tf(
                "4. target {0}:{1} in {2} answers",
                &[&r.target.0, &r.target.1, &ns_label(w, c.server_ns)],
            ));
        }
        Err(m) => v.push(tf(
            "3. {0} in {1} could not reach {2}:{3}: {4}",
            &[&who, &ns_label(w, r.exit_ns), &r.target.0, &r.target.1, m],
        )),
    }
    v
}

/// The hop-by-hop trace as HTML (a numbered list), for curl's rich view.
pub fn relay_html(w: &World, r: &Relay) -> String {
    let mut s = format!(
        "<div class=\"netbook-tunnel-trace\"><b>{}</b><ol>",
        html::escape(t("through the SSH tunnel"))
    );
    for line in relay_hops(w, r) {
        let text = line.split_once(". ").map(|x| x.1).unwrap_or(&line);
        let _ = write!(s, "<li>{}</li>", html::escape(text));
    }
    s.push_str("</ol></div>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::apps::ssh::{daemon, session};
    use crate::sim::apps::sshd_config::SshdConfig;
    use crate::sim::apps::tunnel::ForwardSpec;
    use crate::sim::ssh::SshRequest;

    fn session(spec: &str, kind: ForwardKind) -> (World, u32) {
        let mut w = World::new();
        let host = w.ns_id(None).unwrap();
        // The host's own sshd holds 22; this one listens on 2222.
        let cfg = SshdConfig {
            ports: vec![2222],
            ..Default::default()
        };
        daemon::start(&mut w, host, "/usr/sbin/sshd -p 2222", cfg).unwrap();
        let fwd = [ForwardSpec::parse(kind, spec).unwrap()];
        let req = SshRequest {
            user: "a<b",
            host: "127.0.0.1",
            ip: "127.0.0.1".parse().unwrap(),
            port: 2222,
            forwards: &fwd,
            gateway_ports: false,
            exit_on_forward_failure: false,
            no_command: true,
            cmdline: "ssh",
            background: true,
            carrier: None,
            quiet: false,
        };
        let id = session::open(&mut w, host, &req).unwrap().session;
        (w, id)
    }

    #[test]
    fn each_kind_puts_the_listener_on_its_side() {
        for (spec, kind, first, listens) in [
            (
                "8888:10.0.0.2:80",
                ForwardKind::Local,
                "SSH client (host)",
                "ssh listener 127.0.0.1:8888",
            ),
            (
                "9090",
                ForwardKind::Dynamic,
                "SSH client (host)",
                "ssh SOCKS proxy 127.0.0.1:9090",
            ),
            (
                "8585:10.0.0.2:80",
                ForwardKind::Remote,
                "SSH server (host)",
                "sshd listener 127.0.0.1:8585",
            ),
        ] {
            let (w, id) = session(spec, kind);
            let s = w.ssh.sessions.iter().find(|s| s.id == id).unwrap();
            let svg = forward_svg(&w, s, &s.forwards[0]);
            assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
            assert!(svg.trim_end().ends_with("</svg>"));
            let first_box = svg.find(first).unwrap();
            assert!(svg[first_box..].contains(listens), "{svg}");
            let b = session_bundle(&w, s);
            // Escaped user name, never raw markup from input.
            assert!(b.get("text/html").unwrap().contains("a&lt;b@127.0.0.1"));
            assert!(b
                .get("text/vnd.mermaid")
                .unwrap()
                .contains("-.->|clear text|"));
        }
    }
}
