//! The topology picture: namespaces as boxes, interfaces inside them,
//! bridges with their ports, veth pairs as wires between boxes, addresses
//! and link state. Plain SVG (no script, no external fonts) so it renders
//! the same in JupyterLab, nbconvert HTML and a browser.

use super::{html, i18n, services};
use crate::sim::link::LinkKind;
use crate::sim::{LinkId, NsId, World};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Namespaces drawn at most (the rest are summarised).
pub const MAX_NS: usize = 24;
/// Host bridge ports and veths drawn at most.
pub const MAX_HOST_IFACES: usize = 32;

const IF_W: usize = 170;
const IF_H: usize = 46;
const GAP: usize = 14;

fn state_colors(w: &World, id: LinkId) -> (&'static str, &'static str, &'static str) {
    let l = w.link(id);
    if !l.admin_up {
        ("#c62828", "#ffebee", "DOWN")
    } else if !w.carrier(id) {
        ("#ef6c00", "#fff3e0", "NO-CARRIER")
    } else {
        ("#2e7d32", "#e8f5e9", "UP")
    }
}

/// A one-line-per-namespace text summary (the `text/plain` of the view).
pub fn topology_text(w: &World) -> String {
    let mut s = String::new();
    for (ns, n) in w.namespaces() {
        let label = n
            .name
            .clone()
            .unwrap_or_else(|| "host (root namespace)".into());
        let _ = writeln!(s, "{label}:");
        for (id, l) in w.links_of(ns) {
            let mut line = format!(
                "  {} [{}] {}",
                l.name,
                l.kind.type_name(),
                state_colors(w, id).2
            );
            for a in &l.addrs {
                let _ = write!(line, " {}/{}", a.local, a.prefix);
            }
            if let Some(m) = l.master {
                let _ = write!(line, " (port of {})", w.link(m).name);
            }
            if let LinkKind::Veth { peer } = l.kind {
                let p = w.link(peer);
                let pn = w.ns(p.netns).name.clone().unwrap_or_else(|| "host".into());
                let _ = write!(line, " <-> {pn}/{}", p.name);
            }
            let _ = writeln!(s, "{line}");
        }
    }
    s += &services::services_text(w, &services::services(w));
    s
}

/// The SVG picture of the world.
pub fn topology_svg(w: &World) -> String {
    let all: Vec<NsId> = w.namespaces().map(|(id, _)| id).collect();
    let shown: Vec<NsId> = all.iter().copied().take(MAX_NS + 1).collect();
    let hidden = all.len() - shown.len();
    // Root on top (full width), the others in rows of four below.
    let per_row = 4usize;
    let children: Vec<NsId> = shown.iter().copied().filter(|n| *n != NsId::ROOT).collect();
    let links_in = |ns: NsId| -> Vec<LinkId> { w.links_of(ns).map(|(id, _)| id).collect() };
    // Root: bridges and the uplink on the first row, bridge ports and other
    // veths below them, so port lines run down and wires leave at the bottom.
    let (row0, mut row1): (Vec<LinkId>, Vec<LinkId>) =
        links_in(NsId::ROOT).into_iter().partition(|id| {
            w.link(*id).master.is_none() && !matches!(w.link(*id).kind, LinkKind::Veth { .. })
        });
    let hidden_ifaces = row1.len().saturating_sub(MAX_HOST_IFACES);
    row1.truncate(MAX_HOST_IFACES);
    let root_cols = row0.len().max(row1.len()).clamp(1, 8);
    let box_w_child = IF_W + 2 * GAP;
    let width = (root_cols * (IF_W + GAP) + GAP)
        .max(per_row.min(children.len().max(1)) * (box_w_child + GAP) + GAP)
        + 20;
    let rows_of = |n: usize| n.div_ceil(root_cols);
    let root_rows = (rows_of(row0.len()) + rows_of(row1.len())).max(1);
    let root_h = 34 + root_rows * (IF_H + 2 * GAP) + GAP;
    let mut pos: HashMap<LinkId, (usize, usize)> = HashMap::new();
    let mut body = String::new();
    let mut y = 10;
    // Root box.
    let _ = writeln!(
        body,
        "<rect x=\"10\" y=\"{y}\" width=\"{}\" height=\"{root_h}\" rx=\"10\" fill=\"#f5f7fa\" stroke=\"#37474f\" stroke-width=\"1.5\"/><text x=\"22\" y=\"{}\" font-weight=\"bold\" font-size=\"13\">{}</text>",
        width - 20,
        y + 20,
        html::escape(i18n::t("host (root namespace)"))
    );
    let mut r0 = 0;
    for list in [row0, row1].iter() {
        for (i, id) in list.iter().enumerate() {
            let (c, r) = (i % root_cols, r0 + i / root_cols);
            let x = 10 + GAP + c * (IF_W + GAP);
            let yy = y + 32 + r * (IF_H + 2 * GAP);
            pos.insert(*id, (x, yy));
        }
        r0 += rows_of(list.len());
    }
    y += root_h + 60;
    let child_h = |ns: NsId| 34 + w.links_of(ns).count() * (IF_H + 8) + 8;
    let mut row_y = y;
    let mut row_h = 0;
    for (i, ns) in children.iter().enumerate() {
        if i > 0 && i % per_row == 0 {
            row_y += row_h + 40;
            row_h = 0;
        }
        let x = 10 + (i % per_row) * (box_w_child + GAP);
        let h = child_h(*ns);
        row_h = row_h.max(h);
        let name = w.ns(*ns).name.clone().unwrap_or_default();
        let _ = writeln!(
            body,
            "<rect x=\"{x}\" y=\"{row_y}\" width=\"{box_w_child}\" height=\"{h}\" rx=\"10\" fill=\"#fafafa\" stroke=\"#1565c0\" stroke-width=\"1.5\"/><text x=\"{}\" y=\"{}\" font-weight=\"bold\" font-size=\"13\" fill=\"#1565c0\">netns {}</text>",
            x + 12,
            row_y + 20,
            html::escape(&name)
        );
        // Wired interfaces on top (closest to the host), `lo` last.
        let mut order: Vec<LinkId> = w.links_of(*ns).map(|(id, _)| id).collect();
        order.sort_by_key(|id| (w.link(*id).kind == LinkKind::Loopback, w.link(*id).ifindex));
        for (j, id) in order.into_iter().enumerate() {
            pos.insert(id, (x + GAP, row_y + 30 + j * (IF_H + 8)));
        }
    }
    let svcs = services::services(w);
    let (svc_svg, svc_h, svc_right) =
        services::services_svg(w, &svcs, &pos, IF_W, IF_H, row_y + row_h + 24, width);
    let width = width.max(svc_right + 10);
    let height = row_y
        + row_h
        + 20
        + if svc_h > 0 { svc_h + 14 } else { 0 }
        + if hidden + hidden_ifaces > 0 { 24 } else { 0 };
    // Wires first (under the boxes): veth pairs and bridge ports.
    let mut wires = String::new();
    let mut drawn: Vec<LinkId> = Vec::new();
    // In link order, not the map's: the same world must draw the same SVG.
    let mut placed: Vec<_> = pos.iter().map(|(&id, &p)| (id, p)).collect();
    placed.sort_by_key(|(id, _)| id.0);
    for &(id, (x, yy)) in &placed {
        let l = w.link(id);
        let center = (x + IF_W / 2, yy + IF_H / 2);
        if let Some(m) = l.master {
            if let Some(&(bx, by)) = pos.get(&m) {
                let _ = writeln!(
                    wires,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#6a1b9a\" stroke-width=\"2\"/>",
                    center.0,
                    yy,
                    bx + IF_W / 2,
                    by + IF_H
                );
            }
        }
        if let LinkKind::Veth { peer } = l.kind {
            if drawn.contains(&peer) {
                continue;
            }
            drawn.push(id);
            if let Some(&(px, py)) = pos.get(&peer) {
                let up = w.carrier(id);
                let ((x1, y1), (x2, y2)) = if yy <= py {
                    ((center.0, yy + IF_H), (px + IF_W / 2, py))
                } else {
                    ((center.0, yy), (px + IF_W / 2, py + IF_H))
                };
                let _ = writeln!(
                    wires,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"3\"{}><title>{} {} &lt;-&gt; {}</title></line>",
                    x1,
                    y1,
                    x2,
                    y2,
                    if up { "#2e7d32" } else { "#9e9e9e" },
                    if up { "" } else { " stroke-dasharray=\"6 4\"" },
                    html::escape(i18n::t("veth pair")),
                    html::escape(&l.name),
                    html::escape(&w.link(peer).name)
                );
            }
        }
    }
    let mut ifaces = String::new();
    let mut ids: Vec<_> = pos.iter().collect();
    ids.sort_by_key(|(id, _)| id.0);
    for (&id, &(x, yy)) in ids {
        let l = w.link(id);
        let (stroke, fill, state) = state_colors(w, id);
        let (fill, kind) = match l.kind {
            LinkKind::Bridge { .. } => ("#f3e5f5", "bridge"),
            _ => (fill, l.kind.type_name()),
        };
        let addrs: Vec<String> = l
            .addrs
            .iter()
            .map(|a| format!("{}/{}", a.local, a.prefix))
            .collect();
        let _ = writeln!(
            ifaces,
            "<g><title>{} ({kind}) {state} {}</title><rect x=\"{x}\" y=\"{yy}\" width=\"{IF_W}\" height=\"{IF_H}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"/><text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{stroke}\" font-size=\"9\">{kind} · {state}</text><text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#37474f\">{}</text></g>",
            html::escape(&l.name),
            html::escape(&l.mac.to_string()),
            x + 6,
            yy + 16,
            html::escape(&l.name),
            x + IF_W - 6,
            yy + 16,
            x + 6,
            yy + 34,
            html::escape(&if addrs.is_empty() { l.mac.to_string() } else { addrs.join(" ") })
        );
    }
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">\n<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n"
    );
    svg += &body;
    svg += &wires;
    svg += &svc_svg;
    svg += &ifaces;
    if hidden + hidden_ifaces > 0 {
        let _ = writeln!(
            svg,
            "<text x=\"14\" y=\"{}\" fill=\"#555\">{}</text>",
            height - 10,
            html::escape(&i18n::tf(
                "… not drawn: {0} more namespaces, {1} more host interfaces",
                &[&hidden, &hidden_ifaces]
            ))
        );
    }
    svg += "</svg>";
    svg
}

/// The topology of a world as a displayable value (text + SVG), also for
/// the evcxr Rust kernel.
///
/// ```
/// let w = netbook::sim::World::new();
/// use netbook::display::Rich;
/// let t = netbook::display::topology::Topology(&w);
/// assert!(t.bundle().get("image/svg+xml").unwrap().starts_with("<svg"));
/// assert!(t.bundle().text().contains("eth0 [ether] UP 10.0.2.15/24"));
/// ```
pub struct Topology<'a>(pub &'a World);
