//! `netbook trace`: one packet's walk as text and as HTML (the hop list and
//! path drawing of [`super::trace`], each netfilter hook's chain diagram
//! with the path lit from [`super::netfilter`], the verdict, cause and fix).

use super::bundle::MimeBundle;
use super::i18n::{self, sim, t};
use super::{html, netfilter, trace};
use crate::sim::trace::Step;
use crate::sim::walk::Walk;
use std::fmt::Write as _;

/// The walk as text: each step; under each netfilter hook, every chain,
/// rule tested (matched or why not), NAT rewrite and conntrack entry;
/// then the outcome, the cause and the fix.
pub fn walk_text(w: &Walk) -> String {
    let mut s = format!("packet: {}\n", w.sent.describe());
    let mut nf = w.trace.netfilter.iter();
    for step in &w.trace.steps {
        let _ = writeln!(s, "{step}");
        if let Step::Netfilter { .. } = step {
            if let Some(rec) = nf.next() {
                if rec.before.src != rec.after.src
                    || rec.before.dst != rec.after.dst
                    || rec.before.sport() != rec.after.sport()
                    || rec.before.dport() != rec.after.dport()
                {
                    let _ = writeln!(
                        s,
                        "    rewrite: {}:{} > {}:{}  ->  {}:{} > {}:{}",
                        rec.before.src,
                        rec.before.sport(),
                        rec.before.dst,
                        rec.before.dport(),
                        rec.after.src,
                        rec.after.sport(),
                        rec.after.dst,
                        rec.after.dport()
                    );
                }
                for line in netfilter::steps_text(&rec.steps).lines() {
                    let _ = writeln!(s, "    {line}");
                }
            }
        }
    }
    let _ = writeln!(s, "result: {}", w.outcome);
    if let Some(c) = &w.cause {
        let _ = writeln!(s, "cause: {c}");
    }
    if let Some(f) = &w.fix {
        let _ = writeln!(s, "fix: {f}");
    }
    s
}

/// Text with `backquoted` commands as `<code>`, everything escaped.
fn code_spans(s: &str) -> String {
    s.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", html::escape(part))
            } else {
                html::escape(part)
            }
        })
        .collect()
}

/// The verdict, cause and fix in the session's language.
fn verdict_html(w: &Walk) -> String {
    let mut s = format!(
        "<div class=\"netbook-verdict\"><p><b>{}</b>: {}</p>",
        t("result"),
        code_spans(&sim::sentence(&w.outcome))
    );
    if let Some(c) = &w.cause {
        let _ = write!(
            s,
            "<p><b>{}</b>: {}</p>",
            t("cause"),
            code_spans(&sim::sentence(c))
        );
    }
    if let Some(f) = &w.fix {
        // A fix is a command, or a sentence with commands in backquotes.
        let fix = if f.contains('`') {
            code_spans(&sim::sentence(f))
        } else {
            format!("<code>{}</code>", html::escape(f))
        };
        let _ = write!(s, "<p><b>{}</b>: {fix}</p>", t("fix"));
    }
    s.push_str("</div>");
    s
}

/// Every NAT rewrite as the packet before and after, side by side.
fn nat_html(w: &Walk) -> String {
    let rows: Vec<Vec<String>> = w
        .trace
        .netfilter
        .iter()
        .filter(|r| {
            (
                r.before.src,
                r.before.sport(),
                r.before.dst,
                r.before.dport(),
            ) != (r.after.src, r.after.sport(), r.after.dst, r.after.dport())
        })
        .map(|r| {
            let tuple = |p: &crate::sim::packet::Ipv4Packet| {
                format!("{}:{} → {}:{}", p.src, p.sport(), p.dst, p.dport())
            };
            vec![
                format!("{} {}", i18n::host_label(&r.at.ns), r.hook),
                tuple(&r.before),
                tuple(&r.after),
            ]
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    format!(
        "<div class=\"netbook-nat\"><p><b>{}</b></p>{}</div>",
        t("NAT: the packet before and after each rewrite"),
        html::table(&["where", "before NAT", "after NAT"], &rows)
    )
}

/// Text plus HTML: the verdict with its cause and fix, NAT rewrites side
/// by side, the hop-by-hop list and drawing, then one chain diagram per
/// netfilter hook the packet met.
pub fn walk_bundle(w: &Walk, text: String) -> MimeBundle {
    let mut h = verdict_html(w);
    h.push_str(&nat_html(w));
    h.push_str(&trace::trace_html(&text, &w.trace));
    for rec in &w.trace.netfilter {
        let at = format!("{}/{}", i18n::host_label(&rec.at.ns), rec.at.dev);
        let _ = write!(
            h,
            "\n<details><summary>{} {}</summary>{}</details>",
            html::escape(at.trim_end_matches('/')),
            html::escape(&rec.hook.to_string()),
            netfilter::hook_svg(&rec.steps)
        );
    }
    MimeBundle::plain(text).with_html(h)
}
