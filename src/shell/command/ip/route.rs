//! `ip route`: show, add, replace, delete, flush, get (ip-route(8)).

use super::*;
use crate::display::net::{self as view};
use crate::sim::route::{Route, RouteProto, RouteScope};
use crate::sim::LinkId;
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;

impl Ip<'_, '_> {
    // ---- ip route -------------------------------------------------------------
    pub(crate) fn route(&mut self, args: &[String]) -> R {
        let Some(cmd) = args.first() else {
            return self.route_show(&[]);
        };
        let rest = &args[1..];
        if matches(cmd, "show") || matches(cmd, "list") || cmd == "lst" {
            return self.route_show(rest);
        }
        if matches(cmd, "get") {
            return self.route_get(rest);
        }
        if matches(cmd, "add") || cmd == "append" {
            return self.route_add(rest, false);
        }
        if matches(cmd, "replace") || matches(cmd, "change") {
            return self.route_add(rest, true);
        }
        if matches(cmd, "delete") {
            return self.route_del(rest);
        }
        if matches(cmd, "flush") {
            return self.route_flush(rest);
        }
        if matches(cmd, "help") {
            return Ok(CmdOutput::text(ROUTE_USAGE));
        }
        Err(usage(
            255,
            format!("Command \"{cmd}\" is unknown, try \"ip route help\"."),
        ))
    }

    pub(crate) fn route_show(&mut self, args: &[String]) -> R {
        let w = &*self.ctx.world;
        let mut routes = w.routes(self.ns);
        let mut i = 0;
        while i < args.len() {
            match args[i].as_str() {
                "dev" | "oif" => {
                    i += 1;
                    let d = args.get(i).map(String::as_str).unwrap_or("");
                    let id = self.dev(d)?;
                    routes.retain(|r| r.dev == id);
                }
                "table" => {
                    i += 1;
                    match args.get(i).map(String::as_str) {
                        Some("main") | Some("254") | None => {}
                        Some(t @ ("local" | "255" | "all" | "0")) => {
                            let t = if t == "255" {
                                "local"
                            } else if t == "0" {
                                "all"
                            } else {
                                t
                            };
                            return Ok(CmdOutput::rich(view::ip_route_table(
                                w,
                                self.ns,
                                t,
                                self.opts.family,
                            )));
                        }
                        Some(_) => routes.clear(),
                    }
                }
                "proto" => {
                    i += 1;
                    let p = args.get(i).and_then(|p| RouteProto::parse(p));
                    routes.retain(|r| Some(r.proto) == p);
                }
                "default" => routes.retain(|r| r.dst.prefix_len() == 0),
                a => {
                    let (ip, p) = parse_prefix(a).ok_or_else(|| bad_prefix(a))?;
                    let net = Ipv4Net::new(ip, p).map_err(|_| bad_prefix(a))?.trunc();
                    routes.retain(|r| r.dst == net);
                }
            }
            i += 1;
        }
        if self.opts.family == 6 {
            return Ok(CmdOutput::rich(view::ip6_route(w, self.ns)));
        }
        Ok(CmdOutput::rich(view::ip_route(w, &routes)))
    }

    /// Parses `PREFIX|default [via G] [dev D] [metric M] [proto P] [scope S] [src A]`.
    pub(crate) fn route_args(
        &self,
        args: &[String],
        for_del: bool,
    ) -> Result<(Route, bool), CmdOutput> {
        let mut dst: Option<Ipv4Net> = None;
        let mut r = Route {
            dst: Ipv4Net::default(),
            via: None,
            dev: LinkId(u32::MAX),
            proto: RouteProto::Boot,
            scope: RouteScope::Global,
            src: None,
            metric: 0,
            linkdown: false,
        };
        let mut scope_given = false;
        let mut metric_given = false;
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            let next = args.get(i + 1).map(String::as_str).unwrap_or("");
            match a {
                "via" | "gw" if next.is_empty() => {
                    return Err(usage(
                        255,
                        "Command line is not complete. Try option \"help\"",
                    ));
                }
                "via" | "gw" => {
                    let v = if next == "inet" {
                        i += 1;
                        args.get(i + 1).map(String::as_str).unwrap_or("")
                    } else {
                        next
                    };
                    r.via = Some(parse_addr(v).ok_or_else(|| bad_addr(v))?);
                    i += 1;
                }
                "dev" | "oif" => {
                    r.dev = self.dev(next)?;
                    i += 1;
                }
                "metric" | "priority" | "preference" => {
                    r.metric = next.parse().map_err(|_| usage(255, format!("Error: argument \"{next}\" is wrong: \"metric\" value is invalid\n")))?;
                    metric_given = true;
                    i += 1;
                }
                "proto" | "protocol" => {
                    r.proto = RouteProto::parse(next).ok_or_else(|| usage(255, format!("Error: argument \"{next}\" is wrong: \"protocol\" value is invalid\n")))?;
                    i += 1;
                }
                "scope" => {
                    r.scope = match next {
                        "link" => RouteScope::Link,
                        "host" => RouteScope::Host,
                        "global" | "universe" => RouteScope::Global,
                        _ => {
                            return Err(usage(
                                255,
                                format!(
                                "Error: argument \"{next}\" is wrong: invalid \"scope\" value\n"
                            ),
                            ))
                        }
                    };
                    scope_given = true;
                    i += 1;
                }
                "src" => {
                    r.src = Some(parse_addr(next).ok_or_else(|| bad_addr(next))?);
                    i += 1;
                }
                "table" => {
                    i += 1;
                }
                "onlink" => {}
                "to" => {}
                "default" | "all" if dst.is_none() => dst = Some(Ipv4Net::default()),
                a if dst.is_none() => {
                    let (ip, p) = parse_prefix(a).ok_or_else(|| bad_prefix(a))?;
                    let net = Ipv4Net::new(ip, p).map_err(|_| bad_prefix(a))?;
                    if net.trunc() != net {
                        return Err(fail(2, "Error: Invalid prefix for given prefix length."));
                    }
                    dst = Some(net);
                }
                a => return Err(garbage("to", a)),
            }
            i += 1;
        }
        let Some(dst) = dst else {
            return Err(usage(
                255,
                "Error: either \"to\" is duplicate, or \"\" is a garbage.",
            ));
        };
        r.dst = dst;
        if !scope_given {
            r.scope = if r.via.is_some() {
                RouteScope::Global
            } else {
                RouteScope::Link
            };
        }
        if let Some(src) = r.src {
            if !for_del && !self.ctx.world.is_local_addr(self.ns, src) {
                return Err(fail(2, "Error: Invalid prefsrc address."));
            }
        }
        Ok((r, metric_given))
    }

    pub(crate) fn route_add(&mut self, args: &[String], replace: bool) -> R {
        let (r, _) = self.route_args(args, false)?;
        let ns = self.ns;
        self.w().route_add(ns, r, replace).map_err(|e| fail(2, e))?;
        Ok(CmdOutput::default())
    }

    pub(crate) fn route_del(&mut self, args: &[String]) -> R {
        let (r, metric_given) = self.route_args(args, true)?;
        let ns = self.ns;
        let dev = (r.dev != LinkId(u32::MAX)).then_some(r.dev);
        self.w()
            .route_del(ns, r.dst, r.via, dev, metric_given.then_some(r.metric))
            .map_err(|e| fail(2, e))?;
        Ok(CmdOutput::default())
    }

    pub(crate) fn route_flush(&mut self, args: &[String]) -> R {
        if args.is_empty() {
            return Err(usage(255, "\"ip route flush\" requires arguments."));
        }
        let dev = match args {
            [d, n] if d == "dev" => Some(self.dev(n)?),
            [a] if a == "all" || a == "table" => None,
            [t, _] if t == "table" => None,
            [a] | [_, a] if args.len() == 1 || args[0] == "to" => {
                return self.route_flush_prefix(a);
            }
            [a, ..] => return Err(garbage("to", a)),
            [] => None,
        };
        let ns = self.ns;
        // Connected routes go too, as on Linux, until their address or
        // link comes back.
        let kernel = self.ctx.world.connected_routes(ns);
        let n = self.w().ns_mut(ns);
        n.routes.retain(|r| dev.is_some_and(|d| d != r.dev));
        n.unrouted.extend(
            kernel
                .into_iter()
                .filter(|r| dev.is_none_or(|d| d == r.dev))
                .map(|r| (r.dev, r.dst)),
        );
        Ok(CmdOutput::default())
    }

    /// `ip route flush PREFIX`: the routes whose destination is exactly
    /// PREFIX (iproute2's default `to` selector), connected ones included.
    fn route_flush_prefix(&mut self, p: &str) -> R {
        let (ip, len) = parse_prefix(p).ok_or_else(|| garbage("to", p))?;
        let dst = Ipv4Net::new(ip, len).map_err(|_| garbage("to", p))?.trunc();
        let ns = self.ns;
        let kernel = self.ctx.world.connected_routes(ns);
        let n = self.w().ns_mut(ns);
        n.routes.retain(|r| r.dst != dst);
        n.unrouted.extend(
            kernel
                .into_iter()
                .filter(|r| r.dst == dst)
                .map(|r| (r.dev, r.dst)),
        );
        Ok(CmdOutput::default())
    }

    pub(crate) fn route_get(&mut self, args: &[String]) -> R {
        let mut dst: Option<Ipv4Addr> = None;
        let mut from: Option<Ipv4Addr> = None;
        let mut i = 0;
        while i < args.len() {
            match args[i].as_str() {
                "from" => {
                    i += 1;
                    let v = args.get(i).map(String::as_str).unwrap_or("");
                    from = Some(parse_prefix(v).map(|p| p.0).ok_or_else(|| bad_prefix(v))?);
                }
                "iif" | "oif" | "mark" | "uid" | "tos" | "dev" => i += 1,
                "to" | "fibmatch" | "connected" => {}
                a if dst.is_none() => {
                    let (ip, _) = parse_prefix(a).ok_or_else(|| bad_prefix(a))?;
                    dst = Some(ip);
                }
                a => return Err(garbage("to", a)),
            }
            i += 1;
        }
        let Some(dst) = dst else {
            return Err(usage(255, "need at least a destination address"));
        };
        let mut g = self
            .ctx
            .world
            .route_get(self.ns, dst)
            .map_err(|e| fail(2, e))?;
        g.from = from;
        Ok(CmdOutput::rich(view::ip_route_get(self.ctx.world, &g)))
    }
}

pub(crate) const ROUTE_USAGE: &str = "Usage: ip route { list | flush } SELECTOR
       ip route get ADDRESS [ from ADDRESS iif STRING ]
                            [ oif STRING ]
       ip route { add | del | change | append | replace } ROUTE
SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]
            [ table TABLE_ID ] [ proto RTPROTO ]
            [ type TYPE ] [ scope SCOPE ]
ROUTE := NODE_SPEC [ INFO_SPEC ]
NODE_SPEC := [ TYPE ] PREFIX [ tos TOS ]
             [ table TABLE_ID ] [ proto RTPROTO ]
             [ scope SCOPE ] [ metric METRIC ]
INFO_SPEC := { NH | nhid ID } OPTIONS FLAGS [ nexthop NH ]...
NH := [ encap ENCAPTYPE ENCAPHDR ] [ via [ FAMILY ] ADDRESS ]
\t    [ dev STRING ] [ weight NUMBER ] NHFLAGS
";
