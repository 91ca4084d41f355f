//! Netfilter views: `iptables -L` text (byte-for-byte iptables 1.8.9's
//! `print_header`/`print_firewall` layout), `conntrack -L` text
//! (conntrack-tools 1.4.7), HTML tables with counters, and an SVG of the
//! kernel's hook order that lights up one packet's path.

use super::bundle::MimeBundle;
use super::html::{escape, table};
use super::i18n::{t, tf};
use crate::sim::netfilter::conntrack::{Connection, Conntrack};
use crate::sim::netfilter::rule::{mask_suffix, AddrMatch, Proto, Rule};
use crate::sim::netfilter::table::{Chain, Table};
use crate::sim::netfilter::{Hook, TraceStep, Verdict};
use core::net::Ipv4Addr;
use std::fmt::Write as _;

/// Names `iptables -L` (without `-n`) prints for addresses: the first
/// name of a matching `/etc/hosts` line (gethostbyaddr through NSS
/// `files`), else an `/etc/networks` name (getnetbyaddr).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    hosts: Vec<(Ipv4Addr, String)>,
    networks: Vec<(Ipv4Addr, String)>,
}

/// Debian's `/etc/networks` (netbase), used when the file is absent.
pub const DEBIAN_NETWORKS: &str =
    "default\t\t0.0.0.0\nloopback\t127.0.0.0\nlink-local\t169.254.0.0\n";

impl Names {
    /// From the text of `/etc/hosts` and `/etc/networks`.
    pub fn from_files(hosts: &str, networks: &str) -> Names {
        let mut n = Names::default();
        for line in hosts.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut w = line.split_whitespace();
            if let (Some(a), Some(name)) = (w.next(), w.next()) {
                if let Ok(ip) = a.parse::<Ipv4Addr>() {
                    n.hosts.push((ip, name.to_string()));
                }
            }
        }
        for line in networks.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut w = line.split_whitespace();
            if let (Some(name), Some(a)) = (w.next(), w.next()) {
                // getnetbyaddr accepts short forms such as `169.254`.
                let mut octets: Vec<u8> = a.split('.').filter_map(|o| o.parse().ok()).collect();
                octets.resize(4, 0);
                n.networks.push((
                    Ipv4Addr::new(octets[0], octets[1], octets[2], octets[3]),
                    name.to_string(),
                ));
            }
        }
        n
    }

    /// The name for an address, or the address itself.
    pub fn name(&self, ip: Ipv4Addr) -> String {
        if let Some((_, n)) = self.hosts.iter().find(|(a, _)| *a == ip) {
            return n.clone();
        }
        if let Some((_, n)) = self.networks.iter().find(|(a, _)| *a == ip) {
            return n.clone();
        }
        ip.to_string()
    }
}

/// Options of `iptables -L`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListOpts {
    /// `-n`
    pub numeric: bool,
    /// `-v`
    pub verbose: bool,
    /// `-x`
    pub exact: bool,
    /// `--line-numbers`
    pub line_numbers: bool,
}

/// `xtables_print_num`: counters with K/M/G/T unless `-x`.
fn num(n: u64, exact: bool, width: usize) -> String {
    if exact {
        return format!("{n:>width$} ");
    }
    if n <= 99_999 {
        return format!("{n:>5} ");
    }
    let mut v = n;
    for unit in ['K', 'M', 'G'] {
        v = (v + 500) / 1000;
        if v <= 9999 {
            return format!("{v:>4}{unit} ");
        }
    }
    format!("{:>4}T ", (v + 500) / 1000)
}

/// The same without padding (the policy line).
fn num_plain(n: u64, exact: bool) -> String {
    num(n, exact, 0).trim().to_string()
}

fn addr_text(a: &Option<AddrMatch>, o: ListOpts, names: &Names) -> (char, String) {
    match a {
        None if o.numeric => (' ', "0.0.0.0/0".into()),
        None => (' ', "anywhere".into()),
        Some(a) => {
            let inv = if a.invert { '!' } else { ' ' };
            if a.mask == 0 && !o.numeric {
                return (inv, "anywhere".into());
            }
            let host = if o.numeric {
                a.addr.to_string()
            } else {
                names.name(a.addr)
            };
            (inv, format!("{host}{}", mask_suffix(a.mask)))
        }
    }
}

fn header(o: ListOpts) -> String {
    let mut s = String::new();
    if o.line_numbers {
        s.push_str("num  ");
    }
    if o.verbose {
        if o.exact {
            s.push_str("    pkts      bytes ");
        } else {
            s.push_str(" pkts bytes ");
        }
    }
    s.push_str("target     prot opt ");
    if o.verbose {
        s.push_str("in     out     ");
    }
    s.push_str("source               destination         \n");
    s
}

fn rule_line(n: usize, r: &Rule, o: ListOpts, names: &Names) -> String {
    let mut s = String::new();
    if o.line_numbers {
        let _ = write!(s, "{n:<4} ");
    }
    if o.verbose {
        s.push_str(&num(r.counters.packets, o.exact, 8));
        s.push_str(&num(r.counters.bytes, o.exact, 8));
    }
    let _ = write!(s, "{:<9} ", r.target.name());
    let (pinv, pname) = match r.proto {
        None if o.numeric => (' ', "0".to_string()),
        None => (' ', "all".to_string()),
        Some(p) => (
            if p.invert { '!' } else { ' ' },
            if o.numeric {
                p.proto.number().to_string()
            } else {
                p.proto.name()
            },
        ),
    };
    let _ = write!(s, "{pinv}{pname:<4} {} ", r.opt_text());
    if o.verbose {
        let any = if o.numeric { "*" } else { "any" };
        let iface = |m: &Option<crate::sim::netfilter::rule::IfaceMatch>| match m {
            None => any.to_string(),
            Some(m) => format!("{}{}", if m.invert { "!" } else { "" }, m.name),
        };
        let _ = write!(s, " {:<6} {:<6} ", iface(&r.in_iface), iface(&r.out_iface));
    }
    let (si, st) = addr_text(&r.src, o, names);
    let (di, dt) = addr_text(&r.dst, o, names);
    let _ = write!(s, "{si}{st:<19} {di}{dt:<19} ");
    s.push_str(&r.list_extras(o.numeric));
    s.push('\n');
    s
}

/// `iptables -L CHAIN N`: one rule line, no header.
pub fn list_one(r: &Rule, num: usize, o: ListOpts, names: &Names) -> String {
    rule_line(num, r, o, names)
}

/// The line `iptables -v -A ...` echoes for the rule it adds (the
/// `FMT_PRINT_RULE` layout: no padding, numeric addresses).
pub fn rule_notable(r: &Rule) -> String {
    let iface = |m: &Option<crate::sim::netfilter::rule::IfaceMatch>| match m {
        None => "*".to_string(),
        Some(m) => format!("{}{}", if m.invert { "!" } else { "" }, m.name),
    };
    let addr = |a: &Option<AddrMatch>| match a {
        None => (' ', "0.0.0.0/0".to_string()),
        Some(a) => (
            if a.invert { '!' } else { ' ' },
            format!("{}{}", a.addr, mask_suffix(a.mask)),
        ),
    };
    let (pinv, pname) = match r.proto {
        None => (' ', "all".to_string()),
        Some(p) => (if p.invert { '!' } else { ' ' }, p.proto.name()),
    };
    let (si, st) = addr(&r.src);
    let (di, dt) = addr(&r.dst);
    format!(
        "{} {pinv}{pname} opt {} in {} out {} {si}{st} {di}-> {dt}  {}\n",
        r.target.name(),
        r.opt_text(),
        iface(&r.in_iface),
        iface(&r.out_iface),
        r.list_extras(true)
    )
}

fn chain_text(refs: usize, ch: &Chain, o: ListOpts, names: &Names) -> String {
    let mut s = format!("Chain {}", ch.name);
    match ch.policy {
        Some(p) => {
            let _ = write!(s, " (policy {}", p.name());
            if o.verbose {
                let _ = write!(
                    s,
                    " {} packets, {} bytes",
                    num_plain(ch.policy_counters.packets, o.exact),
                    num_plain(ch.policy_counters.bytes, o.exact)
                );
            }
            s.push_str(")\n");
        }
        None => {
            let _ = writeln!(s, " ({refs} references)");
        }
    }
    s.push_str(&header(o));
    for (i, r) in ch.rules.iter().enumerate() {
        s.push_str(&rule_line(i + 1, r, o, names));
    }
    s
}

/// `iptables [-t T] -L [CHAIN] [-n] [-v] [-x] [--line-numbers]` as text.
/// The chain must exist (the caller reports the error otherwise).
///
/// ```
/// use netbook::display::netfilter::{list_text, ListOpts, Names};
/// use netbook::sim::netfilter::{Netfilter, parse::run_line, table::TableKind};
/// let mut nf = Netfilter::new();
/// run_line(&mut nf, "--policy FORWARD ACCEPT").unwrap();
/// let out = list_text(&nf.table_or_default(TableKind::Filter), None, ListOpts::default(), &Names::default());
/// assert!(out.contains("Chain FORWARD (policy ACCEPT)\n"));
/// ```
pub fn list_text(t: &Table, chain: Option<&str>, o: ListOpts, names: &Names) -> String {
    let refs = t.reference_counts();
    t.chains
        .iter()
        .filter(|c| chain.is_none_or(|n| n == c.name))
        .map(|c| chain_text(refs.get(c.name.as_str()).copied().unwrap_or(0), c, o, names))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `iptables -L` as a bundle: the text plus an HTML table per chain with
/// its counters.
pub fn list_bundle(t: &Table, chain: Option<&str>, o: ListOpts, names: &Names) -> MimeBundle {
    let text = list_text(t, chain, o, names);
    let mut h = format!(
        "<div class=\"netbook-iptables\"><p><b>{}</b></p>\n",
        escape(&tf("table {0}", &[&t.kind]))
    );
    let refs = t.reference_counts();
    for ch in t
        .chains
        .iter()
        .filter(|c| chain.is_none_or(|n| n == c.name))
    {
        let title = match ch.policy {
            Some(p) => tf(
                "Chain {0} (policy {1}, {2} packets, {3} bytes)",
                &[
                    &ch.name,
                    &p.name(),
                    &ch.policy_counters.packets,
                    &ch.policy_counters.bytes,
                ],
            ),
            None => tf(
                "Chain {0} ({1} references)",
                &[&ch.name, &refs.get(ch.name.as_str()).copied().unwrap_or(0)],
            ),
        };
        let _ = writeln!(h, "<p>{}</p>", escape(&title));
        let rows: Vec<Vec<String>> = ch
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let no = ListOpts { numeric: true, ..o };
                let (si, st) = addr_text(&r.src, no, names);
                let (di, dt) = addr_text(&r.dst, no, names);
                let iface = |m: &Option<crate::sim::netfilter::rule::IfaceMatch>| {
                    m.as_ref().map_or("*".to_string(), |m| {
                        format!("{}{}", if m.invert { "!" } else { "" }, m.name)
                    })
                };
                vec![
                    (i + 1).to_string(),
                    r.counters.packets.to_string(),
                    r.counters.bytes.to_string(),
                    r.target.name().to_string(),
                    r.proto.map_or("all".into(), |p| {
                        format!("{}{}", if p.invert { "!" } else { "" }, p.proto.name())
                    }),
                    iface(&r.in_iface),
                    iface(&r.out_iface),
                    format!("{}{st}", si.to_string().trim()),
                    format!("{}{dt}", di.to_string().trim()),
                    r.list_extras(true).trim().to_string(),
                ]
            })
            .collect();
        h.push_str(&table(
            &[
                "num",
                "pkts",
                "bytes",
                "target",
                "prot",
                "in",
                "out",
                "source",
                "destination",
                "options",
            ],
            &rows,
        ));
        h.push('\n');
    }
    h.push_str("</div>");
    MimeBundle::plain(text).with_html(h)
}

fn tuple_text(c: &Connection, reply: bool) -> String {
    let t = if reply { c.reply } else { c.original };
    let mut s = format!("src={} dst={} ", t.src, t.dst);
    match t.proto {
        Proto::Tcp | Proto::Udp => {
            let _ = write!(s, "sport={} dport={} ", t.sport, t.dport);
        }
        Proto::Icmp => {
            let ty = if reply {
                match c.icmp_type {
                    8 => 0,
                    13 => 14,
                    15 => 16,
                    17 => 18,
                    x => x,
                }
            } else {
                c.icmp_type
            };
            let _ = write!(s, "type={ty} code=0 id={} ", t.sport);
        }
        Proto::Other(_) => {}
    }
    s
}

/// One `conntrack -L` line (without newline).
pub fn conntrack_line(c: &Connection, now_us: u64) -> String {
    let p = c.original.proto;
    let mut s = format!("{:<8} {} {} ", p.name(), p.number(), c.remaining_s(now_us));
    if let Some(st) = c.tcp_state {
        let _ = write!(s, "{} ", st.name());
    }
    s.push_str(&tuple_text(c, false));
    if !c.seen_reply {
        s.push_str("[UNREPLIED] ");
    }
    s.push_str(&tuple_text(c, true));
    if c.assured {
        s.push_str("[ASSURED] ");
    }
    let _ = write!(s, "mark={} use=1", c.mark);
    s
}

/// `conntrack -L` stdout for the given connections.
pub fn conntrack_text(conns: &[&Connection], now_us: u64) -> String {
    conns
        .iter()
        .map(|c| conntrack_line(c, now_us) + "\n")
        .collect()
}

/// `conntrack -L` as a bundle: text plus an HTML table with both tuples,
/// NAT rewrites marked.
pub fn conntrack_bundle(ct: &Conntrack, now_us: u64) -> MimeBundle {
    let entries = ct.entries(now_us);
    let conns: Vec<&Connection> = entries.iter().map(|(_, c)| *c).collect();
    let text = conntrack_text(&conns, now_us);
    let rows: Vec<Vec<String>> = conns
        .iter()
        .map(|c| {
            let nat = match (c.snat(), c.dnat()) {
                (true, true) => "SNAT+DNAT",
                (true, false) => "SNAT",
                (false, true) => "DNAT",
                _ => "",
            };
            vec![
                c.original.proto.name(),
                c.remaining_s(now_us).to_string(),
                c.tcp_state.map_or(String::new(), |s| s.name().to_string()),
                tuple_text(c, false).trim().to_string(),
                tuple_text(c, true).trim().to_string(),
                nat.to_string(),
            ]
        })
        .collect();
    let html = table(
        &["proto", "timeout", "state", "original", "reply", "NAT"],
        &rows,
    );
    MimeBundle::plain(text).with_html(html)
}

/// Geometry of the hook diagram: (hook, x, y).
const HOOK_POS: [(Hook, u32, u32); 5] = [
    (Hook::Prerouting, 10, 40),
    (Hook::Input, 330, 10),
    (Hook::Forward, 330, 110),
    (Hook::Output, 490, 10),
    (Hook::Postrouting, 650, 110),
];

/// The Linux hook order as SVG: PREROUTING -> routing -> INPUT | FORWARD,
/// OUTPUT -> POSTROUTING, the tables of each hook inside its box. Hooks
/// in `steps` are lit; their verdict colours them (green accepted, red
/// dropped or rejected).
pub fn hook_svg(steps: &[TraceStep]) -> String {
    let mut visited: Vec<(Hook, Verdict, String)> = Vec::new();
    for s in steps {
        if let TraceStep::Verdict { hook, verdict, by } = s {
            visited.push((*hook, *verdict, by.clone()));
        }
    }
    let mut svg = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"820\" height=\"220\" font-family=\"monospace\" font-size=\"11\">\n\
         <defs><marker id=\"a\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"/></marker></defs>\n",
    );
    // Routing decision diamonds and the local process.
    let _ = writeln!(
        svg,
        "<rect x=\"180\" y=\"55\" width=\"110\" height=\"30\" rx=\"15\" fill=\"#fff8dc\" stroke=\"#999\"/><text x=\"235\" y=\"74\" text-anchor=\"middle\">{}</text>",
        escape(t("routing"))
    );
    let _ = writeln!(
        svg,
        "<rect x=\"420\" y=\"170\" width=\"110\" height=\"30\" rx=\"15\" fill=\"#eef\" stroke=\"#999\"/><text x=\"475\" y=\"189\" text-anchor=\"middle\">{}</text>",
        escape(t("local process"))
    );
    let arrows = [
        (140, 70, 180, 70),
        (290, 65, 330, 40),
        (290, 75, 330, 140),
        (395, 70, 450, 170),
        (500, 170, 555, 70),
        (460, 140, 650, 140),
        (555, 70, 650, 130),
        (780, 140, 810, 140),
    ];
    for (x1, y1, x2, y2) in arrows {
        let _ = writeln!(
            svg,
            "<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" stroke=\"#555\" marker-end=\"url(#a)\"/>"
        );
    }
    for (hook, x, y) in HOOK_POS {
        let lit = visited.iter().find(|(h, _, _)| *h == hook);
        let (fill, stroke) = match lit {
            Some((_, Verdict::Accept, _)) => ("#d9f7d9", "#2a8a2a"),
            Some(_) => ("#fddada", "#c02020"),
            None => ("#f4f4f4", "#999"),
        };
        let tables: Vec<&str> = hook.tables().iter().map(|t| t.name()).collect();
        let _ = writeln!(
            svg,
            "<g class=\"hook\" data-hook=\"{}\"><rect x=\"{x}\" y=\"{y}\" width=\"130\" height=\"60\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
            hook.chain_name(),
            if lit.is_some() { 3 } else { 1 },
            x + 65,
            y + 22,
            hook.chain_name(),
            x + 65,
            y + 42,
            escape(&tables.join(" \u{2192} "))
        );
        if let Some((_, v, by)) = lit {
            let by = super::i18n::sim::sentence(by);
            let label = match v {
                Verdict::Accept => "ACCEPT".to_string(),
                Verdict::Drop => format!("DROP ({by})"),
                Verdict::Reject(w) => format!("REJECT {} ({by})", w.name()),
            };
            let _ = writeln!(
                svg,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{stroke}\">{}</text>",
                x + 65,
                y + 74,
                escape(&label)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// A packet walk as a bundle: the steps as text (plus the hint, if the
/// packet was dropped), and as HTML the hook diagram with the path lit
/// above the same text.
pub fn walk_bundle(steps: &[TraceStep], hint: Option<&str>) -> MimeBundle {
    let mut text = steps_text(steps);
    if let Some(h) = hint {
        text.push_str(h);
        text.push('\n');
    }
    let html = format!(
        "<div class=\"netbook-walk\">{}\n{}</div>",
        hook_svg(steps),
        super::html::pre(&text)
    );
    MimeBundle::plain(text).with_html(html)
}

/// A text version of a packet walk: one line per step.
pub fn steps_text(steps: &[TraceStep]) -> String {
    let mut s = String::new();
    for st in steps {
        let line = match st {
            TraceStep::Conntrack { state, conn } => match conn {
                Some((id, dir)) => {
                    format!("conntrack: {} (connection #{id}, {dir:?})", state.name())
                }
                None => format!("conntrack: {}", state.name()),
            },
            TraceStep::Chain { table, chain } => format!("{table} {chain}:"),
            TraceStep::Rule {
                num, spec, result, ..
            } => match result {
                Ok(()) => format!("  rule {num} matched: {spec}"),
                Err(m) => format!("  rule {num} no match ({}): {spec}", m.reason()),
            },
            TraceStep::NatSkipped { hook } => {
                format!("nat {}: skipped (not the first packet)", hook.chain_name())
            }
            TraceStep::Policy {
                table,
                chain,
                policy,
            } => format!("  {table} {chain} policy {}", policy.name()),
            TraceStep::Nat {
                kind,
                before,
                after,
                source,
            } => format!(
                "{}: {} {}:{} -> {}:{}",
                kind.name(),
                if *source { "source" } else { "destination" },
                before.0,
                before.1,
                after.0,
                after.1
            ),
            TraceStep::Confirmed { conn } => format!("conntrack: confirmed connection #{conn}"),
            TraceStep::Log { line } => format!("LOG: {line}"),
            TraceStep::Verdict { hook, verdict, by } => {
                let v = match verdict {
                    Verdict::Accept => "ACCEPT".to_string(),
                    Verdict::Drop => "DROP".to_string(),
                    Verdict::Reject(w) => format!("REJECT ({})", w.name()),
                };
                if by.is_empty() {
                    format!("{}: {v}", hook.chain_name())
                } else {
                    format!("{}: {v} by {by}", hook.chain_name())
                }
            }
        };
        s.push_str(&line);
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::netfilter::parse::run_line;
    use crate::sim::netfilter::table::TableKind;
    use crate::sim::netfilter::{HookCtx, Netfilter};
    use crate::sim::packet::Ipv4Packet as Packet;

    #[test]
    fn counters_use_k_m_g_like_xtables() {
        assert_eq!(num(99_999, false, 8), "99999 ");
        assert_eq!(num(100_000, false, 8), " 100K ");
        assert_eq!(num(123_456_789, false, 8), " 123M ");
        assert_eq!(num(7, true, 8), "       7 ");
    }

    #[test]
    fn names_resolve_hosts_then_networks() {
        let n = Names::from_files("127.0.0.1\tlocalhost\n", DEBIAN_NETWORKS);
        assert_eq!(n.name(Ipv4Addr::LOCALHOST), "localhost");
        assert_eq!(n.name(Ipv4Addr::new(169, 254, 0, 0)), "link-local");
        assert_eq!(n.name(Ipv4Addr::new(10, 0, 0, 1)), "10.0.0.1");
    }

    #[test]
    fn svg_lights_the_dropping_hook() {
        let mut nf = Netfilter::new();
        run_line(&mut nf, "-P FORWARD DROP").unwrap();
        let mut p = Packet::ping([10, 0, 0, 1].into(), [10, 0, 1, 1].into(), 1);
        let r = nf.hook(Hook::Forward, &mut p, &HookCtx::default());
        let svg = hook_svg(&r.steps);
        assert!(svg.contains("DROP (filter FORWARD policy DROP)"));
        assert!(svg.contains("#fddada"));
        let t = steps_text(&r.steps);
        assert!(t.contains("filter FORWARD policy DROP"));
        let hint = crate::sim::netfilter::drop_hint(&r.steps, &p);
        let w = walk_bundle(&r.steps, hint.as_deref());
        assert!(w
            .text()
            .ends_with("or open the chain with `iptables -P FORWARD ACCEPT`\n"));
        assert!(w.get("text/html").unwrap().contains("<svg"));
        let b = list_bundle(
            &nf.table_or_default(TableKind::Filter),
            None,
            ListOpts {
                verbose: true,
                numeric: true,
                ..Default::default()
            },
            &Names::default(),
        );
        assert!(
            b.text()
                .contains("Chain FORWARD (policy DROP 1 packets, 84 bytes)"),
            "{}",
            b.text()
        );
        assert!(b
            .get("text/html")
            .unwrap()
            .contains("policy DROP, 1 packets"));
    }
}
