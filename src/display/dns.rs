//! Rich views for name resolution: the resolution trace (hosts file ->
//! DNS server -> answer, CNAME steps), records as tables, and the anatomy
//! of a domain name.

use super::html::{escape, pre, table};
use super::MimeBundle;
use crate::sim::dns::name::Anatomy;
use crate::sim::dns::record::Record;
use crate::sim::dns::resolver::{Step, StepKind};

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
        escape(title)
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
            kind_label(s.kind),
            escape(&s.text)
        ));
    }
    out.push_str("</ol></div>");
    out
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
        let role = match n - i {
            1 => "TLD",
            2 => "second-level",
            _ => "subdomain",
        };
        strip.push_str(&format!(
            "<td style=\"text-align:center\"><code>{}</code><br><small>{role}</small></td><td>.</td>",
            escape(l)
        ));
    }
    strip.push_str("<td style=\"text-align:center\"><code>&nbsp;</code><br><small>root</small></td></tr></table>");
    let table_rows: Vec<Vec<String>> = rows.into_iter().map(|(t, v, w)| vec![t, v, w]).collect();
    let html = format!(
        "{strip}\n{}",
        table(&["part", "value", "meaning"], &table_rows)
    );
    MimeBundle::plain(text).with_html(html)
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
}
