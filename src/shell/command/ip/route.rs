//! `ip route`: show, add, replace, delete, flush, get (ip-route(8)).
//! The words become a `RouteOp` in route_args.rs; this file applies it.

#![allow(clippy::result_large_err)]

use super::common::{fail, help, no_json, not_simulated, usage, CmdOutput, Ip, R};
use super::json_route;
use super::options::Family;
use super::route_args::{RouteFilter, RouteOp, RouteSpec, Table, ROUTE_USAGE};
use crate::display::net::{self as view};
use crate::sim::route::{Route, RouteError, RouteKind, RouteProto, RouteScope};
use crate::sim::stack::policy::{Flow, MAIN};
use crate::sim::stack::routes::RouteDel;
use crate::sim::LinkId;

pub(crate) use super::route_args::parse;

/// Applies one `ip route` op.
pub(crate) fn run(ip: &mut Ip, op: RouteOp) -> R {
    match op {
        RouteOp::Show(f) => show(ip, &f),
        RouteOp::Get(g) => {
            let json = ip.json("route get")?;
            let iif = g.iif.as_deref().map(|d| ip.dev(d)).transpose()?;
            let flow = Flow {
                src: g.from.filter(|f| !f.is_unspecified()),
                iif,
                oif: None,
                mark: g.mark,
            };
            let mut r = ip
                .ctx
                .world
                .route_get_flow(ip.ns, g.dst, &flow)
                .map_err(|e| fail(2, e))?;
            r.from = g.from;
            if let Some(dev) = iif {
                input_route(ip, dev, &r)?;
                r.iif = g.iif;
            }
            // An output route's owner is the caller (root) unless named;
            // an input route has none unless named; INVALID_UID is not shown.
            let uid = match (g.uid, &r.iif) {
                (Some(u), _) => Some(u),
                (None, None) => Some(0),
                (None, Some(_)) => None,
            };
            let tags = view::route::GetTags {
                mark: g.mark,
                uid: uid.filter(|u| *u != u32::MAX),
                details: ip.show().details,
            };
            if let Some(pretty) = json {
                return Ok(CmdOutput::text(json_route::get(
                    ip.ctx.world,
                    &r,
                    tags,
                    pretty,
                )));
            }
            Ok(CmdOutput::rich(view::ip_route_get(ip.ctx.world, &r, tags)))
        }
        RouteOp::Add { spec, replace } => {
            // fib_new_table: table 0 (`unspec`) is main.
            let table = match spec.table {
                Table::Main | Table::View("all") => MAIN,
                Table::Other(n) => n,
                Table::View(t) => {
                    return Err(not_simulated(&format!("ip route add ... table {t}")))
                }
            };
            let r = route(ip, &spec, false)?;
            let ns = ip.ns;
            ip.w()
                .route_add_to(ns, table, r, replace)
                .map_err(|e| fail(2, e))?;
            Ok(CmdOutput::default())
        }
        RouteOp::Del(spec) => {
            let table = match spec.table {
                Table::Main | Table::View("all") => MAIN,
                Table::Other(n) if ip.ctx.world.table(ip.ns, n).is_some() => n,
                Table::Other(_) => return Err(usage(2, "Error: FIB table does not exist.")),
                Table::View(t) => {
                    return Err(not_simulated(&format!("ip route del ... table {t}")))
                }
            };
            let r = route(ip, &spec, true)?;
            let ns = ip.ns;
            let del = RouteDel {
                dst: r.dst,
                via: r.via,
                dev: spec.dev.is_some().then_some(r.dev),
                metric: spec.metric,
                kind: spec.kind,
            };
            ip.w().route_del(ns, table, &del).map_err(|e| fail(2, e))?;
            Ok(CmdOutput::default())
        }
        RouteOp::Flush(f) => flush(ip, &f),
        RouteOp::Help => Err(help(ROUTE_USAGE)),
    }
}

/// `ip route get ... iif D`: what ip_route_input would refuse for a
/// packet arriving on D (no source, forwarding off, a source that
/// rp_filter or the martian check drops).
fn input_route(
    ip: &Ip,
    dev: LinkId,
    r: &crate::sim::stack::routes::RouteGet,
) -> Result<(), CmdOutput> {
    let w = &*ip.ctx.world;
    let invalid = || fail(2, "RTNETLINK answers: Invalid argument");
    let from = r.from.filter(|f| !f.is_unspecified()).ok_or_else(invalid)?;
    if !r.local && !w.forwarding(ip.ns, dev) {
        return Err(fail(2, "RTNETLINK answers: No route to host"));
    }
    match w.validate_source(ip.ns, dev, from) {
        Some(_) => Err(invalid()),
        None => Ok(()),
    }
}

/// The route a spec names, after the kernel's checks (the device, host
/// bits in the prefix, a preferred source that is no local address).
fn route(ip: &Ip, s: &RouteSpec, for_del: bool) -> Result<Route, CmdOutput> {
    let kind = s.kind.unwrap_or_default();
    if s.onlink && !for_del {
        if s.dev.is_none() {
            return Err(fail(2, "Error: Nexthop device required for onlink."));
        }
        return Err(super::common::not_simulated("ip route add ... onlink"));
    }
    if kind != RouteKind::Unicast && !for_del && (s.via.is_some() || s.dev.is_some()) {
        return Err(fail(2, RouteError::TypeTakesNoNexthop));
    }
    let dev = match &s.dev {
        Some(d) => ip.dev(d)?,
        // The kernel hangs a route without a device on lo.
        None if kind != RouteKind::Unicast => ip.dev("lo")?,
        None => LinkId(u32::MAX),
    };
    if s.dst.trunc() != s.dst {
        return Err(fail(2, "Error: Invalid prefix for given prefix length."));
    }
    if let Some(src) = s.src {
        if !for_del && !ip.ctx.world.is_local_addr(ip.ns, src) {
            return Err(fail(2, "Error: Invalid prefsrc address."));
        }
    }
    let scope = s
        .scope
        .unwrap_or(if s.via.is_some() || kind != RouteKind::Unicast {
            RouteScope::Global
        } else {
            RouteScope::Link
        });
    Ok(Route {
        dst: s.dst,
        via: s.via,
        dev,
        proto: s.proto.unwrap_or(RouteProto::BOOT),
        scope,
        src: s.src,
        metric: s.metric.unwrap_or(0),
        linkdown: false,
        kind,
    })
}

fn show(ip: &mut Ip, f: &RouteFilter) -> R {
    let json = ip.json("route show")?;
    let w = &*ip.ctx.world;
    let dev = f.dev.as_deref().map(|d| ip.dev(d)).transpose()?;
    let (family, details) = (ip.show().family, ip.show().details);
    if let Table::View(t) = f.table {
        let narrowed = RouteFilter {
            table: f.table,
            ..RouteFilter::default()
        };
        if json.is_some() {
            return Err(no_json(&format!("route show table {t}")));
        }
        if *f != narrowed {
            return Err(not_simulated(&format!(
                "ip route show table {t} with selectors"
            )));
        }
        return Ok(CmdOutput::rich(view::ip_route_table(
            w, ip.ns, t, family, details,
        )));
    }
    let table = match f.table {
        Table::Other(n) if w.table(ip.ns, n).is_some() && ip.opts.family != Family::Inet6 => {
            Some(n)
        }
        _ => None,
    };
    if let (Table::Other(_), None) = (f.table, table) {
        let mut out = no_table(ip, "Dump");
        // The array was opened before the dump failed.
        if let Some(pretty) = json {
            out.stdout = if pretty { "[ " } else { "[" }.to_string();
        }
        return Err(out);
    }
    match ip.opts.family {
        Family::Packet | Family::Mpls | Family::Bridge if json.is_some() => {
            return Err(no_json("-f link|mpls|bridge route show"))
        }
        Family::Inet6 => {
            // The kernel's fe80::/64 routes are unicast, proto kernel,
            // metric 256, with no scope of their own (global).
            let other = f.proto.is_some_and(|p| p != RouteProto::KERNEL)
                || f.metric.is_some_and(|m| m != 256)
                || f.kind.is_some_and(|k| k != RouteKind::Unicast)
                || f.scope.is_some_and(|s| s != RouteScope::Global);
            if other && json.is_none() {
                return Ok(CmdOutput::default());
            }
            let omit = view::Route6Omit {
                dev,
                proto: f.proto.is_some(),
                metric: f.metric.is_some(),
            };
            if let Some(pretty) = json {
                let mut links = view::route::ip6_route_links(w, ip.ns, &omit);
                if other {
                    links.clear();
                }
                return Ok(CmdOutput::text(json_route::show6(w, &links, &omit, pretty)));
            }
            return Ok(CmdOutput::rich(view::ip6_route(w, ip.ns, &omit)));
        }
        Family::Packet | Family::Mpls | Family::Bridge => return Ok(CmdOutput::default()),
        _ => {}
    }
    let mut routes = match table {
        Some(n) => w.table_routes(ip.ns, n),
        None => w.routes(ip.ns),
    };
    routes.retain(|r| selects(f, dev, r));
    let omit = view::route::RouteOmit {
        dev: dev.is_some(),
        via: f.via.is_some(),
        proto: f.proto.is_some(),
        scope: f.scope.is_some(),
        src: f.src.is_some(),
        metric: f.metric.is_some(),
        details,
        table: None,
    };
    if let Some(pretty) = json {
        let fields: Vec<_> = (routes.iter())
            .map(|r| view::route::route_fields(w, r, &omit))
            .collect();
        return Ok(CmdOutput::text(json_route::show(&fields, pretty)));
    }
    Ok(CmdOutput::rich(view::ip_route(w, &routes, &omit)))
}

/// The kernel's answer to a dump or flush of a table that does not exist,
/// in the family asked for.
fn no_table(ip: &Ip, what: &str) -> CmdOutput {
    let v = if ip.opts.family == Family::Inet6 {
        6
    } else {
        4
    };
    usage(
        2,
        format!("Error: ipv{v}: FIB table does not exist.\n{what} terminated"),
    )
}

/// Whether the selectors of `show` or `flush` (and `dev`, resolved)
/// pick route `r`.
fn selects(f: &RouteFilter, dev: Option<LinkId>, r: &Route) -> bool {
    dev.is_none_or(|d| r.dev == d)
        && f.proto.is_none_or(|p| r.proto == p)
        && f.scope.is_none_or(|s| r.scope == s)
        && f.via.is_none_or(|v| r.via == Some(v))
        && f.src.is_none_or(|s| r.src == Some(s))
        && f.metric.is_none_or(|m| r.metric == m)
        && f.dst.is_none_or(|d| r.dst == d)
        && f.root.is_none_or(|p| p.contains(&r.dst))
        && f.within.is_none_or(|p| r.dst.contains(&p))
        && f.kind.is_none_or(|k| r.kind == k)
}

/// `ip route flush SELECTORS`: what `show` lists with them goes, in one
/// pass over the table; `-s` tells the rounds as iproute2 does.
fn flush(ip: &mut Ip, f: &RouteFilter) -> R {
    let table = match f.table {
        Table::Main => MAIN,
        Table::Other(n) if ip.ctx.world.table(ip.ns, n).is_some() => n,
        Table::Other(_) => return Err(no_table(ip, "Flush")),
        Table::View(t) => return Err(not_simulated(&format!("ip route flush table {t}"))),
    };
    if ip.opts.family == Family::Inet6 {
        // netbook derives its fe80::/64 routes from the links; it keeps
        // no IPv6 table a flush could empty.
        return Err(not_simulated("ip -6 route flush"));
    }
    let dev = f.dev.as_deref().map(|d| ip.dev(d)).transpose()?;
    let ns = ip.ns;
    // Connected routes go too, as on Linux, until their address or link
    // comes back.
    let kernel: Vec<_> = match table {
        MAIN => ip.ctx.world.connected_routes(ns),
        _ => Vec::new(),
    };
    let kernel: Vec<_> = (kernel.into_iter())
        .filter(|r| selects(f, dev, r))
        .map(|r| (r.dev, r.dst))
        .collect();
    let t = ip.w().table_mut(ns, table);
    let before = t.len();
    t.retain(|r| !selects(f, dev, r));
    let deleted = before - t.len() + kernel.len();
    ip.w().ns_mut(ns).unrouted.extend(kernel);
    let mut out = CmdOutput::default();
    if ip.opts.stats > 0 {
        out.stdout = match deleted {
            0 => "Nothing to flush.\n".to_string(),
            n => format!(
                "\n*** Round 1, deleting {n} entries ***\n*** Flush is complete after 1 round ***\n"
            ),
        };
    }
    Ok(out)
}
