//! `ip route` (main, local and all tables, IPv6) and `ip route get`
//! with its longest-prefix-match explanation.

use super::link::{has_ipv6, v6_addr};
use crate::display::bundle::MimeBundle;
use crate::display::html;
use crate::display::i18n::{t, tf};
use crate::sim::link::LinkKind;
use crate::sim::route::{Route, RouteScope};
use crate::sim::stack::policy::{DEFAULT, LOCAL, MAIN};
use crate::sim::stack::routes::RouteGet;
use crate::sim::{LinkId, NsId, World};
use std::fmt::Write as _;

/// One route as `ip route show` prints it (with the trailing space).
pub fn route_line(w: &World, r: &Route) -> String {
    route_line_omit(w, r, &RouteOmit::default())
}

/// A table as rt_tables names it.
pub fn table_name(id: u32) -> String {
    match id {
        LOCAL => "local".into(),
        MAIN => "main".into(),
        DEFAULT => "default".into(),
        n => n.to_string(),
    }
}

/// The fields `ip route show` leaves out because a selector fixed them
/// (`ip route show dev X` prints no `dev X`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RouteOmit {
    /// `dev D` was given.
    pub dev: bool,
    /// `via G` was given.
    pub via: bool,
    /// `proto P` was given.
    pub proto: bool,
    /// `scope S` was given.
    pub scope: bool,
    /// `src A` was given.
    pub src: bool,
    /// `metric M` was given.
    pub metric: bool,
    /// `ip -d`: the type, `proto boot` and `scope global` are printed too.
    pub details: bool,
    /// `table T` after the device (`ip route show table all`): its id.
    pub table: Option<u32>,
}

/// What `ip route show` prints of one route, field by field: the text
/// line and the `-j` record are both drawn from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteFields {
    /// `unreachable`, `blackhole`, ... (`unicast` only with `-d`).
    pub kind: Option<&'static str>,
    /// `default`, `A.B.C.D` for a host route, or the prefix.
    pub dst: String,
    /// The gateway.
    pub via: Option<core::net::Ipv4Addr>,
    /// The device (none for a route of another type).
    pub dev: Option<String>,
    /// `table T` after the device: its id.
    pub table: Option<u32>,
    /// The protocol, unless it is `boot` (`-d`: always).
    pub proto: Option<String>,
    /// The scope, unless it is `global` (`-d`: always).
    pub scope: Option<&'static str>,
    /// The preferred source.
    pub src: Option<core::net::Ipv4Addr>,
    /// The metric, unless 0.
    pub metric: Option<u32>,
    /// The device has no carrier.
    pub linkdown: bool,
}

/// The fields of one route `ip route show` prints, without the fixed ones.
pub fn route_fields(w: &World, r: &Route, omit: &RouteOmit) -> RouteFields {
    let dst = if r.dst.prefix_len() == 0 {
        "default".to_string()
    } else if r.dst.prefix_len() == 32 {
        // iproute2 prints a host route without its /32.
        r.dst.addr().to_string()
    } else {
        r.dst.to_string()
    };
    let unicast = r.kind.word().is_none();
    let proto = match omit.details {
        true => Some(r.proto.name()),
        false => r.proto.shown().map(|p| p.to_string()),
    };
    RouteFields {
        kind: r
            .kind
            .word()
            .or((unicast && omit.details).then_some("unicast")),
        dst,
        via: r.via.filter(|_| unicast && !omit.via),
        dev: (unicast && !omit.dev).then(|| w.link(r.dev).name.to_string()),
        table: omit.table,
        proto: proto.filter(|_| !omit.proto),
        scope: match r.scope {
            _ if omit.scope => None,
            RouteScope::Link => Some("link"),
            RouteScope::Host => Some("host"),
            RouteScope::Global if omit.details => Some("global"),
            RouteScope::Global => None,
        },
        src: r.src.filter(|_| !omit.src),
        metric: (r.metric != 0 && !omit.metric).then_some(r.metric),
        linkdown: r.linkdown,
    }
}

/// One route as `ip route show` prints it, without the fixed fields.
pub fn route_line_omit(w: &World, r: &Route, omit: &RouteOmit) -> String {
    let f = route_fields(w, r, omit);
    let mut s = match f.kind {
        Some(k) => format!("{k} {}", f.dst),
        None => f.dst,
    };
    let words = [
        ("via", f.via.map(|v| v.to_string())),
        ("dev", f.dev),
        ("table", f.table.map(table_name)),
        ("proto", f.proto),
        ("scope", f.scope.map(str::to_string)),
        ("src", f.src.map(|a| a.to_string())),
        ("metric", f.metric.map(|m| m.to_string())),
    ];
    for (word, v) in words {
        if let Some(v) = v {
            let _ = write!(s, " {word} {v}");
        }
    }
    if f.linkdown {
        s += " linkdown";
    }
    s.push(' ');
    s
}

/// `ip route show`.
pub fn ip_route(w: &World, routes: &[Route], omit: &RouteOmit) -> MimeBundle {
    let mut text = String::new();
    for r in routes {
        text += &route_line_omit(w, r, omit);
        text.push('\n');
    }
    let rows: Vec<Vec<String>> = routes
        .iter()
        .map(|r| {
            vec![
                match (r.kind.word(), r.dst.prefix_len()) {
                    (Some(word), 0) => format!("{word} default"),
                    (Some(word), _) => format!("{word} {}", r.dst),
                    (None, 0) => "default".into(),
                    (None, _) => r.dst.to_string(),
                },
                r.via.map(|v| v.to_string()).unwrap_or_default(),
                if r.kind.word().is_some() {
                    String::new()
                } else {
                    w.link(r.dev).name.to_string()
                },
                r.proto.name(),
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

/// The `local` table (every address; broadcasts of up links only: Linux
/// keeps an address's local route while its link is down), as
/// `(line before "dev ...", dev name, line after the dev)`, in FIB order.
fn local_table(w: &World, ns: NsId) -> Vec<(String, String, String)> {
    let mut v: Vec<(u32, u8, String, String, String)> = Vec::new();
    for (id, l) in w.links_of(ns) {
        // Like a prefix route, a broadcast route says when its link has
        // no carrier; the local routes do not.
        let linkdown = if w.carrier(id) { "" } else { " linkdown" };
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
            if a.prefix < 31 && l.admin_up {
                let b = a.brd.unwrap_or_else(|| a.net().broadcast());
                v.push((
                    u32::from(b),
                    32,
                    format!("broadcast {b}"),
                    dev,
                    format!("proto kernel scope link src {src}{linkdown}"),
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
pub fn ip_route_table(w: &World, ns: NsId, table: &str, family: u8, details: bool) -> MimeBundle {
    let mut text = String::new();
    let all = table == "all";
    if family != 6 {
        if all {
            // The other tables first: the kernel dumps by hash bucket
            // (id & 255), and main and local sit in the last two.
            for id in w.ns(ns).policy.dump_order() {
                let omit = RouteOmit {
                    details,
                    table: Some(id),
                    ..RouteOmit::default()
                };
                for r in w.table_routes(ns, id) {
                    text += &route_line_omit(w, &r, &omit);
                    text.push('\n');
                }
            }
            let omit = RouteOmit {
                details,
                table: details.then_some(MAIN),
                ..RouteOmit::default()
            };
            for r in w.routes(ns) {
                text += &route_line_omit(w, &r, &omit);
                text.push('\n');
            }
        }
        for (head, dev, tail) in local_table(w, ns) {
            let t = if all { " table local" } else { "" };
            let _ = writeln!(text, "{head} dev {dev}{t} {tail} ");
        }
    }
    if all && family != 4 {
        text += ip6_route(w, ns, &Route6Omit::default()).text();
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
/// that has its EUI-64 address (up, with carrier). A selector that fixes a
/// field (`dev`, `proto kernel`, `metric 256`) leaves it out of the lines.
pub fn ip6_route(w: &World, ns: NsId, omit: &Route6Omit) -> MimeBundle {
    let mut text = String::new();
    let mut rows = Vec::new();
    for id in ip6_route_links(w, ns, omit) {
        let l = w.link(id);
        let dev = if omit.dev.is_some() {
            String::new()
        } else {
            format!(" dev {}", l.name)
        };
        let proto = if omit.proto { "" } else { " proto kernel" };
        let metric = if omit.metric { "" } else { " metric 256" };
        let _ = writeln!(text, "fe80::/64{dev}{proto}{metric} pref medium");
        rows.push(vec![
            "fe80::/64".to_string(),
            l.name.to_string(),
            "kernel".into(),
            "256".into(),
        ]);
    }
    MimeBundle::plain(text).with_html(html::table(
        &["destination", "dev", "proto", "metric"],
        &rows,
    ))
}

/// The links whose `fe80::/64` route `ip -6 route show` lists, in the
/// kernel's order.
pub fn ip6_route_links(w: &World, ns: NsId, omit: &Route6Omit) -> Vec<LinkId> {
    // The kernel lists them in the order the link-local addresses appeared;
    // a bridge gets carrier only after a port does, so bridges come last.
    let mut links: Vec<(LinkId, &crate::sim::link::Link)> = w.links_of(ns).collect();
    links.sort_by_key(|(_, l)| matches!(l.kind, LinkKind::Bridge { .. }));
    (links.into_iter())
        .filter(|(id, l)| {
            l.kind != LinkKind::Loopback && has_ipv6(w, *id) && omit.dev.is_none_or(|d| d == *id)
        })
        .map(|(id, _)| id)
        .collect()
}

/// What an `ip -6 route show` selector fixed, so its lines leave it out.
#[derive(Debug, Clone, Copy, Default)]
pub struct Route6Omit {
    /// `dev D`: only D's routes.
    pub dev: Option<LinkId>,
    /// `proto kernel`.
    pub proto: bool,
    /// `metric 256`.
    pub metric: bool,
}

/// `ip route get ... mark N uid N`: what the reply carries besides the route.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GetTags {
    /// The fwmark (0: not shown).
    pub mark: u32,
    /// The socket owner (None: not shown).
    pub uid: Option<u32>,
    /// `ip -d`: the route type and its table too.
    pub details: bool,
}

/// `ip route get`.
pub fn ip_route_get(w: &World, g: &RouteGet, tags: GetTags) -> MimeBundle {
    let mut s = String::new();
    if g.local {
        s += "local ";
    } else if tags.details {
        s += "unicast ";
    }
    let _ = write!(s, "{}", g.dst);
    if let Some(f) = g.from {
        let _ = write!(s, " from {f}");
    }
    if let Some(v) = g.via {
        let _ = write!(s, " via {v}");
    }
    let _ = write!(s, " dev {}", w.link(g.dev).name);
    match g.table {
        Some(t) => {
            let _ = write!(s, " table {}", table_name(t));
        }
        None if tags.details => s += " table main",
        None => {}
    }
    if let Some(src) = g.src.filter(|_| g.from.is_none()) {
        let _ = write!(s, " src {src}");
    }
    // print_route: a small mark in decimal, from 16 on in hex.
    match tags.mark {
        0 => {}
        m @ 1..=15 => {
            let _ = write!(s, " mark {m}");
        }
        m => {
            let _ = write!(s, " mark {m:#x}");
        }
    }
    if let Some(u) = tags.uid {
        let _ = write!(s, " uid {u}");
    }
    s += " \n    cache ";
    if g.local {
        s += "<local> ";
    }
    if let Some(i) = &g.iif {
        let _ = write!(s, "iif {i} ");
    }
    s.push('\n');
    let b = |x: &dyn std::fmt::Display| format!("<b>{}</b>", html::escape(&x.to_string()));
    let matched = g
        .matched
        .map(|(net, metric)| {
            let prefix = if net.prefix_len() == 0 {
                b(&"default")
            } else {
                b(&net)
            };
            if let Some(t) = g.table {
                tf(
                    " An ip rule sent the lookup to table {0}, where the longest prefix that contains it is {1}.",
                    &[&b(&table_name(t)), &prefix],
                )
            } else if metric == 0 {
                tf(" The longest prefix that contains it is {0}.", &[&prefix])
            } else {
                tf(
                    " The longest prefix that contains it is {0}, metric {1}.",
                    &[&prefix, &metric],
                )
            }
        })
        .unwrap_or_default();
    let how = match g.via {
        Some(v) => tf("gateway {0}", &[&b(&v)]),
        None if g.local => t("its own address (local delivery)").to_string(),
        None => t("direct delivery (on-link)").to_string(),
    };
    let dev = b(&w.link(g.dev).name);
    let explain = match g.src {
        Some(src) => tf(
            "To reach {0} the kernel picks {1} out of {2} with source {3}.",
            &[&b(&g.dst), &how, &dev, &html::escape(&src.to_string())],
        ),
        None => tf(
            "To reach {0} the kernel picks {1} out of {2}.",
            &[&b(&g.dst), &how, &dev],
        ),
    };
    // The main table's match table would mislead when a rule chose another.
    let lpm = match g.table {
        Some(_) => String::new(),
        None => lpm_table(w, g),
    };
    let explain = format!("<p>{explain}{matched}</p>{lpm}");
    MimeBundle::plain(s.clone()).with_html(format!("{}{}", html::pre(&s), explain))
}

/// Longest prefix match as a table: every route of the namespace, whether
/// it contains the destination, its prefix length and metric, the chosen
/// one lit. Empty for a local address (the local table decides).
fn lpm_table(w: &World, g: &RouteGet) -> String {
    let Some((chosen, metric)) = g.matched else {
        return String::new();
    };
    let ns = w.link(g.dev).netns;
    // A big table (an `ip -batch` of a million routes) would make a page
    // nobody reads and cost more than the lookup: past LPM_TABLE_MAX routes
    // the table keeps the ones that contain the address (at most one per
    // prefix length and metric) and says how many it left out.
    let total = w.ns(ns).routes.len();
    let mut routes: Vec<_> = if total > LPM_TABLE_MAX {
        // Through the index: sorting a million routes to keep a few cost
        // a tenth of a second per `ip route get`.
        let mut v: Vec<_> = w.ns(ns).routes.containing(g.dst).cloned().collect();
        v.extend(
            w.connected_routes(ns)
                .into_iter()
                .filter(|r| r.dst.contains(&g.dst)),
        );
        v
    } else {
        w.routes(ns)
    };
    let left_out = (total + w.connected_routes(ns).len()).saturating_sub(routes.len());
    routes.sort_by_key(|r| std::cmp::Reverse(r.dst.prefix_len()));
    let mut s = format!(
        "<table class=\"netbook netbook-lpm\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th></th></tr></thead><tbody>",
        t("route"),
        html::escape(&tf("contains {0}?", &[&g.dst])),
        t("prefix length"),
        t("metric")
    );
    let mut lit = false;
    for r in &routes {
        let contains = r.dst.contains(&g.dst);
        let is_chosen = !lit && r.dst == chosen && r.metric == metric && r.dev == g.dev;
        lit |= is_chosen;
        let style = if is_chosen {
            " style=\"background:#e8f5e9;font-weight:bold\""
        } else if !contains {
            " style=\"color:#9e9e9e\""
        } else {
            ""
        };
        let _ = write!(
            s,
            "<tr{style}><td><code>{}</code></td><td>{}</td><td>/{}</td><td>{}</td><td>{}</td></tr>",
            html::escape(route_line(w, r).trim_end()),
            if contains { t("yes") } else { t("no") },
            r.dst.prefix_len(),
            r.metric,
            if is_chosen {
                t("← chosen: the longest prefix that contains it")
            } else {
                ""
            }
        );
    }
    s.push_str("</tbody></table>");
    if total > LPM_TABLE_MAX {
        let _ = write!(
            s,
            "<p>{}</p>",
            html::escape(&tf(
                "{0} more routes do not contain the address and are not listed.",
                &[&left_out]
            ))
        );
    }
    s
}

/// Most routes the longest-prefix table lists in full.
const LPM_TABLE_MAX: usize = 256;
