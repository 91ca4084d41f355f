//! `ip -j route show` and `ip -j route get`: iproute2's print_route
//! records, from the fields the text line is drawn from.

use super::json::Json;
use crate::display::net::route::{GetTags, Route6Omit, RouteFields};
use crate::sim::stack::routes::RouteGet;
use crate::sim::{LinkId, World};

/// The keys of one route, in print_route's order, up to `flags`.
fn route(j: &mut Json, f: &RouteFields, from: Option<core::net::Ipv4Addr>) {
    if let Some(k) = f.kind {
        j.str_at("type", k);
    }
    j.str_at("dst", &f.dst);
    if let Some(a) = from {
        j.str_at("from", &a.to_string());
    }
    if let Some(v) = f.via {
        j.str_at("gateway", &v.to_string());
    }
    if let Some(d) = &f.dev {
        j.str_at("dev", d);
    }
    if let Some(t) = f.table {
        j.str_at("table", &crate::display::net::route::table_name(t));
    }
    if let Some(p) = &f.proto {
        j.str_at("protocol", p);
    }
    if let Some(s) = f.scope {
        j.str_at("scope", s);
    }
    if let Some(s) = f.src {
        j.str_at("prefsrc", &s.to_string());
    }
    if let Some(m) = f.metric {
        j.raw_at("metric", m);
    }
    let flags: &[&str] = if f.linkdown { &["linkdown"] } else { &[] };
    j.strings_at("flags", flags);
}

/// `ip -j route show`.
pub(crate) fn show(routes: &[RouteFields], pretty: bool) -> String {
    let mut j = Json::new(pretty);
    j.open_array();
    for f in routes {
        j.open();
        route(&mut j, f, None);
        j.close();
    }
    j.close_array();
    j.finish()
}

/// `ip -j -6 route show`: the kernel's `fe80::/64` route of each link.
pub(crate) fn show6(w: &World, links: &[LinkId], omit: &Route6Omit, pretty: bool) -> String {
    let mut j = Json::new(pretty);
    j.open_array();
    for &id in links {
        j.open().str_at("dst", "fe80::/64");
        if omit.dev.is_none() {
            j.str_at("dev", &w.link(id).name.to_string());
        }
        if !omit.proto {
            j.str_at("protocol", "kernel");
        }
        if !omit.metric {
            j.raw_at("metric", 256);
        }
        j.strings_at::<&str>("flags", &[]).str_at("pref", "medium");
        j.close();
    }
    j.close_array();
    j.finish()
}

/// `ip -j route get`.
pub(crate) fn get(w: &World, g: &RouteGet, tags: GetTags, pretty: bool) -> String {
    let f = RouteFields {
        kind: g.local.then_some("local"),
        dst: g.dst.to_string(),
        via: g.via,
        dev: Some(w.link(g.dev).name.to_string()),
        table: g.table,
        proto: None,
        scope: None,
        src: g.src.filter(|_| g.from.is_none()),
        metric: None,
        linkdown: false,
    };
    let mut j = Json::new(pretty);
    j.open_array().open();
    route(&mut j, &f, g.from);
    if tags.mark != 0 {
        j.raw_at("mark", tags.mark);
    }
    if let Some(u) = tags.uid {
        j.raw_at("uid", u);
    }
    let cache: &[&str] = if g.local { &["local"] } else { &[] };
    j.strings_at("cache", cache);
    if let Some(i) = &g.iif {
        j.str_at("iif", i);
    }
    j.close().close_array();
    j.finish()
}
