//! Our own rich views of addresses (never part of any tool's text): the
//! binary AND of address and mask with network / subnet / host bits
//! coloured, class and scope badges, subnet tables and the SVG bar of an
//! address space cut into blocks.

use super::ipcalc::IpcalcView;
use crate::display::bundle::MimeBundle;
use crate::display::html::{escape, table};
use crate::display::i18n::{t, tf};
use crate::sim::addr::{self, Class, Split, V4Facts};
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;
use std::fmt::Write as _;

pub(crate) const CSS: &str = "<style>.nb-addr td,.nb-addr th{padding:1px 6px;text-align:left}\
.nb-bits{font-family:monospace}.nb-net{color:#1f5fbf;font-weight:bold}\
.nb-sub{color:#2e8b2e;font-weight:bold}.nb-host{color:#b35c00}\
.nb-badge{display:inline-block;border-radius:8px;padding:0 8px;margin-right:4px;\
background:#eef;border:1px solid #99c;font-size:90%}</style>";

/// The binary of a value with network, subnet and host bits in spans.
pub(crate) fn coloured_bits(value: Ipv4Addr, net_bits: u8, subnet_bits: u8) -> String {
    let v = u32::from(value);
    let mut out = String::from("<span class=\"nb-bits\">");
    let mut current = "";
    for i in 1..=32u8 {
        let class = if i <= net_bits {
            "nb-net"
        } else if i <= subnet_bits {
            "nb-sub"
        } else {
            "nb-host"
        };
        if class != current {
            if !current.is_empty() {
                out.push_str("</span>");
            }
            let _ = write!(out, "<span class=\"{class}\">");
            current = class;
        }
        out.push(if v & (1 << (32 - i)) != 0 { '1' } else { '0' });
        if i % 8 == 0 && i < 32 {
            out.push('.');
        }
    }
    out.push_str("</span></span>");
    out
}

/// A scope's name without its RFC (the badge adds the RFC once).
fn scope_name(scope: addr::Scope) -> &'static str {
    use addr::Scope as S;
    t(match scope {
        S::ThisNetwork => "this network",
        S::Private => "private",
        S::SharedCgnat => "CGNAT shared",
        S::Loopback => "loopback",
        S::LinkLocal => "link-local",
        S::ProtocolAssignment => "IETF protocol assignment",
        S::Documentation => "documentation",
        S::Benchmarking => "benchmarking",
        S::Multicast => "multicast",
        S::Reserved => "reserved (class E)",
        S::Broadcast => "limited broadcast",
        S::Public => "public",
    })
}

/// The class and scope badges: `class C (leading bits 110)`,
/// `private (RFC 1918)`.
pub fn badges(addr: Ipv4Addr) -> String {
    let class = Class::of(addr);
    let mut s = format!(
        "<span class=\"nb-badge\">{}</span>",
        escape(&tf(
            "class {0} (leading bits {1})",
            &[&class.letter(), &class.leading_bits()]
        ))
    );
    let label = match addr::special_range(addr) {
        Some(r) => format!("{} ({})", scope_name(r.scope), r.rfc),
        None => scope_name(addr::Scope::Public).to_string(),
    };
    let _ = write!(s, "<span class=\"nb-badge\">{}</span>", escape(&label));
    s
}

/// HTML for an `ipcalc` view: the AND of address and mask in binary with
/// network / subnet / host bits coloured, class and scope badges, and the
/// subnet table (first rows) when a second, longer mask is given.
pub fn ipcalc_html(v: &IpcalcView) -> String {
    let f = V4Facts::of(Ipv4Net::new_assert(v.address, v.mask1));
    let sub = v.mask2.max(v.mask1);
    let mask = addr::prefix_to_mask(v.mask1);
    let mut s = String::from(CSS);
    s.push_str("<div class=\"nb-addr\">");
    s.push_str(&badges(v.address));
    s.push_str("<table class=\"nb-addr\">");
    let row = |s: &mut String, label: &str, text: String, bits: String| {
        let _ = write!(
            s,
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
            escape(label),
            escape(&text),
            bits
        );
    };
    row(
        &mut s,
        t("address"),
        v.address.to_string(),
        coloured_bits(v.address, v.mask1, sub),
    );
    row(
        &mut s,
        t("AND netmask"),
        format!("{mask} (/{})", v.mask1),
        coloured_bits(mask, v.mask1, v.mask1),
    );
    row(
        &mut s,
        t("= network"),
        format!("{}/{}", f.network, v.mask1),
        coloured_bits(f.network, v.mask1, sub),
    );
    row(
        &mut s,
        t("broadcast"),
        f.broadcast.to_string(),
        coloured_bits(f.broadcast, v.mask1, sub),
    );
    s.push_str("</table>");
    let _ = write!(
        s,
        "<p><span class=\"nb-net\">{}</span> {} · <span class=\"nb-sub\">{}</span> {} · <span class=\"nb-host\">{}</span> {} · {}",
        t("network bits"),
        v.mask1,
        t("subnet bits"),
        sub - v.mask1,
        t("host bits"),
        32 - sub,
        escape(&tf(
            "usable hosts {0} ({1} – {2})",
            &[&f.host_count, &f.first_host, &f.last_host]
        ))
    );
    if let Some(gw) = f.gateway_convention() {
        let _ = write!(
            s,
            " · {}",
            escape(&tf(
                "gateway by convention {0} (the first usable host; any on-link address may be the gateway)",
                &[&gw]
            ))
        );
    }
    s.push_str("</p>");
    if v.mask2 > v.mask1 {
        if let Ok(split) = Split::new(f.net, v.mask2) {
            s.push_str(&split_table_html(&split, 64));
        }
    }
    s.push_str("</div>");
    s
}

/// One row of a subnet listing: network, first host (gateway convention),
/// last host, broadcast, size.
pub fn subnet_row(net: Ipv4Net) -> [String; 5] {
    let f = V4Facts::of(net);
    [
        net.to_string(),
        f.first_host.to_string(),
        f.last_host.to_string(),
        if net.prefix_len() < 31 {
            f.broadcast.to_string()
        } else {
            "-".to_string()
        },
        f.num_addresses.to_string(),
    ]
}

pub(crate) const SUBNET_HEADER: [&str; 5] = [
    "Network",
    "First host (gateway)",
    "Last host",
    "Broadcast",
    "Size",
];

pub(crate) fn split_table_html(split: &Split, limit: usize) -> String {
    let rows: Vec<Vec<String>> = split
        .iter()
        .take(limit)
        .map(|n| subnet_row(n).to_vec())
        .collect();
    let mut s = table(&SUBNET_HEADER, &rows);
    if split.count() > limit as u64 {
        let _ = write!(
            s,
            "<p>{}</p>",
            tf("first {0} of {1} subnets shown", &[&limit, &split.count()])
        );
    }
    s
}

/// The label that fits a block `w` pixels wide: the prefix, else its
/// last octet and length (`.128/27`), else nothing.
fn bar_label(net: Ipv4Net, w: f64) -> Option<String> {
    let fits = |t: &str| t.len() as f64 * 6.1 + 6.0 <= w;
    let full = net.to_string();
    if fits(&full) {
        return Some(full);
    }
    let short = format!(".{}/{}", net.network().octets()[3], net.prefix_len());
    fits(&short).then_some(short)
}

/// An SVG bar of the parent's address space: `parts` (inside it) in
/// colours, `unused` blocks grey and dashed, and a caption.
pub fn subnet_bar_svg(
    parent: Ipv4Net,
    parts: &[Ipv4Net],
    unused: &[Ipv4Net],
    caption: &str,
) -> String {
    const W: f64 = 640.0;
    const H: f64 = 36.0;
    const TOP: f64 = 14.0;
    let parent = parent.trunc();
    let size = (1u64 << (32 - parent.prefix_len())) as f64;
    let base = f64::from(u32::from(parent.network()));
    let geometry = |p: &Ipv4Net| {
        let x = 1.0 + (f64::from(u32::from(p.network())) - base) / size * W;
        let w = ((1u64 << (32 - p.prefix_len())) as f64 / size * W).max(0.5);
        (x, w)
    };
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-family=\"monospace\" font-size=\"10\">",
        W + 2.0,
        H + TOP + 20.0
    );
    let _ = write!(
        s,
        "<rect x=\"1\" y=\"{TOP}\" width=\"{W}\" height=\"{H}\" fill=\"#f4f4f4\" stroke=\"#888\"/><text x=\"1\" y=\"10\">{}</text>",
        escape(&parent.to_string())
    );
    let palette = [
        "#8fb8e8", "#9fd89f", "#f0c080", "#d8a8e0", "#f0a0a0", "#a0e0e0",
    ];
    let mut labels = String::new();
    let blocks = parts
        .iter()
        .enumerate()
        .map(|(i, p)| (p, palette[i % palette.len()], false))
        .chain(unused.iter().map(|p| (p, "#e8e8e8", true)));
    for (p, fill, is_unused) in blocks {
        let (x, w) = geometry(p);
        let dash = if is_unused {
            " stroke-dasharray=\"3,2\""
        } else {
            ""
        };
        let title = if is_unused {
            tf("{0} (unused)", &[p])
        } else {
            p.to_string()
        };
        let _ = write!(
            s,
            "<rect x=\"{x:.2}\" y=\"{TOP}\" width=\"{w:.2}\" height=\"{H}\" fill=\"{fill}\" stroke=\"#555\" stroke-width=\"0.5\"{dash}><title>{}</title></rect>",
            escape(&title)
        );
        if let Some(label) = bar_label(*p, w) {
            let _ = write!(
                labels,
                "<text x=\"{:.2}\" y=\"{}\"{}>{}</text>",
                x + 3.0,
                TOP + H / 2.0 + 3.0,
                if is_unused { " fill=\"#777\"" } else { "" },
                escape(&label)
            );
        }
    }
    // Labels last, so no block is drawn over them.
    s.push_str(&labels);
    let _ = write!(
        s,
        "<text x=\"1\" y=\"{}\">{}</text></svg>",
        TOP + H + 14.0,
        escape(caption)
    );
    s
}

/// The SVG bar of an equal split. Up to 64 subnets are drawn one by one;
/// a bigger split is drawn as 64 equal bands, each holding count/64
/// subnets, so a /8 cut into /30s still reads as a picture.
pub fn split_bar_svg(split: &Split) -> String {
    let count = split.count();
    let parent = split.parent();
    let what = tf(
        "{0} × /{1} ({2}, {3} usable hosts each)",
        &[
            &count,
            &split.new_prefix(),
            &split.netmask(),
            &split.hosts_per_subnet(),
        ],
    );
    if count <= 64 {
        let parts: Vec<Ipv4Net> = split.iter().collect();
        return subnet_bar_svg(parent, &parts, &[], &what);
    }
    let bands: Vec<Ipv4Net> = Split::new(parent, parent.prefix_len() + 6)
        .map(|b| b.iter().collect())
        .unwrap_or_default();
    let caption = tf(
        "{0}; each of the 64 bands holds {1}",
        &[&what, &(count / 64)],
    );
    subnet_bar_svg(parent, &bands, &[], &caption)
}

/// The `ipcalc` bundle: the exact text (with any lines the tool printed
/// before it, such as `WILDCARD`), HTML, and an SVG bar when subnetting.
pub fn ipcalc_bundle(v: &IpcalcView, text: String) -> MimeBundle {
    let mut b = MimeBundle::plain(text).with_html(ipcalc_html(v));
    if v.mask2 > v.mask1 {
        let parent = Ipv4Net::new_assert(v.address, v.mask1).trunc();
        if let Ok(split) = Split::new(parent, v.mask2) {
            b = b.with_figure(split_bar_svg(&split));
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::super::ipcalc::ipcalc_text;
    use super::*;
    #[test]
    fn worked_example_text() {
        let v = IpcalcView {
            address: "211.168.83.0".parse().unwrap(),
            mask1: 24,
            mask2: 27,
            binary: true,
            colour: false,
            html: false,
        };
        let t = ipcalc_text(&v, None);
        assert!(
            t.contains("Netmask:   255.255.255.224 = 27 11111111.11111111.11111111.111 00000\n")
        );
        assert!(t.ends_with("\n\nSubnets:   8\nHosts:     240\n"));
        let b = ipcalc_bundle(&v, t.clone());
        assert_eq!(b.text(), t);
        assert!(b.get("text/html").unwrap().contains("nb-sub"));
        assert!(b
            .get("image/svg+xml")
            .unwrap()
            .contains("211.168.83.224/27"));
    }

    #[test]
    fn scope_badge_names_its_rfc_once() {
        use crate::display::i18n::{with_lang, Lang};
        let a: Ipv4Addr = "192.168.1.10".parse().unwrap();
        let en = with_lang(Lang::En, || badges(a));
        assert_eq!(
            en,
            "<span class=\"nb-badge\">class C (leading bits 110)</span><span class=\"nb-badge\">private (RFC 1918)</span>"
        );
        let ko = with_lang(Lang::Ko, || badges(a));
        assert_eq!(
            ko,
            "<span class=\"nb-badge\">C 클래스 (앞자리 비트 110)</span><span class=\"nb-badge\">사설 (RFC 1918)</span>"
        );
        let public = with_lang(Lang::En, || badges("8.8.8.8".parse().unwrap()));
        assert!(
            public.ends_with("<span class=\"nb-badge\">public</span>"),
            "{public}"
        );
    }
}
