//! Services in the topology picture: each virtual IP that nat rules DNAT
//! (kube-proxy's ClusterIPs), the namespaces whose rules hold it, and its
//! endpoints with their share of new connections, tied to the interface
//! that owns each endpoint address.

use super::{html, i18n};
use crate::sim::netfilter::hook::TableKind;
use crate::sim::netfilter::virtual_ips::{virtual_ips, VirtualIp};
use crate::sim::{LinkId, World};
use core::net::Ipv4Addr;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Services drawn at most.
pub const MAX_SERVICES: usize = 12;
/// Services listed at most in the text.
pub const MAX_TEXT: usize = 100;
/// Height of one Service row in the picture.
pub const ROW_H: usize = 64;

/// One virtual IP and the namespaces whose nat rules hold it.
pub struct ServiceView {
    /// The address, port and endpoints (from the first holder's rules).
    pub vip: VirtualIp,
    /// Namespace labels (`node1`, `host`), in namespace order.
    pub holders: Vec<String>,
}

fn ns_label(name: &Option<String>) -> String {
    name.clone().unwrap_or_else(|| "host".into())
}

/// Every Service of the world, grouped across namespaces.
pub fn services(w: &World) -> Vec<ServiceView> {
    let mut out: Vec<ServiceView> = Vec::new();
    for (_, n) in w.namespaces() {
        let Some(nat) = w.netfilter(n.name.as_deref()).table(TableKind::Nat) else {
            continue;
        };
        for vip in virtual_ips(nat) {
            let key = (vip.addr, vip.proto, vip.port);
            match out
                .iter_mut()
                .find(|s| (s.vip.addr, s.vip.proto, s.vip.port) == key)
            {
                Some(s) => s.holders.push(ns_label(&n.name)),
                None => out.push(ServiceView {
                    vip,
                    holders: vec![ns_label(&n.name)],
                }),
            }
        }
    }
    out
}

/// Each address's interface and namespace label, built once per picture
/// (the first owner wins, as namespaces are listed).
type Owners = HashMap<Ipv4Addr, (LinkId, String)>;

fn owners(w: &World) -> Owners {
    let mut m = Owners::new();
    for (ns, n) in w.namespaces() {
        for (id, l) in w.links_of(ns) {
            for a in &l.addrs {
                m.entry(a.local).or_insert_with(|| (id, ns_label(&n.name)));
            }
        }
    }
    m
}

fn vip_text(v: &VirtualIp) -> String {
    let mut s = v.addr.to_string();
    if let Some(p) = v.port {
        let _ = write!(s, ":{p}");
    }
    if let Some(p) = v.proto {
        let _ = write!(s, "/{}", p.name());
    }
    s
}

fn endpoint_text(owners: &Owners, addr: Ipv4Addr, port: Option<u16>, share: f64) -> String {
    let mut s = addr.to_string();
    if let Some(p) = port {
        let _ = write!(s, ":{p}");
    }
    if let Some((_, who)) = owners.get(&addr) {
        let _ = write!(s, " ({who})");
    }
    let _ = write!(s, " {:.0}%", share * 100.0);
    s
}

/// The `text/plain` lines: one per Service.
pub fn services_text(w: &World, list: &[ServiceView]) -> String {
    let mut s = String::new();
    if list.is_empty() {
        return s;
    }
    s.push_str("services (virtual IPs DNATed by nat rules):\n");
    let owners = owners(w);
    for v in list.iter().take(MAX_TEXT) {
        let eps: Vec<String> = v
            .vip
            .endpoints
            .iter()
            .map(|e| endpoint_text(&owners, e.addr, e.port, e.share))
            .collect();
        let _ = writeln!(
            s,
            "  {}{} -> {} [rules in {}]",
            v.vip
                .name
                .as_deref()
                .map(|n| format!("{n} "))
                .unwrap_or_default(),
            vip_text(&v.vip),
            if eps.is_empty() {
                "no endpoints".to_string()
            } else {
                eps.join(", ")
            },
            v.holders.join(", ")
        );
    }
    if list.len() > MAX_TEXT {
        let _ = writeln!(s, "  ... {} more", list.len() - MAX_TEXT);
    }
    s
}

/// SVG for the Services, drawn from `top` down across `width`; dashed
/// arrows run to the interfaces in `pos` that own an endpoint. Returns the
/// SVG, the height used and the rightmost x drawn.
pub fn services_svg(
    w: &World,
    list: &[ServiceView],
    pos: &HashMap<LinkId, (usize, usize)>,
    if_w: usize,
    if_h: usize,
    top: usize,
    width: usize,
) -> (String, usize, usize) {
    if list.is_empty() {
        return (String::new(), 0, 0);
    }
    let mut right = 0;
    let owners = owners(w);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<text x=\"14\" y=\"{}\" font-weight=\"bold\" font-size=\"13\" fill=\"#00695c\">{}</text>",
        top + 14,
        html::escape(i18n::t("Services (virtual IPs from nat DNAT rules)"))
    );
    let box_w = 340usize.min(width.saturating_sub(40));
    let mut y = top + 24;
    for v in list.iter().take(MAX_SERVICES) {
        let title = v.vip.name.clone().unwrap_or_else(|| vip_text(&v.vip));
        let _ = writeln!(
            svg,
            "<g><title>{}</title><rect x=\"14\" y=\"{y}\" width=\"{box_w}\" height=\"{}\" rx=\"8\" fill=\"#e0f2f1\" stroke=\"#00695c\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/><text x=\"24\" y=\"{}\" font-weight=\"bold\">{}</text><text x=\"24\" y=\"{}\" font-size=\"10\" fill=\"#37474f\">{}</text></g>",
            html::escape(&i18n::tf("rules in {0}", &[&v.holders.join(", ")])),
            ROW_H - 12,
            y + 18,
            html::escape(&format!("{title}  {}", vip_text(&v.vip))),
            y + 36,
            html::escape(&i18n::tf("rules in {0}", &[&v.holders.join(", ")])),
        );
        let mut x = 14 + box_w + 16;
        right = right.max(x + 260);
        if v.vip.endpoints.is_empty() {
            let _ = writeln!(
                svg,
                "<text x=\"{x}\" y=\"{}\" fill=\"#c62828\">{}</text>",
                y + 28,
                html::escape(i18n::t("no endpoints: connections are not translated"))
            );
        }
        for e in &v.vip.endpoints {
            let label = endpoint_text(&owners, e.addr, e.port, e.share);
            let ew = 30 + label.chars().count() * 6;
            let cy = y + (ROW_H - 12) / 2;
            let _ = writeln!(
                svg,
                "<g><title>DNAT {}</title><rect x=\"{x}\" y=\"{}\" width=\"{ew}\" height=\"24\" rx=\"12\" fill=\"#ffffff\" stroke=\"#00695c\"/><text x=\"{}\" y=\"{}\" font-size=\"10\">{}</text></g>",
                html::escape(&label),
                cy - 12,
                x + 10,
                cy + 4,
                html::escape(&label)
            );
            if let Some(&(px, py)) = owners.get(&e.addr).and_then(|(id, _)| pos.get(id)) {
                let _ = writeln!(
                    svg,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#00897b\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\" opacity=\"0.7\"/>",
                    x + ew / 2,
                    cy - 12,
                    px + if_w / 2,
                    py + if_h
                );
            }
            x += ew + 10;
        }
        right = right.max(x);
        y += ROW_H;
    }
    if list.len() > MAX_SERVICES {
        let _ = writeln!(
            svg,
            "<text x=\"14\" y=\"{}\" fill=\"#555\">{}</text>",
            y + 12,
            html::escape(&i18n::tf(
                "… not drawn: {0} more services",
                &[&(list.len() - MAX_SERVICES)]
            ))
        );
        y += 20;
    }
    (svg, y - top, right)
}
