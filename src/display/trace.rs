//! A packet's journey as HTML: the tool's text, the numbered steps, and an
//! SVG sequence diagram (one lifeline per namespace, wires as arrows,
//! ARP/bridge/route decisions as notes). Built only from a [`Trace`].
//!
//! The simulator records an ARP request and a bridge flood as one step at
//! the sender (a broadcast has no single wire), so the diagram draws their
//! arrow to the lane of the next step; a REJECT is drawn apart from a DROP,
//! with the answer it sends back.

use super::html;
use super::i18n::{self, sim, t};
use crate::sim::{Step, Trace};
use std::fmt::Write as _;

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

/// True for a netfilter REJECT (it answers the sender; a DROP is silent).
fn is_reject(s: &Step) -> bool {
    matches!(s, Step::Drop { reason, .. } if sim::reject_reply(reason).is_some())
}

/// (stroke, fill) of a step.
fn step_colours(s: &Step) -> (&'static str, &'static str) {
    match s {
        _ if is_reject(s) => ("#8e24aa", "#fce4ec"),
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

/// Estimated width in pixels of `s` at font-size 11: wide glyphs (Hangul,
/// CJK) take about twice a Latin letter.
pub fn text_px(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 7 } else { 12 })
        .sum()
}

/// One row of the diagram.
struct Row {
    lane: usize,
    /// Arrow to this lane (a wire, or a broadcast to the next step's lane).
    to: Option<usize>,
    text: String,
    stroke: &'static str,
    fill: &'static str,
    /// Dashed arrow: a broadcast (ARP request, flood) or an answer.
    dashed: bool,
}

fn lane_of(lanes: &mut Vec<String>, ns: &str) -> usize {
    let l = i18n::host_label(ns);
    match lanes.iter().position(|x| *x == l) {
        Some(i) => i,
        None => {
            lanes.push(l);
            lanes.len() - 1
        }
    }
}

/// The note's text: the step without its `place: ` prefix (the lane says it).
fn note_text(s: &Step) -> String {
    let text = sim::step(s);
    text.split_once(": ")
        .map(|(_, r)| r.to_string())
        .unwrap_or(text)
}

/// The SVG sequence diagram of a trace.
pub fn trace_svg(t: &Trace) -> String {
    let mut lanes: Vec<String> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    for (i, s) in t.steps.iter().enumerate() {
        let lane = lane_of(&mut lanes, step_ns(s));
        let (stroke, fill) = step_colours(s);
        let row = |to: Option<usize>, text: String, dashed: bool| Row {
            lane,
            to,
            text,
            stroke,
            fill,
            dashed,
        };
        match s {
            Step::Wire { from, to } => {
                let to_lane = lane_of(&mut lanes, &to.ns);
                rows.push(row(
                    Some(to_lane),
                    format!("{} → {}", wire_end(from), wire_end(to)),
                    false,
                ));
            }
            Step::ArpRequest { .. } | Step::BridgeFlood { .. } => {
                rows.push(row(None, note_text(s), false));
                // The broadcast crosses to wherever the next step happens.
                let next = t.steps.get(i + 1).map(step_ns);
                if let Some(next) = next.map(|n| lane_of(&mut lanes, n)) {
                    if next != lane {
                        rows.push(row(Some(next), t_broadcast(s).to_string(), true));
                    }
                }
            }
            _ => rows.push(row(None, note_text(s), false)),
        }
    }
    draw(&lanes, &rows)
}

/// A wire's end: its device, or the place when it has none (the Internet).
fn wire_end(a: &crate::sim::trace::At) -> String {
    if a.dev.is_empty() {
        i18n::host_label(&a.ns)
    } else {
        a.dev.clone()
    }
}

fn t_broadcast(s: &Step) -> &'static str {
    match s {
        Step::ArpRequest { .. } => t("ARP request (broadcast ff:ff:ff:ff:ff:ff)"),
        _ => t("copies to the other ports"),
    }
}

fn draw(lanes: &[String], rows: &[Row]) -> String {
    const LANE_W: usize = 230;
    const ROW_H: usize = 30;
    let x = |i: usize| 10 + LANE_W * i + LANE_W / 2;
    // Notes keep their whole text: the drawing grows to hold the widest.
    let notes: Vec<(usize, usize)> = rows
        .iter()
        .map(|r| {
            let w = text_px(&r.text) + 14;
            (x(r.lane).saturating_sub(w / 2).max(4), w)
        })
        .collect();
    let width = notes
        .iter()
        .map(|(left, w)| left + w + 6)
        .chain(rows.iter().map(|r| {
            // An arrow's label is centred between its lanes.
            let to = r.to.unwrap_or(r.lane);
            (x(r.lane) + x(to)) / 2 + text_px(&r.text) / 2 + 6
        }))
        .chain([20 + LANE_W * lanes.len().max(1)])
        .max()
        .unwrap_or(250);
    let height = 60 + ROW_H * rows.len() + 10;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"DejaVu Sans, Noto Sans CJK KR, Malgun Gothic, Arial, sans-serif\" font-size=\"11\">\n<defs>"
    );
    let mut markers: Vec<&str> = rows
        .iter()
        .filter(|r| r.to.is_some())
        .map(|r| r.stroke)
        .collect();
    markers.sort();
    markers.dedup();
    for colour in &markers {
        let _ = write!(
            svg,
            "<marker id=\"nbarrow{}\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"{colour}\"/></marker>",
            &colour[1..]
        );
    }
    let _ = writeln!(
        svg,
        "</defs>\n<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>"
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
    for (r, (row, (left, w))) in rows.iter().zip(&notes).enumerate() {
        let y = 52 + r * ROW_H;
        let text = html::escape(&row.text);
        let stroke = row.stroke;
        match row.to {
            Some(b) if b != row.lane => {
                let (x1, x2) = (x(row.lane), x(b));
                let dash = if row.dashed {
                    " stroke-dasharray=\"6 3\""
                } else {
                    ""
                };
                let _ = writeln!(
                    svg,
                    "<line x1=\"{x1}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"{stroke}\" stroke-width=\"2\"{dash} marker-end=\"url(#nbarrow{})\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{stroke}\">{text}</text>",
                    &stroke[1..],
                    (x1 + x2) / 2,
                    y - 4
                );
            }
            _ => {
                let _ = writeln!(
                    svg,
                    "<rect x=\"{left}\" y=\"{}\" width=\"{w}\" height=\"20\" rx=\"4\" fill=\"{}\" stroke=\"{stroke}\"/><text x=\"{}\" y=\"{y}\" fill=\"{stroke}\">{text}</text>",
                    y - 14,
                    row.fill,
                    left + 7
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
    let _ = writeln!(
        s,
        "<details open><summary>{}</summary>\n<ol class=\"netbook-trace\">",
        html::escape(i18n::t("Packet path of the first probe (hop by hop)"))
    );
    for step in &t.steps {
        let (stroke, _) = step_colours(step);
        let _ = writeln!(
            s,
            "<li style=\"color:{stroke}\">{}</li>",
            html::escape(&sim::step(step))
        );
    }
    s += "</ol>\n";
    s += &trace_svg(t);
    s += "\n</details>";
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::i18n::{with_lang, Lang};
    use crate::sim::trace::{At, DropReason};

    fn at(ns: &str, dev: &str) -> At {
        At {
            ns: ns.into(),
            dev: dev.into(),
        }
    }

    /// A trace of these steps alone.
    fn trace_of(steps: Vec<Step>) -> Trace {
        Trace {
            steps,
            ..Default::default()
        }
    }

    /// The first `width="N"` in a piece of SVG.
    fn first_width(svg: &str) -> usize {
        svg.split("width=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|w| w.parse().ok())
            .unwrap()
    }

    /// Every note's box fits inside the drawing and shows its whole text.
    fn assert_notes_fit(svg: &str) {
        let width = first_width(svg);
        for part in svg.split("<rect x=\"").skip(1) {
            let left: usize = part.split('"').next().unwrap().parse().unwrap();
            let w = first_width(part);
            assert!(left + w <= width, "box {left}+{w} past {width}: {svg}");
        }
        assert!(!svg.contains('…'), "{svg}");
    }

    #[test]
    fn loopback_notes_are_not_cut() {
        let t = trace_of(vec![
            Step::Route {
                at: at("ns1", "lo"),
                dst: [127, 0, 0, 1].into(),
                via: None,
                route: "local 127.0.0.1 dev lo".into(),
            },
            Step::Deliver {
                at: at("ns1", "lo"),
                what: "ICMP echo request seq=1 127.0.0.1 > 127.0.0.1".into(),
            },
        ]);
        for l in [Lang::En, Lang::Ko] {
            let svg = with_lang(l, || trace_svg(&t));
            assert_notes_fit(&svg);
        }
        let svg = with_lang(Lang::En, || trace_svg(&t));
        assert!(svg.contains("deliver ICMP echo request seq=1 127.0.0.1 &gt; 127.0.0.1"));
    }

    #[test]
    fn arp_request_and_flood_get_arrows() {
        let t = trace_of(vec![
            Step::ArpRequest {
                at: at("ns1", "veth1"),
                target: [192, 168, 1, 20].into(),
                sender: [192, 168, 1, 10].into(),
            },
            Step::BridgeFlood {
                at: at("", "br0"),
                ports: 1,
                dst: "ff:ff:ff:ff:ff:ff".into(),
            },
            Step::ArpReply {
                at: at("ns2", "veth2"),
                ip: [192, 168, 1, 20].into(),
                mac: "56:4d:b5:22:ee:13".into(),
            },
        ]);
        let svg = with_lang(Lang::En, || trace_svg(&t));
        let arrows: Vec<&str> = svg
            .lines()
            .filter(|l| l.starts_with("<line") && l.contains("marker-end"))
            .collect();
        assert_eq!(arrows.len(), 2, "{svg}");
        // ns1 (lane 0) -> host (lane 1), host -> ns2 (lane 2).
        assert!(arrows[0].contains("x1=\"125\"") && arrows[0].contains("x2=\"355\""));
        assert!(arrows[1].contains("x1=\"355\"") && arrows[1].contains("x2=\"585\""));
        assert!(svg.contains("ARP request (broadcast ff:ff:ff:ff:ff:ff)"));
        let ko = with_lang(Lang::Ko, || trace_svg(&t));
        assert!(
            ko.contains("ARP 요청 (브로드캐스트 ff:ff:ff:ff:ff:ff)"),
            "{ko}"
        );
    }

    #[test]
    fn reject_is_not_drawn_as_drop() {
        let reject = Step::Drop {
            at: at("ns2", "veth2"),
            reason: DropReason::Netfilter(
                "iptables filter INPUT rule 1 (REJECT icmp-port-unreachable)".into(),
            ),
        };
        let drop = Step::Drop {
            at: at("ns2", "veth2"),
            reason: DropReason::Netfilter("iptables filter INPUT rule 1".into()),
        };
        let t = trace_of(vec![reject.clone()]);
        let html = with_lang(Lang::En, || trace_html("", &t));
        assert!(!html.contains("DROP"), "{html}");
        assert!(
            html.contains("REJECT: refused by netfilter (iptables filter INPUT rule 1); icmp-port-unreachable goes back to the sender"),
            "{html}"
        );
        assert_ne!(step_colours(&reject), step_colours(&drop));
        let ko = with_lang(Lang::Ko, || trace_html("", &t));
        assert!(
            ko.contains("보낸 쪽에 icmp-port-unreachable을(를) 돌려보냅니다"),
            "{ko}"
        );
    }
}
