//! `netbook trace`: one packet's walk as text and as HTML (the hop list and
//! path drawing of [`super::trace`], each netfilter hook's chain diagram
//! with the path lit from [`super::netfilter`], the verdict, cause and fix).

use super::{html, netfilter, trace, MimeBundle};
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
                    || rec.before.sport != rec.after.sport
                    || rec.before.dport != rec.after.dport
                {
                    let _ = writeln!(
                        s,
                        "    rewrite: {}:{} > {}:{}  ->  {}:{} > {}:{}",
                        rec.before.src,
                        rec.before.sport,
                        rec.before.dst,
                        rec.before.dport,
                        rec.after.src,
                        rec.after.sport,
                        rec.after.dst,
                        rec.after.dport
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

/// Text plus HTML: the hop-by-hop list and drawing, then one chain
/// diagram per netfilter hook the packet met.
pub fn walk_bundle(w: &Walk, text: String) -> MimeBundle {
    let mut h = trace::trace_html(&text, &w.trace);
    for rec in &w.trace.netfilter {
        let _ = write!(
            h,
            "\n<details><summary>{} {}</summary>{}</details>",
            html::escape(&rec.at.to_string()),
            html::escape(&rec.hook.to_string()),
            netfilter::hook_svg(&rec.steps)
        );
    }
    MimeBundle::plain(text).with_html(h)
}
