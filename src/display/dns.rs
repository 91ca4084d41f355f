//! Rich views for name resolution: the resolution trace (hosts file ->
//! DNS server -> answer, CNAME steps), records as tables, and the anatomy
//! of a domain name.

use super::bundle::MimeBundle;
use super::html::{escape, pre, table};
use super::i18n::{self, t, t_dyn};
use crate::sim::dns::name::Anatomy;
use crate::sim::dns::record::Record;
use crate::sim::dns::resolver::{Step, StepKind};
use std::fmt::Write as _;

fn kind_label(k: StepKind) -> &'static str {
    match k {
        StepKind::Config => "config",
        StepKind::HostsFile => "hosts file",
        StepKind::Search => "search list",
        StepKind::Query => "DNS query",
        StepKind::Cname => "CNAME",
        StepKind::Source => "NSS source",
        StepKind::Answer => "answer",
        StepKind::Error => "no answer",
    }
}

/// The steps as numbered text lines (for a text trace or a hint).
pub fn steps_text(steps: &[Step]) -> String {
    steps
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{:>2}. [{}] {}\n", i + 1, kind_label(s.kind), s.text))
        .collect()
}

/// The steps as an HTML ordered list, one colour per kind.
pub fn steps_html(title: &str, steps: &[Step]) -> String {
    let mut out = format!(
        "<div class=\"netbook-dns-trace\"><b>{}</b>\n<ol>\n",
        escape(&title_text(title))
    );
    for s in steps {
        let colour = match s.kind {
            StepKind::HostsFile => "#2e7d32",
            StepKind::Query => "#1565c0",
            StepKind::Cname => "#6a1b9a",
            StepKind::Answer => "#000",
            StepKind::Error => "#c62828",
            _ => "#555",
        };
        out.push_str(&format!(
            "<li><span style=\"color:{colour}\">[{}]</span> <code>{}</code></li>\n",
            t(kind_label(s.kind)),
            escape(&i18n::sim::sentence(&s.text))
        ));
    }
    out.push_str("</ol>");
    out.push_str(&order_svg(steps));
    out.push_str("</div>");
    out
}

/// The NSS order of the last lookup pass as boxes left to right (`files`
/// then `dns`, as nsswitch.conf lists them), each with its status; the
/// source that answered is lit. Empty when the steps name no source.
pub fn order_svg(steps: &[Step]) -> String {
    // The last pass starts after the last nsswitch.conf line.
    let start = steps
        .iter()
        .rposition(|s| s.kind == StepKind::Config && s.text.starts_with("/etc/nsswitch.conf"))
        .unwrap_or(0);
    let sources: Vec<(&str, &str)> = steps[start..]
        .iter()
        .filter(|s| s.kind == StepKind::Source)
        .filter_map(|s| {
            let (name, rest) = s.text.split_once(": ")?;
            Some((name, rest.split(' ').next().unwrap_or(rest)))
        })
        .collect();
    if sources.is_empty() {
        return String::new();
    }
    let answer = steps
        .iter()
        .rev()
        .find(|s| s.kind == StepKind::Answer)
        .map(|s| s.text.clone());
    const W: usize = 150;
    const GAP: usize = 46;
    let n = sources.len() + usize::from(answer.is_some());
    let width = 20 + n * (W + GAP);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"96\" font-family=\"DejaVu Sans, Noto Sans CJK KR, Malgun Gothic, sans-serif\" font-size=\"12\"><defs><marker id=\"nbdns\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"/></marker></defs><text x=\"10\" y=\"14\" fill=\"#37474f\">{}</text>",
        escape(t("lookup order (nsswitch.conf hosts:)"))
    );
    for (i, (name, status)) in sources.iter().enumerate() {
        let x = 10 + i * (W + GAP);
        let (fill, stroke) = if *status == "SUCCESS" {
            ("#e8f5e9", "#2e7d32")
        } else {
            ("#f5f5f5", "#9e9e9e")
        };
        let what = match *name {
            "files" => t("files: /etc/hosts"),
            "dns" => t("dns: resolv.conf's nameserver"),
            _ => "",
        };
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"24\" width=\"{W}\" height=\"56\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"/><text x=\"{}\" y=\"44\" text-anchor=\"middle\" font-weight=\"bold\">{}</text><text x=\"{}\" y=\"60\" text-anchor=\"middle\" font-size=\"10\">{}</text><text x=\"{}\" y=\"74\" text-anchor=\"middle\" fill=\"{stroke}\">{}</text>",
            x + W / 2,
            escape(name),
            x + W / 2,
            escape(what),
            x + W / 2,
            escape(status)
        );
        if i + 1 < n {
            let _ = write!(
                svg,
                "<line x1=\"{}\" y1=\"52\" x2=\"{}\" y2=\"52\" stroke=\"#555\" marker-end=\"url(#nbdns)\"/>",
                x + W + 2,
                x + W + GAP - 4
            );
        }
    }
    if let Some(a) = answer {
        let x = 10 + sources.len() * (W + GAP);
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"24\" width=\"{W}\" height=\"56\" rx=\"6\" fill=\"#e3f2fd\" stroke=\"#1565c0\"/><text x=\"{}\" y=\"44\" text-anchor=\"middle\" font-weight=\"bold\">{}</text><text x=\"{}\" y=\"64\" text-anchor=\"middle\" font-size=\"10\">{}</text>",
            x + W / 2,
            t("answer"),
            x + W / 2,
            escape(&a)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A trace's title in the current language: `dig: how the answer was
/// found`, `how ping/curl resolve NAME`, or a tool's name.
fn title_text(title: &str) -> String {
    if i18n::lang() == i18n::Lang::En {
        return title.to_string();
    }
    if let Some(name) = title.strip_prefix("how ping/curl resolve ") {
        return i18n::tf("how ping/curl resolve {0}", &[&name]);
    }
    match title.split_once(": ") {
        Some((tool, rest)) => format!("{tool}: {}", t_dyn(rest)),
        None => i18n::tf("{0}: how the answer was found", &[&title]),
    }
}

/// Records as a table: name, TTL, class, type, data.
pub fn records_table(records: &[Record]) -> String {
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            vec![
                r.name.clone(),
                r.ttl.to_string(),
                "IN".to_string(),
                r.rtype().to_string(),
                r.data.to_string(),
            ]
        })
        .collect();
    table(&["name", "TTL", "class", "type", "data"], &rows)
}

/// A tool's text plus the trace of how the answer was found.
pub fn with_trace(text: String, title: &str, steps: &[Step], records: &[Record]) -> MimeBundle {
    let mut html = pre(&text);
    if !records.is_empty() {
        html.push('\n');
        html.push_str(&records_table(records));
    }
    if !steps.is_empty() {
        html.push('\n');
        html.push_str(&steps_html(title, steps));
    }
    MimeBundle::plain(text).with_html(html)
}

/// The anatomy of a name: text rows and an HTML table with the labels
/// laid out left to right over their roles.
pub fn anatomy(a: &Anatomy) -> MimeBundle {
    let rows = a.rows();
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let mut text = String::new();
    for (term, value, why) in &rows {
        text.push_str(&format!("{term:<width$}  {value:<24} {why}\n"));
    }
    let n = a.labels.len();
    let mut strip = String::from("<table class=\"netbook\"><tr>");
    for (i, l) in a.labels.iter().enumerate() {
        let role = t(match n - i {
            1 => "TLD",
            2 => "second-level",
            _ => "subdomain",
        });
        strip.push_str(&format!(
            "<td style=\"text-align:center\"><code>{}</code><br><small>{role}</small></td><td>.</td>",
            escape(l)
        ));
    }
    strip.push_str("<td style=\"text-align:center\"><code>&nbsp;</code><br><small>");
    strip.push_str(t("root"));
    strip.push_str("</small></td></tr></table>");
    let table_rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(term, v, why)| vec![t_dyn(&term), v, t_dyn(&why)])
        .collect();
    let html = format!(
        "{strip}\n{}",
        table(&["part", "value", "meaning"], &table_rows)
    );
    MimeBundle::plain(text)
        .with_html(html)
        .with_figure(anatomy_svg(a))
}

/// The name drawn as labels in boxes with brackets: subdomain, second
/// level, TLD and the DNS root (the trailing dot) below; the note's
/// "root domain" and the whole FQDN above.
pub fn anatomy_svg(a: &Anatomy) -> String {
    const CH: usize = 9; // monospace character width at font-size 15
    const X0: usize = 10;
    let mut x = X0;
    let mut boxes: Vec<(usize, usize, &str)> = Vec::new();
    for l in &a.labels {
        let w = l.chars().count() * CH + 12;
        boxes.push((x, w, l.as_str()));
        x += w + 14; // room for the dot between labels
    }
    let root_x = x;
    let n = boxes.len();
    // Room on the right for the root box's caption and the note's label.
    let label_start = if n >= 2 { boxes[n - 2].0 } else { X0 };
    let width = (root_x + 80).max(label_start + 310);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"150\" font-family=\"monospace\" font-size=\"15\">\n"
    );
    for (bx, w, l) in &boxes {
        svg.push_str(&format!(
            "<rect x=\"{bx}\" y=\"50\" width=\"{w}\" height=\"26\" fill=\"#e3f2fd\" stroke=\"#1565c0\"/><text x=\"{}\" y=\"68\" text-anchor=\"middle\">{}</text>\n",
            bx + w / 2,
            escape(l)
        ));
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"68\" text-anchor=\"middle\">.</text>\n",
            bx + w + 7
        ));
    }
    svg.push_str(&format!(
        "<rect x=\"{root_x}\" y=\"50\" width=\"14\" height=\"26\" fill=\"#fff3e0\" stroke=\"#e65100\"/>\n"
    ));
    let span = |i: usize, j: usize| (boxes[i].0, boxes[j].0 + boxes[j].1);
    // (x1, x2, row, text) brackets under the boxes.
    let mut under: Vec<(usize, usize, usize, &str)> = Vec::new();
    if n >= 3 {
        let (x1, x2) = span(0, n - 3);
        under.push((x1, x2, 0, t("subdomain / hostname")));
    }
    if n >= 2 {
        let (x1, x2) = span(n - 2, n - 2);
        under.push((x1, x2, 1, t("second level")));
    }
    if n >= 1 {
        let (x1, x2) = span(n - 1, n - 1);
        under.push((x1, x2, 0, "TLD"));
    }
    under.push((root_x, root_x + 14, 1, t("DNS root \".\"")));
    // Captions alternate rows so neighbours never overlap.
    for (x1, x2, row, text) in &under {
        let y = 84 + row * 30;
        svg.push_str(&format!(
            "<path d=\"M{x1} {y} v6 H{x2} v-6\" fill=\"none\" stroke=\"#555\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\">{}</text>\n",
            (x1 + x2) / 2,
            y + 20,
            escape(text)
        ));
    }
    if n >= 2 {
        let (x1, x2) = span(n - 2, n - 1);
        svg.push_str(&format!(
            "<path d=\"M{x1} 44 v-6 H{x2} v6\" fill=\"none\" stroke=\"#6a1b9a\"/><text x=\"{x1}\" y=\"33\" font-size=\"11\" fill=\"#6a1b9a\">{}</text>\n",
            escape(t("\"root domain\" (the note; DNS: zone apex)"))
        ));
    }
    svg.push_str(&format!(
        "<path d=\"M{X0} 20 v-6 H{} v6\" fill=\"none\" stroke=\"#000\"/><text x=\"{X0}\" y=\"11\" font-size=\"11\">FQDN {}</text>\n",
        root_x + 14,
        escape(&a.fqdn)
    ));
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anatomy_has_every_label_and_escapes() {
        let a = Anatomy::of("www.example.com.").unwrap();
        let b = anatomy(&a);
        assert!(b.text().contains("TLD (level 1)"));
        let html = b.get("text/html").unwrap();
        assert!(html.contains("<code>www</code>") && html.contains("root"));
        assert!(html.contains("&quot;root domain&quot;"));
        let svg = b.get("image/svg+xml").unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(">www</text>") && svg.contains("FQDN www.example.com."));
        assert!(svg.contains("DNS root &quot;.&quot;"));
    }

    #[test]
    fn trace_lists_steps() {
        let steps = vec![Step {
            kind: StepKind::HostsFile,
            text: "/etc/hosts line 3: 10.0.0.7 <web>".into(),
        }];
        let b = with_trace("x\n".into(), "getent", &steps, &[]);
        assert!(b.get("text/html").unwrap().contains("&lt;web&gt;"));
        assert_eq!(
            steps_text(&steps),
            " 1. [hosts file] /etc/hosts line 3: 10.0.0.7 <web>\n"
        );
    }

    #[test]
    fn order_lights_the_source_that_answered() {
        let st = |kind, text: &str| Step {
            kind,
            text: text.into(),
        };
        let steps = vec![
            st(
                StepKind::Config,
                "/etc/nsswitch.conf line 5: hosts: files dns",
            ),
            st(StepKind::HostsFile, "/etc/hosts: no line for example.com"),
            st(StepKind::Source, "files: NOTFOUND -> continue"),
            st(StepKind::Query, "A example.com. -> 8.8.8.8#53: NOERROR"),
            st(StepKind::Source, "dns: SUCCESS -> return"),
            st(StepKind::Answer, "example.com -> 93.184.216.34"),
        ];
        let svg = order_svg(&steps);
        assert!(
            svg.find(">files<").unwrap() < svg.find(">dns<").unwrap(),
            "{svg}"
        );
        // `files` (NOTFOUND) is grey, the `dns` box that answered is green.
        let (files_at, dns_at) = (svg.find(">files<").unwrap(), svg.find(">dns<").unwrap());
        assert!(!svg[..files_at].contains("#2e7d32") && svg[files_at..dns_at].contains("#2e7d32"));
        assert_eq!(svg.matches("#e8f5e9").count(), 1, "{svg}");
        assert!(svg.contains("example.com -&gt; 93.184.216.34"));
        assert!(order_svg(&steps[..2]).is_empty());
    }
}
