//! A packet's journey as HTML: the tool's text, the numbered steps, and an
//! SVG sequence diagram (one lifeline per namespace, wires as arrows,
//! ARP/bridge/route decisions as notes). Built only from a [`Trace`].

use super::html;
use crate::sim::{Step, Trace};
use std::fmt::Write as _;

fn ns_label(ns: &str) -> String {
    if ns.is_empty() {
        "host".to_string()
    } else {
        ns.to_string()
    }
}

fn step_ns(s: &Step) -> &str {
    match s {
        Step::Route { at, .. }
        | Step::ArpRequest { at, .. }
        | Step::ArpReply { at, .. }
        | Step::BridgeLearn { at, .. }
        | Step::BridgeFlood { at, .. }
        | Step::BridgeUnicast { at, .. }
        | Step::Netfilter { at, .. }
        | Step::Forward { at, .. }
        | Step::Deliver { at, .. }
        | Step::Drop { at, .. } => &at.ns,
        Step::Wire { from, .. } => &from.ns,
    }
}

fn step_class(s: &Step) -> (&'static str, &'static str) {
    match s {
        Step::Drop { .. } => ("#c62828", "#ffebee"),
        Step::Deliver { .. } => ("#2e7d32", "#e8f5e9"),
        Step::ArpRequest { .. } | Step::ArpReply { .. } => ("#ef6c00", "#fff3e0"),
        Step::BridgeLearn { .. } | Step::BridgeFlood { .. } | Step::BridgeUnicast { .. } => {
            ("#6a1b9a", "#f3e5f5")
        }
        Step::Netfilter { .. } => ("#455a64", "#eceff1"),
        _ => ("#1565c0", "#e3f2fd"),
    }
}

/// The SVG sequence diagram of a trace.
pub fn trace_svg(t: &Trace) -> String {
    let mut lanes: Vec<String> = Vec::new();
    let lane = |ns: &str, lanes: &mut Vec<String>| -> usize {
        let l = ns_label(ns);
        match lanes.iter().position(|x| *x == l) {
            Some(i) => i,
            None => {
                lanes.push(l);
                lanes.len() - 1
            }
        }
    };
    let mut rows: Vec<(usize, Option<usize>, String, &'static str, &'static str)> = Vec::new();
    for s in &t.steps {
        let a = lane(step_ns(s), &mut lanes);
        let (stroke, fill) = step_class(s);
        match s {
            Step::Wire { from, to } => {
                let b = lane(&to.ns, &mut lanes);
                rows.push((
                    a,
                    Some(b),
                    format!("{} → {}", from.dev, to.dev),
                    stroke,
                    fill,
                ));
            }
            other => {
                let text = other.to_string();
                let text = text
                    .split_once(": ")
                    .map(|(_, r)| r.to_string())
                    .unwrap_or(text);
                rows.push((a, None, text, stroke, fill));
            }
        }
    }
    let lane_w = 230;
    let row_h = 30;
    let width = 20 + lane_w * lanes.len().max(1);
    let height = 60 + row_h * rows.len() + 10;
    let x = |i: usize| 10 + lane_w * i + lane_w / 2;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">\n<defs><marker id=\"nbarrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#1565c0\"/></marker></defs>\n<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n"
    );
    for (i, l) in lanes.iter().enumerate() {
        let _ = writeln!(
            svg,
            "<rect x=\"{}\" y=\"8\" width=\"150\" height=\"26\" rx=\"5\" fill=\"#eceff1\" stroke=\"#37474f\"/><text x=\"{}\" y=\"25\" text-anchor=\"middle\" font-weight=\"bold\">{}</text><line x1=\"{}\" y1=\"34\" x2=\"{}\" y2=\"{}\" stroke=\"#90a4ae\" stroke-dasharray=\"4 3\"/>",
            x(i) - 75,
            x(i),
            html::escape(l),
            x(i),
            x(i),
            height - 5
        );
    }
    for (r, (a, b, text, stroke, fill)) in rows.iter().enumerate() {
        let y = 52 + r * row_h;
        match b {
            Some(b) if b != a => {
                let (x1, x2) = (x(*a), x(*b));
                let _ = writeln!(
                    svg,
                    "<line x1=\"{x1}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"{stroke}\" stroke-width=\"2\" marker-end=\"url(#nbarrow)\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{stroke}\">{}</text>",
                    (x1 + x2) / 2,
                    y - 4,
                    html::escape(text)
                );
            }
            _ => {
                let w = (text.chars().count() * 6 + 12).min(lane_w * 2 - 20);
                let left = x(*a)
                    .saturating_sub(w / 2)
                    .max(2)
                    .min(width.saturating_sub(w + 2));
                let shown: String = if text.chars().count() * 6 + 12 > w {
                    text.chars()
                        .take((w - 12) / 6 - 1)
                        .chain(std::iter::once('…'))
                        .collect()
                } else {
                    text.clone()
                };
                let _ = writeln!(
                    svg,
                    "<rect x=\"{left}\" y=\"{}\" width=\"{w}\" height=\"20\" rx=\"4\" fill=\"{fill}\" stroke=\"{stroke}\"/><text x=\"{}\" y=\"{}\" fill=\"{stroke}\">{}</text>",
                    y - 14,
                    left + 6,
                    y,
                    html::escape(&shown)
                );
            }
        }
    }
    svg += "</svg>";
    svg
}

/// The tool's text, then the hop-by-hop explanation of the first probe.
pub fn trace_html(text: &str, t: &Trace) -> String {
    let mut s = html::pre(text);
    s += "<details open><summary>Packet path of the first probe (hop by hop)</summary>\n<ol class=\"netbook-trace\">\n";
    for step in &t.steps {
        let (stroke, _) = step_class(step);
        let _ = writeln!(
            s,
            "<li style=\"color:{stroke}\">{}</li>",
            html::escape(&step.to_string())
        );
    }
    s += "</ol>\n";
    s += &trace_svg(t);
    s += "\n</details>";
    s
}
