//! `ip link` and `ip addr`: the interface records, `-br`, `-o`, `-s`,
//! `-d` and `-c` layouts, and their HTML tables.

use super::show::{ifname_at, is_secondary, paint, qdisc, state_color, ShowOpts};
use super::show::{BLUE, CYAN, MAGENTA, RESET, YELLOW};
use crate::display::bundle::MimeBundle;
use crate::display::html;
use crate::sim::link::{IfAddr, LinkKind, SCOPE_HOST};
use crate::sim::{LinkId, NsId, World};
use std::fmt::Write as _;

pub(crate) use super::link_details::port_state;

/// The first line of `ip link` / `ip addr` for one interface.
fn header_line(w: &World, id: LinkId, o: &ShowOpts, mode: bool) -> String {
    let l = w.link(id);
    let state = w.oper_state(id);
    let name = format!("{}:", ifname_at(w, id));
    let mut s = format!("{}: ", l.ifindex);
    if o.color {
        s += &format!("{CYAN}{name} {RESET}");
    } else {
        s += &name;
        s.push(' ');
    }
    let _ = write!(s, "<{}> mtu {}", w.link_flags(id).join(","), l.mtu);
    if o.inet6_dump {
        let _ = write!(s, " state {} qlen {}", state, l.shown.txqlen as i32);
        return s;
    }
    let _ = write!(s, " qdisc {}", qdisc(w, id));
    if let Some(m) = l.master {
        let _ = write!(s, " master {}", w.link(m).name);
    }
    s += " state ";
    match (o.color, state_color(state)) {
        (true, Some(c)) => s += &format!("{c}{state} {RESET}"),
        _ => s += &format!("{state} "),
    }
    if mode {
        s += "mode DEFAULT ";
    }
    match l.shown.group {
        0 => s += "group default ",
        g => {
            let _ = write!(s, "group {g} ");
        }
    }
    if l.shown.txqlen != 0 {
        // iproute2 prints the u32 with %d; a queue of 0 leaves no `qlen`
        // and the space before it.
        let _ = write!(s, "qlen {}", l.shown.txqlen as i32);
    }
    s
}

/// Where a veth's peer lives, seen from another namespace: the viewer's
/// nsid for it (what `-j` prints) and its name under /run/netns (what the
/// text prints when it has one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PeerNs {
    pub nsid: usize,
    pub name: Option<String>,
}

/// The namespace of a veth's peer when it is not the viewer's.
pub(crate) fn peer_ns(w: &World, viewer: NsId, id: LinkId) -> Option<PeerNs> {
    let LinkKind::Veth { peer } = w.link(id).kind else {
        return None;
    };
    let pns = w.link(peer).netns;
    (pns != viewer).then(|| PeerNs {
        nsid: w.ns(viewer).nsid_of(pns).unwrap_or(0),
        name: w.ns(pns).name.as_ref().map(|n| n.to_string()),
    })
}

/// ` link-netns NAME` / ` link-netnsid N` for a veth whose peer is elsewhere.
fn peer_netns(w: &World, viewer: NsId, id: LinkId) -> Option<String> {
    let p = peer_ns(w, viewer, id)?;
    Some(match p.name {
        Some(n) => format!(" link-netns {n}"),
        None => format!(" link-netnsid {}", p.nsid),
    })
}

/// The `link/ether ...` line (without the leading newline).
fn link_line(w: &World, viewer: NsId, id: LinkId, o: &ShowOpts, mode_link: bool) -> String {
    let l = w.link(id);
    let (kind, brd) = match l.kind {
        LinkKind::Loopback => ("loopback", "00:00:00:00:00:00"),
        _ => ("ether", "ff:ff:ff:ff:ff:ff"),
    };
    if o.inet6_dump {
        // The AF_INET6 link message carries the address alone.
        return format!(
            "    link/{kind} {}",
            paint(o.color, YELLOW, &l.mac.to_string())
        );
    }
    let mut s = format!(
        "    link/{kind} {} brd {}",
        paint(o.color, YELLOW, &l.mac.to_string()),
        paint(o.color, YELLOW, brd)
    );
    if let Some(t) = peer_netns(w, viewer, id) {
        s += &t;
    }
    if o.details {
        s += &super::link_details::details(w, id).text(mode_link);
    }
    s
}

/// The `-s` block (with `-s -s`, the error breakdowns, all zero here).
fn stats_lines(w: &World, id: LinkId, level: u8) -> String {
    let st = w.link(id).stats;
    let rx = [st.rx_bytes, st.rx_packets, 0, st.rx_dropped, 0, 0];
    let tx = [st.tx_bytes, st.tx_packets, 0, st.tx_dropped, 0, 0];
    let mins = [10usize, 7, 6, 7, 7, 7];
    let widths: Vec<usize> = (0..6)
        .map(|i| {
            mins[i]
                .max(rx[i].to_string().len())
                .max(tx[i].to_string().len())
        })
        .collect();
    let head = |label: &str, cols: [&str; 6]| {
        let mut s = format!("    {label}: {:>w$}", cols[0], w = widths[0] - 4);
        for i in 1..6 {
            let _ = write!(s, " {:>w$}", cols[i], w = widths[i]);
        }
        s + "           "
    };
    let vals = |v: [u64; 6]| {
        let mut s = format!("    {:>w$}", v[0], w = widths[0]);
        for i in 1..6 {
            let _ = write!(s, " {:>w$}", v[i], w = widths[i]);
        }
        s + " "
    };
    let (rx_err, tx_err) = if level > 1 {
        (
            "\n    RX errors:  length    crc   frame    fifo overrun\n                     0      0       0       0       0 ".to_string(),
            format!(
                "\n    TX errors: aborted   fifo  window heartbt transns\n                     0      0       0       0 {:>7} ",
                st.carrier_changes
            ),
        )
    } else {
        (String::new(), String::new())
    };
    format!(
        "{}\n{}{rx_err}\n{}\n{}{tx_err}",
        head(
            "RX",
            ["bytes", "packets", "errors", "dropped", "missed", "mcast"]
        ),
        vals(rx),
        head(
            "TX",
            ["bytes", "packets", "errors", "dropped", "carrier", "collsns"]
        ),
        vals(tx)
    )
}

/// Joins record lines the way `-o` does (newlines become `\`).
fn oneline(lines: &[String]) -> String {
    lines.join("\\")
}

/// `ip link show` for the given links.
pub fn ip_link(w: &World, ns: NsId, links: &[LinkId], o: &ShowOpts) -> MimeBundle {
    let mut text = String::new();
    for &id in links {
        let l = w.link(id);
        if o.brief {
            let state = w.oper_state(id);
            let name = format!("{:<16} ", ifname_at(w, id));
            let st = format!("{:<14} ", state.to_string());
            let _ = writeln!(
                text,
                "{}{}{}<{}> ",
                paint(o.color, CYAN, &name),
                match state_color(state) {
                    Some(c) if o.color => paint(true, c, &st),
                    _ => st,
                },
                paint(o.color, YELLOW, &format!("{} ", l.mac)),
                w.link_flags(id).join(",")
            );
            continue;
        }
        let mut lines = vec![header_line(w, id, o, true), link_line(w, ns, id, o, true)];
        if let Some(a) = &l.shown.alias {
            lines.push(format!("    alias {a}"));
        }
        if o.stats > 0 {
            lines.extend(stats_lines(w, id, o.stats).lines().map(str::to_string));
        }
        if o.oneline {
            text += &oneline(&lines);
            text.push('\n');
        } else {
            for line in lines {
                text += &line;
                text.push('\n');
            }
        }
    }
    let rows: Vec<Vec<String>> = links
        .iter()
        .map(|&id| {
            let l = w.link(id);
            let peer = match l.kind {
                LinkKind::Veth { peer } => {
                    let p = w.link(peer);
                    let pn = w.ns(p.netns).name.clone().unwrap_or_else(|| "host".into());
                    format!("{} ({pn})", p.name)
                }
                _ => String::new(),
            };
            vec![
                l.ifindex.to_string(),
                l.name.to_string(),
                l.kind.type_name().to_string(),
                w.oper_state(id).to_string(),
                w.link_flags(id).join(","),
                l.mac.to_string(),
                l.master
                    .map(|m| w.link(m).name.to_string())
                    .unwrap_or_default(),
                peer,
                l.mtu.to_string(),
            ]
        })
        .collect();
    if o.brief {
        // `-br` is the terse view: name, state, MAC, flags, as its text.
        let brief: Vec<Vec<String>> = rows
            .into_iter()
            .map(|r| vec![r[1].clone(), r[3].clone(), r[5].clone(), r[4].clone()])
            .collect();
        let table = html::table(&["name", "state", "MAC", "flags"], &brief);
        return MimeBundle::plain(text).with_html(brief_html(&table));
    }
    let table = html::table(
        &[
            "#",
            "name",
            "type",
            "state",
            "flags",
            "MAC",
            "master",
            "veth peer (netns)",
            "mtu",
        ],
        &rows,
    );
    MimeBundle::plain(text).with_html(table)
}

/// A `-br` table, marked as the brief view.
fn brief_html(table: &str) -> String {
    format!(
        "<div class=\"netbook-brief\"><p>{}</p>{table}</div>",
        html::escape(crate::display::i18n::t(
            "brief view (-br): one line per interface"
        ))
    )
}

pub(super) fn has_ipv6(w: &World, id: LinkId) -> bool {
    w.has_ipv6(id)
}

pub(super) fn v6_addr(w: &World, id: LinkId) -> Option<(String, &'static str)> {
    if !has_ipv6(w, id) {
        return None;
    }
    let l = w.link(id);
    Some(match l.kind {
        LinkKind::Loopback => ("::1/128".to_string(), "host"),
        _ => (format!("{}/64", l.mac.link_local()), "link"),
    })
}

/// An IPv6 scope's rtnetlink number.
fn scope_num(name: &str) -> u8 {
    if name == "host" {
        SCOPE_HOST
    } else {
        253
    }
}

/// The IPv4 addresses (each with whether it is secondary) and the IPv6
/// one `ip addr show` picks on a link.
pub(crate) type Chosen = (Vec<(IfAddr, bool)>, Option<(String, &'static str)>);

/// What `ip addr show` lists of a link, by family and selectors.
pub(crate) fn chosen_addrs(w: &World, id: LinkId, o: &ShowOpts) -> Chosen {
    let l = w.link(id);
    let v4: Vec<_> = if o.family == 6 {
        Vec::new()
    } else {
        (l.addrs.iter().enumerate())
            .map(|(i, a)| (*a, is_secondary(&l.addrs, i)))
            .filter(|(a, sec)| o.select.v4(l.name, a, *sec, w.now_us))
            .collect()
    };
    let v6 = if o.family == 4 { None } else { v6_addr(w, id) }
        .filter(|(_, scope)| o.select.v6(l.name, scope_num(scope)));
    (v4, v6)
}

/// Whether `ip addr show` leaves a link out: a family or a selector was
/// given and none of its addresses passed. A link with no address at all
/// stays when no family was given (iproute2's `missing_net_address`).
pub(crate) fn addr_skipped(w: &World, id: LinkId, o: &ShowOpts, (v4, v6): &Chosen) -> bool {
    let nothing_shown = v4.is_empty() && v6.is_none();
    if o.family != 0 {
        return nothing_shown;
    }
    let bare = w.link(id).addrs.is_empty() && v6_addr(w, id).is_none();
    o.select.any() && nothing_shown && !bare
}

/// `ip addr show` for the given links.
pub fn ip_addr(w: &World, ns: NsId, links: &[LinkId], o: &ShowOpts) -> MimeBundle {
    let mut text = String::new();
    let mut rows = Vec::new();
    for &id in links {
        let l = w.link(id);
        let (v4, v6) = chosen_addrs(w, id, o);
        let mut shown: Vec<String> = v4
            .iter()
            .map(|(a, _)| format!("{}/{}", a.local, a.prefix))
            .collect();
        if let Some((a, _)) = &v6 {
            shown.push(a.clone());
        }
        // The table keeps the links the text keeps.
        let chosen = (v4, v6);
        if addr_skipped(w, id, o, &chosen) {
            continue;
        }
        let (v4, v6) = chosen;
        rows.push(vec![
            l.name.to_string(),
            w.oper_state(id).to_string(),
            l.mac.to_string(),
            shown.join(" "),
        ]);
        if o.brief {
            let state = w.oper_state(id);
            let name = format!("{:<16} ", ifname_at(w, id));
            let st = format!("{:<14} ", state.to_string());
            let mut line = paint(o.color, CYAN, &name);
            line += &match state_color(state) {
                Some(c) if o.color => paint(true, c, &st),
                _ => st,
            };
            for (a, _) in &v4 {
                let _ = write!(
                    line,
                    "{}/{} ",
                    paint(o.color, MAGENTA, &a.local.to_string()),
                    a.prefix
                );
            }
            if let Some((a, _)) = &v6 {
                let (ip, len) = a.split_once('/').unwrap_or((a, ""));
                let _ = write!(line, "{}/{len} ", paint(o.color, BLUE, ip));
            }
            text += &line;
            text.push('\n');
            continue;
        }
        let mut records: Vec<Vec<String>> = Vec::new();
        let mut lines = vec![header_line(w, id, o, false)];
        // print_linkinfo: a family hides the link line unless `-d`.
        if o.family == 0 || o.details {
            lines.push(link_line(w, ns, id, o, false));
        } else if let Some(peer_ns) = peer_netns(w, ns, id) {
            // Without the link line iproute2 appends the peer netns here.
            lines[0] += &peer_ns;
        }
        for &(a, secondary) in &v4 {
            let mut s = format!(
                "    inet {}/{}",
                paint(o.color, MAGENTA, &a.local.to_string()),
                a.prefix
            );
            match a.brd {
                // iproute2 colours the separating space together with the address.
                Some(b) if o.color => {
                    let _ = write!(
                        s,
                        " brd {}scope {}",
                        paint(true, MAGENTA, &format!("{b} ")),
                        a.scope()
                    );
                }
                Some(b) => {
                    let _ = write!(s, " brd {b} scope {}", a.scope());
                }
                None => {
                    let _ = write!(s, " scope {}", a.scope());
                }
            }
            if secondary {
                s += " secondary";
            }
            if a.is_deprecated(w.now_us) {
                s += " deprecated";
            }
            if a.lft.is_some() {
                s += " dynamic";
            }
            let _ = write!(s, " {}", a.label.unwrap_or(l.name));
            records.push(vec![s, lft_line(a.lifetimes(w.now_us))]);
        }
        if let Some((a, scope)) = &v6 {
            let (ip, len) = a.split_once('/').unwrap_or((a, ""));
            records.push(vec![
                format!(
                    "    inet6 {}/{len} scope {scope} ",
                    paint(o.color, BLUE, ip)
                ),
                lft_line((u32::MAX, u32::MAX)),
            ]);
        }
        if o.oneline {
            for r in records {
                let _ = writeln!(text, "{}: {}{}", l.ifindex, l.name, oneline(&r));
            }
            continue;
        }
        if o.select.label.is_some() {
            // iproute2 prints no link lines when selecting by label.
            lines.clear();
        }
        for r in records {
            lines.extend(r);
        }
        if o.stats > 0 {
            lines.extend(stats_lines(w, id, o.stats).lines().map(str::to_string));
        }
        for line in lines {
            text += &line;
            text.push('\n');
        }
    }
    if o.brief {
        let brief: Vec<Vec<String>> = rows
            .into_iter()
            .map(|r| vec![r[0].clone(), r[1].clone(), r[3].clone()])
            .collect();
        let table = html::table(&["interface", "state", "addresses"], &brief);
        return MimeBundle::plain(text).with_html(brief_html(&table));
    }
    let table = html::table(&["interface", "state", "MAC", "addresses"], &rows);
    MimeBundle::plain(text).with_html(table)
}

/// iproute2's `on`/`off` for a flag.
pub(crate) fn on_off(b: bool) -> &'static str {
    if b {
        "on"
    } else {
        "off"
    }
}

/// `valid_lft N sec preferred_lft N sec`, `forever` for INFINITY_LIFE_TIME.
fn lft_line((valid, preferred): (u32, u32)) -> String {
    let v = |n: u32| match n {
        u32::MAX => "forever".to_string(),
        n => format!("{n}sec"),
    };
    format!(
        "       valid_lft {} preferred_lft {}",
        v(valid),
        v(preferred)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brief_and_oneline_render_different_html() {
        let w = World::new();
        let ns = w.ns_id(None).unwrap();
        let links: Vec<LinkId> = w.links_of(ns).map(|(id, _)| id).collect();
        let html = |o: ShowOpts| {
            ip_link(&w, ns, &links, &o)
                .get("text/html")
                .unwrap()
                .to_string()
        };
        let brief = html(ShowOpts {
            brief: true,
            ..Default::default()
        });
        let oneline = html(ShowOpts {
            oneline: true,
            ..Default::default()
        });
        assert_ne!(brief, oneline);
        assert!(
            brief.contains("netbook-brief") && !brief.contains("<th>mtu</th>"),
            "{brief}"
        );
        assert!(oneline.contains("<th>mtu</th>"), "{oneline}");
    }
}
