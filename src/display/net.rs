//! iproute2's views of the simulated world: `ip link`, `ip addr`,
//! `ip route`, `ip neigh`, `bridge fdb`, `bridge link`.
//!
//! `text/plain` is byte-for-byte what iproute2 6.1 prints for the same
//! state (checked against the real tool in throw-away namespaces, including
//! the trailing spaces); `text/html` is a table of the same facts.

use super::{html, MimeBundle};
use crate::sim::l2::NeighState;
use crate::sim::link::{LinkKind, OperState};
use crate::sim::route::{Route, RouteScope};
use crate::sim::stack::routes::RouteGet;
use crate::sim::{LinkId, NsId, World};
use std::fmt::Write as _;

/// The global options of `ip` that change how things are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ShowOpts {
    /// `-br`: one terse line per interface.
    pub brief: bool,
    /// `-o`: one line per record, newlines turned into `\`.
    pub oneline: bool,
    /// `-4` / `-6`: only that family (0: both).
    pub family: u8,
    /// `-s` given this many times.
    pub stats: u8,
    /// `-c`: ANSI colours.
    pub color: bool,
    /// `-d`: details.
    pub details: bool,
}

const CYAN: &str = "\x1b[36m";
const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const MAGENTA: &str = "\x1b[35m";
const BLUE: &str = "\x1b[34m";
const RESET: &str = "\x1b[0m";

fn paint(on: bool, color: &str, s: &str) -> String {
    if on {
        format!("{color}{s}{RESET}")
    } else {
        s.to_string()
    }
}

fn state_color(s: OperState) -> Option<&'static str> {
    match s {
        OperState::Up => Some(GREEN),
        OperState::Down | OperState::LowerLayerDown => Some(RED),
        OperState::Unknown => None,
    }
}

/// `veth1@veth1-br` (peer here) or `veth1@if4` (peer elsewhere) or `veth1`.
pub fn ifname_at(w: &World, id: LinkId) -> String {
    let l = w.link(id);
    match l.kind {
        LinkKind::Veth { peer } => {
            let p = w.link(peer);
            if p.netns == l.netns {
                format!("{}@{}", l.name, p.name)
            } else {
                format!("{}@if{}", l.name, p.ifindex)
            }
        }
        _ => l.name.to_string(),
    }
}

fn qdisc(w: &World, id: LinkId) -> &'static str {
    let l = w.link(id);
    match l.kind {
        LinkKind::Ether => "fq_codel",
        _ if l.ever_up => "noqueue",
        _ => "noop",
    }
}

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
    let _ = write!(
        s,
        "<{}> mtu {} qdisc {}",
        w.link_flags(id).join(","),
        l.mtu,
        qdisc(w, id)
    );
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
    s += "group default qlen 1000";
    s
}

/// What `-d` adds after the link line: promiscuity, MTU bounds, the
/// kind's own line (veth, bridge, bridge_slave), queue and offload sizes.
/// `ip link` also shows `addrgenmode`, `ip addr` does not.
/// A MAC the way iproute2 prints bridge ids (`%x` per octet, no padding).
fn bridge_id_mac(m: crate::sim::Mac) -> String {
    m.0.iter()
        .map(|b| format!("{b:x}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn details(w: &World, id: LinkId, with_addrgen: bool) -> String {
    let l = w.link(id);
    let port = u8::from(l.master.is_some());
    let (minmtu, maxmtu) = if l.kind == LinkKind::Loopback {
        (0, 0)
    } else {
        (68, 65535)
    };
    let queues = if matches!(l.kind, LinkKind::Veth { .. }) {
        2
    } else {
        1
    };
    let mut s = format!(" promiscuity {port}  allmulti {port} minmtu {minmtu} maxmtu {maxmtu} ");
    let mut kind_lines: Vec<String> = Vec::new();
    match &l.kind {
        LinkKind::Veth { .. } => kind_lines.push("veth ".into()),
        LinkKind::Dummy => kind_lines.push("dummy ".into()),
        LinkKind::Bridge { .. } => kind_lines.push(format!(
            "bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 vlan_filtering 0 bridge_id 8000.{mac} designated_root 8000.{mac} root_port 0 root_path_cost 0 topology_change 0 topology_change_detected 0 hello_timer    0.00 tcn_timer    0.00 topology_change_timer    0.00 gc_timer    0.00 group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 1 no_linklocal_learn 0 mcast_vlan_snooping 0 mcast_router 1 mcast_query_use_ifaddr 0 mcast_querier 0 mcast_hash_elasticity 16 mcast_hash_max 4096 mcast_last_member_count 2 mcast_startup_query_count 2 mcast_last_member_interval 100 mcast_membership_interval 26000 mcast_querier_interval 25500 mcast_query_interval 12500 mcast_query_response_interval 1000 mcast_startup_query_interval 3124 mcast_stats_enabled 0 mcast_igmp_version 2 mcast_mld_version 1 nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0 ",
            mac = bridge_id_mac(l.mac)
        )),
        _ => {}
    }
    if let Some(br) = l.master {
        let state = if w.port_forwarding(id) {
            "forwarding"
        } else {
            "disabled"
        };
        let port_no = w.bridge_ports(br).position(|p| p == id).unwrap_or(0) + 1;
        let bmac = bridge_id_mac(w.link(br).mac);
        kind_lines.push(format!(
            "bridge_slave state {state} priority 32 cost 2 hairpin off guard off root_block off fastleave off learning on flood on port_id 0x{:x} port_no 0x{port_no:x} designated_port {} designated_cost 0 designated_bridge 8000.{bmac} designated_root 8000.{bmac} hold_timer    0.00 message_age_timer    0.00 forward_delay_timer    0.00 topology_change_ack 0 config_pending 0 proxy_arp off proxy_arp_wifi off mcast_router 1 mcast_fast_leave off mcast_flood on bcast_flood on mcast_to_unicast off neigh_suppress off group_fwd_mask 0 group_fwd_mask_str 0x0 vlan_tunnel off isolated off locked off ",
            0x8000 + port_no,
            0x8000 + port_no
        ));
    }
    let tail = format!(
        "{}numtxqueues {queues} numrxqueues {queues} gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 ",
        if with_addrgen { "addrgenmode eui64 " } else { "" }
    );
    match kind_lines.last_mut() {
        Some(last) => *last += &tail,
        None => s += &tail,
    }
    for k in kind_lines {
        s += "\n    ";
        s += &k;
    }
    s
}

/// ` link-netns NAME` / ` link-netnsid N` for a veth whose peer is elsewhere.
fn peer_netns(w: &World, viewer: NsId, id: LinkId) -> Option<String> {
    let LinkKind::Veth { peer } = w.link(id).kind else {
        return None;
    };
    let pns = w.link(peer).netns;
    if pns == viewer {
        return None;
    }
    Some(match &w.ns(pns).name {
        Some(n) => format!(" link-netns {n}"),
        None => {
            let id = w
                .ns(viewer)
                .nsids
                .iter()
                .position(|x| *x == pns)
                .unwrap_or(0);
            format!(" link-netnsid {id}")
        }
    })
}

/// The `link/ether ...` line (without the leading newline).
fn link_line(w: &World, viewer: NsId, id: LinkId, o: &ShowOpts, mode_link: bool) -> String {
    let l = w.link(id);
    let (kind, brd) = match l.kind {
        LinkKind::Loopback => ("loopback", "00:00:00:00:00:00"),
        _ => ("ether", "ff:ff:ff:ff:ff:ff"),
    };
    let mut s = format!(
        "    link/{kind} {} brd {}",
        paint(o.color, YELLOW, &l.mac.to_string()),
        paint(o.color, YELLOW, brd)
    );
    if let LinkKind::Veth { peer } = l.kind {
        let pns = w.link(peer).netns;
        if pns != viewer {
            match &w.ns(pns).name {
                Some(n) => {
                    let _ = write!(s, " link-netns {n}");
                }
                None => {
                    let id = w
                        .ns(viewer)
                        .nsids
                        .iter()
                        .position(|x| *x == pns)
                        .unwrap_or(0);
                    let _ = write!(s, " link-netnsid {id}");
                }
            }
        }
    }
    if o.details {
        s += &details(w, id, mode_link);
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
            "\n    RX errors:  length    crc   frame    fifo overrun\n                     0      0       0       0       0 ",
            "\n    TX errors: aborted   fifo  window heartbt transns\n                     0      0       0       0       0 ",
        )
    } else {
        ("", "")
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

fn has_ipv6(w: &World, id: LinkId) -> bool {
    w.has_ipv6(id)
}

fn v6_addr(w: &World, id: LinkId) -> Option<(String, &'static str)> {
    if !has_ipv6(w, id) {
        return None;
    }
    let l = w.link(id);
    Some(match l.kind {
        LinkKind::Loopback => ("::1/128".to_string(), "host"),
        _ => (format!("{}/64", l.mac.link_local()), "link"),
    })
}

/// `ip addr show` for the given links.
pub fn ip_addr(w: &World, ns: NsId, links: &[LinkId], o: &ShowOpts) -> MimeBundle {
    let mut text = String::new();
    let mut rows = Vec::new();
    for &id in links {
        let l = w.link(id);
        let v4: Vec<_> = if o.family == 6 {
            Vec::new()
        } else {
            l.addrs.clone()
        };
        let v6 = if o.family == 4 { None } else { v6_addr(w, id) };
        let mut shown: Vec<String> = v4
            .iter()
            .map(|a| format!("{}/{}", a.local, a.prefix))
            .collect();
        if let Some((a, _)) = &v6 {
            shown.push(a.clone());
        }
        rows.push(vec![
            l.name.to_string(),
            w.oper_state(id).to_string(),
            l.mac.to_string(),
            shown.join(" "),
        ]);
        if o.family != 0 && v4.is_empty() && v6.is_none() {
            continue;
        }
        if o.brief {
            let state = w.oper_state(id);
            let name = format!("{:<16} ", ifname_at(w, id));
            let st = format!("{:<14} ", state.to_string());
            let mut line = paint(o.color, CYAN, &name);
            line += &match state_color(state) {
                Some(c) if o.color => paint(true, c, &st),
                _ => st,
            };
            for a in &v4 {
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
        if o.family == 0 {
            lines.push(link_line(w, ns, id, o, false));
        } else if let Some(peer_ns) = peer_netns(w, ns, id) {
            // Without the link line iproute2 appends the peer netns here.
            lines[0] += &peer_ns;
        }
        for (i, a) in v4.iter().enumerate() {
            let secondary = v4[..i].iter().any(|b| b.net() == a.net());
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
            let _ = write!(s, " {}", l.name);
            records.push(vec![
                s,
                "       valid_lft forever preferred_lft forever".to_string(),
            ]);
        }
        if let Some((a, scope)) = &v6 {
            let (ip, len) = a.split_once('/').unwrap_or((a, ""));
            records.push(vec![
                format!(
                    "    inet6 {}/{len} scope {scope} ",
                    paint(o.color, BLUE, ip)
                ),
                "       valid_lft forever preferred_lft forever".to_string(),
            ]);
        }
        if o.oneline {
            for r in records {
                let _ = writeln!(text, "{}: {}{}", l.ifindex, l.name, oneline(&r));
            }
            continue;
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
    let table = html::table(&["interface", "state", "MAC", "addresses"], &rows);
    MimeBundle::plain(text).with_html(table)
}

/// One route as `ip route show` prints it (with the trailing space).
pub fn route_line(w: &World, r: &Route) -> String {
    let mut s = if r.dst.prefix_len() == 0 {
        "default".to_string()
    } else {
        r.dst.to_string()
    };
    if let Some(v) = r.via {
        let _ = write!(s, " via {v}");
    }
    let _ = write!(s, " dev {}", w.link(r.dev).name);
    if let Some(p) = r.proto.shown() {
        let _ = write!(s, " proto {p}");
    }
    match r.scope {
        RouteScope::Link => s += " scope link",
        RouteScope::Host => s += " scope host",
        RouteScope::Global => {}
    }
    if let Some(src) = r.src {
        let _ = write!(s, " src {src}");
    }
    if r.metric != 0 {
        let _ = write!(s, " metric {}", r.metric);
    }
    if r.linkdown {
        s += " linkdown";
    }
    s.push(' ');
    s
}

/// `ip route show`.
pub fn ip_route(w: &World, routes: &[Route]) -> MimeBundle {
    let mut text = String::new();
    for r in routes {
        text += &route_line(w, r);
        text.push('\n');
    }
    let rows: Vec<Vec<String>> = routes
        .iter()
        .map(|r| {
            vec![
                if r.dst.prefix_len() == 0 {
                    "default".into()
                } else {
                    r.dst.to_string()
                },
                r.via.map(|v| v.to_string()).unwrap_or_default(),
                w.link(r.dev).name.to_string(),
                r.proto.shown().unwrap_or("boot").to_string(),
                r.src.map(|v| v.to_string()).unwrap_or_default(),
                r.metric.to_string(),
                if r.linkdown {
                    "linkdown".into()
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    let table = html::table(
        &[
            "destination",
            "gateway",
            "dev",
            "proto",
            "src",
            "metric",
            "",
        ],
        &rows,
    );
    MimeBundle::plain(text).with_html(table)
}

/// The `local` table (addresses and broadcasts of up links), as
/// `(line before "dev ...", dev name, line after the dev)`, in FIB order.
fn local_table(w: &World, ns: NsId) -> Vec<(String, String, String)> {
    let mut v: Vec<(u32, u8, String, String, String)> = Vec::new();
    for (_, l) in w.links_of(ns) {
        if !l.admin_up {
            continue;
        }
        for a in &l.addrs {
            let dev = l.name.to_string();
            // A secondary address's routes name the primary as source.
            let src = l
                .addrs
                .iter()
                .find(|p| p.net() == a.net())
                .map_or(a.local, |p| p.local);
            if l.kind == LinkKind::Loopback && a.prefix < 32 {
                let net = a.net();
                v.push((
                    u32::from(net.network()),
                    a.prefix,
                    format!("local {net}"),
                    dev.clone(),
                    format!("proto kernel scope host src {src}"),
                ));
            }
            let me = a.local;
            v.push((
                u32::from(me),
                32,
                format!("local {me}"),
                dev.clone(),
                format!("proto kernel scope host src {src}"),
            ));
            if a.prefix < 31 {
                let b = a.brd.unwrap_or_else(|| a.net().broadcast());
                v.push((
                    u32::from(b),
                    32,
                    format!("broadcast {b}"),
                    dev,
                    format!("proto kernel scope link src {src}"),
                ));
            }
        }
    }
    v.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    v.dedup_by(|a, b| a.2 == b.2);
    v.into_iter()
        .map(|(_, _, head, dev, tail)| (head, dev, tail))
        .collect()
}

/// `ip route show table local|all` (IPv4 part, then IPv6 for `all`).
pub fn ip_route_table(w: &World, ns: NsId, table: &str, family: u8) -> MimeBundle {
    let mut text = String::new();
    let all = table == "all";
    if family != 6 {
        if all {
            for r in w.routes(ns) {
                text += &route_line(w, &r);
                text.push('\n');
            }
        }
        for (head, dev, tail) in local_table(w, ns) {
            let t = if all { " table local" } else { "" };
            let _ = writeln!(text, "{head} dev {dev}{t} {tail} ");
        }
    }
    if all && family != 4 {
        text += ip6_route(w, ns).text();
        for (id, l) in w.links_of(ns) {
            if let Some((a, _)) = v6_addr(w, id) {
                let ip = a.split('/').next().unwrap_or("");
                let _ = writeln!(
                    text,
                    "local {ip} dev {} table local proto kernel metric 0 pref medium",
                    l.name
                );
            }
        }
        for (id, l) in w.links_of(ns) {
            if l.kind != LinkKind::Loopback && has_ipv6(w, id) {
                let _ = writeln!(
                    text,
                    "multicast ff00::/8 dev {} table local proto kernel metric 256 pref medium",
                    l.name
                );
            }
        }
    }
    let rows: Vec<Vec<String>> = text
        .lines()
        .map(|l| vec![l.trim_end().to_string()])
        .collect();
    MimeBundle::plain(text).with_html(html::table(&["route"], &rows))
}

/// `ip -6 route`: the kernel's link-local prefix route on every interface
/// that has its EUI-64 address (up, with carrier).
pub fn ip6_route(w: &World, ns: NsId) -> MimeBundle {
    let mut text = String::new();
    let mut rows = Vec::new();
    // The kernel lists them in the order the link-local addresses appeared;
    // a bridge gets carrier only after a port does, so bridges come last.
    let mut links: Vec<(LinkId, &crate::sim::link::Link)> = w.links_of(ns).collect();
    links.sort_by_key(|(_, l)| matches!(l.kind, LinkKind::Bridge { .. }));
    for (id, l) in links {
        if l.kind != LinkKind::Loopback && has_ipv6(w, id) {
            let _ = writeln!(
                text,
                "fe80::/64 dev {} proto kernel metric 256 pref medium",
                l.name
            );
            rows.push(vec![
                "fe80::/64".to_string(),
                l.name.to_string(),
                "kernel".into(),
                "256".into(),
            ]);
        }
    }
    MimeBundle::plain(text).with_html(html::table(
        &["destination", "dev", "proto", "metric"],
        &rows,
    ))
}

/// `ip route get`.
pub fn ip_route_get(w: &World, g: &RouteGet) -> MimeBundle {
    let mut s = String::new();
    if g.local {
        s += "local ";
    }
    let _ = write!(s, "{}", g.dst);
    if let Some(f) = g.from {
        let _ = write!(s, " from {f}");
    }
    if let Some(v) = g.via {
        let _ = write!(s, " via {v}");
    }
    let _ = write!(s, " dev {}", w.link(g.dev).name);
    if let Some(src) = g.src.filter(|_| g.from.is_none()) {
        let _ = write!(s, " src {src}");
    }
    s += " uid 0 \n    cache ";
    if g.local {
        s += "<local> ";
    }
    s.push('\n');
    let matched = g
        .matched
        .map(|(net, metric)| {
            let metric = if metric == 0 {
                String::new()
            } else {
                format!(", metric {metric}")
            };
            format!(
                " The longest prefix that contains it is <b>{}</b>{metric}.",
                if net.prefix_len() == 0 {
                    "default".to_string()
                } else {
                    html::escape(&net.to_string())
                }
            )
        })
        .unwrap_or_default();
    let explain = format!(
        "<p>To reach <b>{}</b> the kernel picks {} out of <b>{}</b>{}.{matched}</p>",
        html::escape(&g.dst.to_string()),
        match g.via {
            Some(v) => format!("gateway <b>{}</b>", html::escape(&v.to_string())),
            None if g.local => "its own address (local delivery)".into(),
            None => "direct delivery (on-link)".into(),
        },
        html::escape(&w.link(g.dev).name),
        g.src
            .map(|s| format!(" with source {}", html::escape(&s.to_string())))
            .unwrap_or_default()
    );
    MimeBundle::plain(s.clone()).with_html(format!("{}{}", html::pre(&s), explain))
}

/// `ip neigh show` (optionally for one device, which then is not printed).
pub fn ip_neigh(w: &World, ns: NsId, dev: Option<LinkId>) -> MimeBundle {
    let mut text = String::new();
    let mut rows = Vec::new();
    for e in w.neighbours(ns) {
        if dev.is_some_and(|d| d != e.dev) {
            continue;
        }
        let state = e.state_at(w.now_us);
        let mut s = e.ip.to_string();
        if dev.is_none() {
            let _ = write!(s, " dev {}", w.link(e.dev).name);
        }
        if let Some(m) = e
            .mac
            .filter(|_| !matches!(state, NeighState::Incomplete | NeighState::Failed))
        {
            let _ = write!(s, " lladdr {m}");
        }
        let _ = writeln!(s, " {state} ");
        text += &s;
        rows.push(vec![
            e.ip.to_string(),
            w.link(e.dev).name.to_string(),
            e.mac.map(|m| m.to_string()).unwrap_or_default(),
            state.to_string(),
        ]);
    }
    let table = html::table(&["IP address", "dev", "MAC (lladdr)", "state"], &rows);
    MimeBundle::plain(text).with_html(table)
}

/// `bridge fdb show`: learnt and permanent entries plus each interface's
/// multicast addresses, as the kernel lists them.
pub fn bridge_fdb(w: &World, ns: NsId) -> MimeBundle {
    let mut text = String::new();
    let mut rows = Vec::new();
    for (id, l) in w.links_of(ns) {
        if l.kind == LinkKind::Loopback {
            continue;
        }
        let ll = l.mac.0;
        let sol = format!("33:33:ff:{:02x}:{:02x}:{:02x}", ll[3], ll[4], ll[5]);
        if let Some(br) = l.master {
            let bname = &w.link(br).name;
            if let LinkKind::Bridge { fdb, .. } = &w.link(br).kind {
                for e in fdb.iter().filter(|e| e.port == id) {
                    let _ = writeln!(text, "{} dev {} master {bname} ", e.mac, l.name);
                    rows.push(vec![
                        e.mac.to_string(),
                        l.name.to_string(),
                        bname.to_string(),
                        "learnt".into(),
                    ]);
                }
            }
            let _ = writeln!(text, "{} dev {} master {bname} permanent", l.mac, l.name);
            rows.push(vec![
                l.mac.to_string(),
                l.name.to_string(),
                bname.to_string(),
                "permanent (own)".into(),
            ]);
        }
        if !l.admin_up {
            continue;
        }
        let mut mc: Vec<String> = vec!["33:33:00:00:00:01".into()];
        if matches!(l.kind, LinkKind::Bridge { .. }) {
            mc.extend(["01:00:5e:00:00:6a".into(), "33:33:00:00:00:6a".into()]);
        }
        mc.push("01:00:5e:00:00:01".into());
        if w.carrier(id) {
            mc.push(sol);
        }
        for m in mc {
            let _ = writeln!(text, "{m} dev {} self permanent", l.name);
        }
    }
    let table = html::table(&["MAC", "port", "bridge", "kind"], &rows);
    MimeBundle::plain(text).with_html(table)
}

/// `bridge link`: every bridge port and its STP state.
pub fn bridge_link(w: &World, ns: NsId) -> MimeBundle {
    let mut text = String::new();
    let mut rows = Vec::new();
    for (id, l) in w.links_of(ns) {
        let Some(m) = l.master else { continue };
        let state = if w.port_forwarding(id) {
            "forwarding"
        } else {
            "disabled"
        };
        let _ = writeln!(
            text,
            "{}: {}: <{}> mtu {} master {} state {state} priority 32 cost 2 ",
            l.ifindex,
            ifname_at(w, id),
            w.link_flags(id).join(","),
            l.mtu,
            w.link(m).name
        );
        rows.push(vec![
            l.name.to_string(),
            w.link(m).name.to_string(),
            state.to_string(),
        ]);
    }
    let table = html::table(&["port", "bridge", "state"], &rows);
    MimeBundle::plain(text).with_html(table)
}
