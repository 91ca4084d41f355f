//! Views of our `subnet` command (split, vlsm, summarize, info): text
//! tables and the rich bundles built from [`super::rich`].

use super::ipcalc::IpcalcView;
use super::rich::{
    coloured_bits, ipcalc_html, split_bar_svg, split_table_html, subnet_bar_svg, subnet_row, CSS,
    SUBNET_HEADER,
};
use crate::display::bundle::MimeBundle;
use crate::display::html::{escape, table};
use crate::display::i18n::tf;
use crate::sim::addr::{self, Split, V4Facts, V6Facts, VlsmPlan};
use ipnet::IpNet;
use ipnet::Ipv4Net;
use std::fmt::Write as _;

fn text_table(rows: &[[String; 5]]) -> String {
    let mut widths = SUBNET_HEADER.map(str::len);
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.len());
        }
    }
    let mut out = String::new();
    let mut push = |cells: [&str; 5]| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i == 4 {
                let _ = write!(l, "{c:>w$}", w = widths[i]);
            } else {
                let _ = write!(l, "{c:<w$}  ", w = widths[i]);
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    push(SUBNET_HEADER);
    for r in rows {
        push([&r[0], &r[1], &r[2], &r[3], &r[4]]);
    }
    out
}

/// How many rows `subnet split` prints before it summarises.
pub const SPLIT_ROW_LIMIT: usize = 1000;

/// Text of `subnet split`: the first [`SPLIT_ROW_LIMIT`] subnets (pulled
/// lazily from the split) and the totals.
///
/// ```
/// use netbook::display::addr::split_text;
/// use netbook::sim::addr::{parse_v4_net, split_into_count};
/// let s = split_into_count(parse_v4_net("211.168.83.0/24").unwrap(), 5).unwrap();
/// let t = split_text(&s);
/// assert!(t.contains("211.168.83.32/27   211.168.83.33"));
/// assert!(t.ends_with("8 subnets of /27 (255.255.255.224), 30 usable hosts each, 3 bits borrowed from 211.168.83.0/24\n"));
/// ```
pub fn split_text(split: &Split) -> String {
    let rows: Vec<[String; 5]> = split.iter().take(SPLIT_ROW_LIMIT).map(subnet_row).collect();
    let mut out = text_table(&rows);
    let count = split.count();
    if count > SPLIT_ROW_LIMIT as u64 {
        let _ = writeln!(
            out,
            "... {} more subnets not shown (first {} listed)",
            count - SPLIT_ROW_LIMIT as u64,
            SPLIT_ROW_LIMIT
        );
    }
    let _ = writeln!(
        out,
        "{} subnet{} of /{} ({}), {} usable host{} each, {} bit{} borrowed from {}",
        count,
        if count == 1 { "" } else { "s" },
        split.new_prefix(),
        split.netmask(),
        split.hosts_per_subnet(),
        if split.hosts_per_subnet() == 1 {
            ""
        } else {
            "s"
        },
        split.borrowed_bits(),
        if split.borrowed_bits() == 1 { "" } else { "s" },
        split.parent()
    );
    out
}

/// `subnet split` as a bundle: text, an HTML table, the SVG bar.
pub fn split_bundle(split: &Split) -> MimeBundle {
    let text = split_text(split);
    let parent = split.parent();
    let mut html = String::from(CSS);
    let _ = write!(
        html,
        "<p>{}</p>{}",
        escape(&tf(
            "{0} → {1} × /{2} ({3}), {4} usable hosts each; borrowed bits: {5}",
            &[
                &parent,
                &split.count(),
                &split.new_prefix(),
                &split.netmask(),
                &split.hosts_per_subnet(),
                &split.borrowed_bits(),
            ]
        )),
        coloured_bits(split.netmask(), parent.prefix_len(), split.new_prefix())
    );
    html.push_str(&split_table_html(split, 256));
    MimeBundle::plain(text)
        .with_html(html)
        .with_figure(split_bar_svg(split))
}

/// Text of a VLSM plan: one row per request in allocation order, then the
/// unused space.
pub fn vlsm_text(plan: &VlsmPlan) -> String {
    let rows: Vec<[String; 5]> = plan.blocks.iter().map(|b| subnet_row(b.net)).collect();
    let mut out = String::new();
    let table = text_table(&rows);
    let mut lines = table.lines();
    if let Some(h) = lines.next() {
        let _ = writeln!(out, "{:<9}{h}", "Hosts");
    }
    for (b, l) in plan.blocks.iter().zip(lines) {
        let _ = writeln!(out, "{:<9}{l}", b.requested);
    }
    let used: u64 = plan
        .blocks
        .iter()
        .map(|b| 1u64 << (32 - b.net.prefix_len()))
        .sum();
    let _ = writeln!(
        out,
        "{} addresses used of {} in {}",
        used,
        1u64 << (32 - plan.parent.prefix_len()),
        plan.parent
    );
    if plan.unused.is_empty() {
        out.push_str("Unused: none\n");
    } else {
        let unused: Vec<String> = plan.unused.iter().map(|n| n.to_string()).collect();
        let _ = writeln!(out, "Unused: {}", unused.join(" "));
    }
    out
}

/// A VLSM plan as a bundle (text, table, bar).
pub fn vlsm_bundle(plan: &VlsmPlan) -> MimeBundle {
    let rows: Vec<Vec<String>> = plan
        .blocks
        .iter()
        .map(|b| {
            let mut r = vec![b.requested.to_string()];
            r.extend(subnet_row(b.net));
            r
        })
        .collect();
    let mut header = vec!["Hosts"];
    header.extend(SUBNET_HEADER);
    let mut parts: Vec<Ipv4Net> = plan.blocks.iter().map(|b| b.net).collect();
    parts.sort();
    let caption = if plan.unused.len() == 1 {
        tf(
            "{0} subnets (largest first), {1} unused block",
            &[&parts.len(), &plan.unused.len()],
        )
    } else {
        tf(
            "{0} subnets (largest first), {1} unused blocks",
            &[&parts.len(), &plan.unused.len()],
        )
    };
    MimeBundle::plain(vlsm_text(plan))
        .with_html(format!("{CSS}{}", table(&header, &rows)))
        .with_figure(subnet_bar_svg(plan.parent, &parts, &plan.unused, &caption))
}

/// Text of `subnet summarize`: the aggregated prefixes, then the single
/// covering supernet.
pub fn summarize_text(aggregated: &[IpNet], supernet: IpNet) -> String {
    let mut out = String::new();
    for n in aggregated {
        let _ = writeln!(out, "{n}");
    }
    let _ = writeln!(out, "supernet: {supernet}");
    out
}

/// Text of `subnet info` for an IPv6 prefix.
pub fn v6_facts_text(f: &V6Facts) -> String {
    let count = match f.num_addresses() {
        Some(n) => n.to_string(),
        None => "2^128".to_string(),
    };
    format!(
        "Prefix:    {}\nNetmask:   {}\nFirst:     {}\nLast:      {}\nAddresses: {} (2^{})\nScope:     {}\n",
        f.net,
        f.netmask,
        f.network,
        f.last,
        count,
        f.host_bits,
        f.scope.label()
    )
}

/// Text of `subnet info` for an IPv4 prefix: every fact of
/// [`V4Facts`], the gateway marked as a convention.
pub fn v4_facts_text(f: &V4Facts) -> String {
    let mut out = String::new();
    let p = f.net.prefix_len();
    let _ = writeln!(out, "Address:    {}", f.addr);
    let _ = writeln!(out, "Network:    {}", f.net);
    let _ = writeln!(out, "Netmask:    {} (/{p})", f.netmask);
    let _ = writeln!(out, "Wildcard:   {}", f.wildcard);
    if p < 31 {
        let _ = writeln!(out, "Broadcast:  {}", f.broadcast);
    }
    let _ = writeln!(out, "First host: {}", f.first_host);
    let _ = writeln!(out, "Last host:  {}", f.last_host);
    let note = match p {
        31 => " (RFC 3021 point-to-point: both addresses usable)",
        32 => " (a single host)",
        _ => "",
    };
    let _ = writeln!(out, "Hosts:      {}{note}", f.host_count);
    if let Some(gw) = f.gateway_convention() {
        let _ = writeln!(
            out,
            "Gateway:    {gw} by convention (first usable host; not a rule)"
        );
    }
    let class = f.class;
    let default = class
        .default_prefix()
        .map_or("no default mask".to_string(), |d| format!("default /{d}"));
    let _ = writeln!(
        out,
        "Class:      {} (leading bits {}, {default})",
        class.letter(),
        class.leading_bits()
    );
    let scope = match addr::special_range(f.addr) {
        Some(r) => format!("{} ({}, {})", r.name, r.net, r.rfc),
        None => "public".to_string(),
    };
    let _ = writeln!(out, "Scope:      {scope}");
    out
}

/// `subnet info` as a bundle: text and the binary breakdown.
pub fn v4_facts_bundle(f: &V4Facts) -> MimeBundle {
    let p = f.net.prefix_len();
    let v = IpcalcView {
        address: f.addr,
        mask1: p,
        mask2: p,
        binary: true,
        colour: false,
        html: false,
    };
    MimeBundle::plain(v4_facts_text(f)).with_html(ipcalc_html(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_split_text_is_bounded() {
        let s = addr::split_into_count("10.0.0.0/8".parse().unwrap(), 4_000_000).unwrap();
        let t = split_text(&s);
        assert_eq!(t.lines().count(), 1 + 1000 + 2);
        assert!(t.contains("... 4193304 more subnets not shown"));
    }
}
