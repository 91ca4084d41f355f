//! Debian `ipcalc` 0.42's text (and its `-c` colours and `-h` page),
//! byte for byte; see the module header of [`super`].

use super::split_masks::{decimal_below, pow2_exponent, SPLIT_MASK_BITS, SPLIT_USED_MASK};
use crate::sim::addr::{self, Split};
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;

use std::fmt::Write as _;

/// What one `ipcalc` run computes for IPv4: an address, its mask and an
/// optional second mask (subnets when longer, a supernet when shorter),
/// and how it is marked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpcalcView {
    /// The address as typed.
    pub address: Ipv4Addr,
    /// The first mask's prefix length.
    pub mask1: u8,
    /// The second mask's prefix length (equal to `mask1` when not given).
    pub mask2: u8,
    /// Print the binary columns (`-b` turns them off).
    pub binary: bool,
    /// ANSI colours, as `ipcalc -c` prints them (off without a terminal).
    pub colour: bool,
    /// ipcalc's own (unfinished) HTML page, `-h`; its font tags win over
    /// ANSI colours.
    pub html: bool,
}

impl IpcalcView {
    /// A plain view (no colours, no HTML) with the binary columns.
    pub fn plain(address: Ipv4Addr, mask1: u8, mask2: u8) -> IpcalcView {
        IpcalcView {
            address,
            mask1,
            mask2,
            binary: true,
            colour: false,
            html: false,
        }
    }
}

/// ipcalc's colour variables in one of its three modes.
struct Palette {
    norml: &'static str,
    quads: &'static str,
    binry: &'static str,
    mask: &'static str,
    class: &'static str,
    subnt: &'static str,
}

const NO_COLOURS: Palette = Palette {
    norml: "",
    quads: "",
    binry: "",
    mask: "",
    class: "",
    subnt: "",
};

const ANSI: Palette = Palette {
    norml: "\x1b[m",
    quads: "\x1b[34m",
    binry: "\x1b[33m",
    mask: "\x1b[31m",
    class: "\x1b[35m",
    subnt: "\x1b[0m\x1b[32m",
};

const FONTS: Palette = Palette {
    norml: "<font color=\"#000000\">",
    quads: "<font color=\"#0000ff\">",
    binry: "<font color=\"#909090\">",
    mask: "<font color=\"#ff0000\">",
    class: "<font color=\"#009900\">",
    subnt: "<font color=\"#663366\">",
};

/// ipcalc's `set_color`: returns the colour to print and remembers the
/// previous one for `oldcolor`.
struct Painter {
    c: &'static Palette,
    old: &'static str,
    actual: &'static str,
}

impl Painter {
    fn new(colour: bool, html: bool) -> Painter {
        let c = if html {
            &FONTS
        } else if colour {
            &ANSI
        } else {
            &NO_COLOURS
        };
        Painter {
            c,
            old: "",
            actual: "",
        }
    }

    fn set(&mut self, colour: &'static str) -> &'static str {
        self.old = self.actual;
        self.actual = colour;
        colour
    }

    /// `set_color('oldcolor')`: back to the colour before the last change.
    fn back(&mut self) -> &'static str {
        let c = self.old;
        self.set(c)
    }
}

/// The output being built, with ipcalc's `html()` / `text()` switches.
pub(crate) struct Emitter {
    out: String,
    p: Painter,
    html: bool,
    binary: bool,
}

impl Emitter {
    fn new(v: &IpcalcView) -> Emitter {
        Emitter {
            out: String::new(),
            p: Painter::new(v.colour, v.html),
            html: v.html,
            binary: v.binary,
        }
    }
    fn print(&mut self, s: &str) {
        self.out.push_str(s);
    }
    fn html(&mut self, s: &str) {
        if self.html {
            self.out.push_str(s);
        }
    }
    fn text(&mut self, s: &str) {
        if !self.html {
            self.out.push_str(s);
        }
    }
    fn set(&mut self, pick: fn(&Palette) -> &'static str) {
        let c = pick(self.p.c);
        let s = self.p.set(c);
        self.out.push_str(s);
    }
    /// `$break`: `<br>` in HTML mode.
    fn br(&self) -> &'static str {
        if self.html {
            "<br>"
        } else {
            "\n"
        }
    }
}

/// The page ipcalc `-h` prints before anything else.
pub const IPCALC_HTML_HEADER: &str = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n<html>\n<head>\n<meta HTTP-EQUIV=\"content-type\" CONTENT=\"text/html; charset=UTF-8\">\n<title>Bla</title>\n</head>\n<body>\n<!-- Version 0.5 -->\n";

const IPCALC_HTML_FOOTER: &str = "    <p>\n      <a href=\"http://validator.w3.org/check/referer\"><img border=\"0\"\n          src=\"http://www.w3.org/Icons/valid-html401\"\n          alt=\"Valid HTML 4.01!\" height=\"31\" width=\"88\"></a>\n    </p>\n";

/// ipcalc's error block: the lines, a blank line; red with `-c`, and its
/// "normal" colour after it (a font tag with `-h`).
pub fn ipcalc_error_text(error: &str, colour: bool, html: bool) -> String {
    let start = if colour { "\x1b[31m" } else { "" };
    let mut p = Painter::new(colour, html);
    let end = p.set(p.c.norml);
    format!("{start}{error}\n{end}")
}

/// The binary of an address as ipcalc prints it: octets joined by `.`, and
/// one space after bit `space_at` (counted from 1; none for 0).
///
/// ```
/// use netbook::display::addr::ipcalc_bits;
/// assert_eq!(ipcalc_bits("192.168.0.1".parse().unwrap(), 24),
///            "11000000.10101000.00000000. 00000001");
/// ```
pub fn ipcalc_bits(value: Ipv4Addr, space_at: u8) -> String {
    let v = u32::from(value);
    let mut s = String::with_capacity(36);
    for i in 1..=32u8 {
        s.push(if v & (1 << (32 - i)) != 0 { '1' } else { '0' });
        if i % 8 == 0 && i < 32 {
            s.push('.');
        }
        if i == space_at {
            s.push(' ');
        }
    }
    s
}

/// ipcalc's `printline`: label, value, and the binary with a space after
/// bit `m1`; with colours, class bits (Network lines), mask bits and the
/// bits between `m1` and `m2` (new subnet bits) each get their colour.
/// `fillup` pads with `&nbsp;` in HTML mode (first line of a block).
fn line(e: &mut Emitter, label: &str, v: Ipv4Addr, m1: u8, m2: u8, fillup: bool) {
    let info = match label {
        "Netmask" => format!(" = {m1}"),
        "Network" => format!("/{m1}"),
        _ => String::new(),
    };
    e.html("<tr>\n");
    e.html("<td><tt>");
    e.set(|c| c.norml);
    if e.html && fillup {
        e.print(&format!("{label}:"));
        e.print(&"&nbsp;".repeat(11usize.saturating_sub(label.len())));
    } else {
        e.print(&format!("{:<11}", format!("{label}:")));
    }
    e.html("</font></tt></td>\n");
    e.html("<td><tt>");
    e.set(|c| c.quads);
    let second = format!("{v}{info}");
    if e.html && fillup {
        e.print(&second);
        e.print(&"&nbsp;".repeat(21usize.saturating_sub(second.len())));
    } else {
        e.print(&format!("{second:<21}"));
    }
    e.html("</font></tt></td>\n");
    if e.binary {
        e.html("<td><tt>");
        let p = &mut e.p;
        let c = p.c;
        let v = u32::from(v);
        let mut l = String::new();
        let mut bit_colour = p.set(c.binry);
        if label == "Netmask" {
            bit_colour = p.set(c.mask);
        }
        let mut class_on = label == "Network" || (label == "Hostroute" && m1 == 32);
        let mut new_on = false;
        l.push_str(if class_on {
            p.set(c.class)
        } else {
            p.set(bit_colour)
        });
        for i in 1..=32u8 {
            let bit = v & (1 << (32 - i)) != 0;
            l.push(if bit { '1' } else { '0' });
            if class_on && !bit {
                class_on = false;
                l.push_str(if new_on {
                    p.set(c.subnt)
                } else {
                    p.set(bit_colour)
                });
            }
            if i % 8 == 0 && i < 32 {
                l.push_str(p.set(c.norml));
                l.push('.');
                l.push_str(p.back());
            }
            if i == m1 {
                l.push(' ');
            }
            if (i == m1 || i == m2) && m1 != m2 {
                new_on = !new_on;
                if !class_on {
                    l.push_str(if new_on {
                        p.set(c.subnt)
                    } else {
                        p.set(bit_colour)
                    });
                }
            }
        }
        l.push_str(p.set(c.norml));
        e.print(&l);
        e.html("</tt></font></td>\n");
    }
    e.html("</tr>\n");
    e.html("\n");
    e.text("\n");
}

/// ipcalc's class letter: `A`..`E` by leading ones, `invalid` for five or
/// more (248.0.0.0 and up).
pub fn ipcalc_class(addr: Ipv4Addr) -> &'static str {
    match u32::from(addr).leading_ones() {
        0 => "A",
        1 => "B",
        2 => "C",
        3 => "D",
        4 => "E",
        _ => "invalid",
    }
}

/// ipcalc's netblock table (remark, RFC link), in a fixed order (Perl
/// walks a hash, so the real tool's answer for a network that holds
/// several blocks, such as 128.0.0.0/2, changes from run to run).
#[rustfmt::skip]
const NETBLOCKS: &[([u8; 4], u8, &str, &str)] = &[
    ([192, 168, 0, 0], 16, "Private Internet", "http://www.ietf.org/rfc/rfc1918.txt"),
    ([172, 16, 0, 0], 12, "Private Internet", "http://www.ietf.org/rfc/rfc1918.txt"),
    ([10, 0, 0, 0], 8, "Private Internet", "http://www.ietf.org/rfc/rfc1918.txt"),
    ([169, 254, 0, 0], 16, "APIPA", "http://www.ietf.org/rfc/rfc3330.txt"),
    ([127, 0, 0, 0], 8, "Loopback", "http://www.ietf.org/rfc/rfc1700.txt"),
    ([224, 0, 0, 0], 4, "Multicast", "http://www.ietf.org/rfc/rfc3171.txt"),
];

/// ipcalc's `netblock` for the range `start | wildcard(prefix)`; `start`
/// is taken as given (its `--split` passes unaligned networks).
fn netblock(start: u32, prefix: u8) -> Option<(String, &'static str)> {
    let my_start = start;
    let my_end = start | !u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
    for &(a, len, name, url) in NETBLOCKS {
        let start = u32::from(Ipv4Addr::from(a));
        let end = start + ((1u64 << (32 - len)) - 1) as u32;
        let mut matched = u8::from(my_start >= start && my_start <= end)
            + u8::from(my_end >= start && my_end <= end);
        if start > my_start && end < my_end {
            matched = 1;
        }
        match matched {
            1 => return Some((format!("In Part {name}"), url)),
            2 => return Some((name.to_string(), url)),
            _ => {}
        }
    }
    None
}

fn description(e: &mut Emitter, network: u32, prefix: u8) -> String {
    let class = ipcalc_class(Ipv4Addr::from(network));
    let c = e.p.c;
    let start = e.p.set(c.class);
    let close = if e.html { "</font>" } else { "" };
    let end = e.p.set(c.norml);
    let mut parts = vec![format!("{start}Class {class}{close}{end}")];
    if let Some((text, url)) = netblock(network, prefix) {
        parts.push(if e.html {
            format!("<a href=\"{url}\">{text}</a>")
        } else {
            text
        });
    }
    if prefix == 31 {
        parts.push(if e.html {
            "<a href=\"http://www.ietf.org/rfc/rfc3021.txt\">PtP Link</a>".to_string()
        } else {
            "PtP Link RFC 3021".to_string()
        });
    }
    parts.join(", ")
}

/// ipcalc's `wrap_html`: breaks the remark with `<br>` at blanks so the
/// visible text (tags skipped) stays within `width` characters.
fn wrap_html(width: usize, s: &str) -> String {
    let c: Vec<char> = s.chars().collect();
    let last = c.len().saturating_sub(1);
    let sub = |from: usize, to: usize| -> String {
        c[from.min(c.len())..to.min(c.len())].iter().collect()
    };
    let visible = |t: &str| -> usize {
        // Perl's s/<.+?>//g.
        let mut n = 0;
        let mut in_tag = false;
        let chars: Vec<char> = t.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if !in_tag && chars[i] == '<' && chars[i + 1..].contains(&'>') {
                in_tag = true;
                i += 2;
                continue;
            }
            if in_tag {
                if chars[i] == '>' {
                    in_tag = false;
                }
            } else {
                n += 1;
            }
            i += 1;
        }
        n
    };
    let (mut result, mut pos, mut start, mut last_pos) = (String::new(), 0usize, 0usize, 0usize);
    while pos < last {
        while pos < last && c[pos] != ' ' {
            if c[pos] == '<' {
                pos += 1;
                while pos < c.len() && c[pos] != '>' {
                    pos += 1;
                }
            }
            pos += 1;
        }
        let l = sub(start, pos);
        if visible(&l) <= width {
            last_pos = pos;
            pos += 1;
            continue;
        }
        if last_pos != start {
            pos = last_pos;
        }
        let l = sub(start, pos);
        pos += 1;
        start = pos;
        last_pos = start;
        if pos < last {
            result.push_str(&l);
            result.push_str("<br>");
        }
    }
    result.push_str(&sub(start, pos));
    result
}

/// ipcalc's `printnet`: Network/HostMin/HostMax/Broadcast (or Hostroute)
/// and the Hosts/Net line, then a blank line. `other` is the mask the
/// new bits are counted from (colours only).
fn printnet(e: &mut Emitter, network: u32, prefix: u8, other: u8) {
    // ipcalc's own arithmetic, on the network as given (never re-aligned).
    let n = network;
    let wild = !u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
    let broadcast = n | wild;
    let (hmin, hmax, hostn) = match prefix {
        31 => (n, broadcast, 2i64),
        32 => (n, broadcast, 1),
        _ => {
            let (lo, hi) = (n.wrapping_add(1), broadcast.wrapping_sub(1));
            (lo, hi, i64::from(hi) - i64::from(lo) + 1)
        }
    };
    let a = Ipv4Addr::from;
    if prefix == 32 {
        line(e, "Hostroute", a(n), prefix, other, true);
    } else {
        line(e, "Network", a(n), prefix, other, true);
        line(e, "HostMin", a(hmin), prefix, other, false);
        line(e, "HostMax", a(hmax), prefix, other, false);
        if prefix < 31 {
            let b = a(broadcast);
            line(e, "Broadcast", b, prefix, other, false);
        }
    }
    e.html("<tr>\n");
    e.html("<td valign=\"top\"><tt>");
    e.set(|c| c.norml);
    e.print("Hosts/Net: ");
    e.html("</font></tt></td>\n");
    e.html("<td valign=\"top\"><tt>");
    e.set(|c| c.quads);
    e.print(&format!("{hostn:<22}"));
    e.html("</font></tt></td>\n");
    e.html("<td>");
    let d = description(e, n, prefix);
    if e.html {
        e.print(&wrap_html(30, &d));
    } else {
        e.print(&d);
    }
    e.html("</font></td>\n");
    e.html("</tr>\n");
    e.html("\n");
    e.text("\n");
    e.text("\n");
}

fn mask_lines(e: &mut Emitter, prefix: u8, other: u8, fillup: bool) {
    let mask = addr::prefix_to_mask(prefix);
    let wild = Ipv4Addr::from(!u32::from(mask));
    line(e, "Netmask", mask, prefix, other, fillup);
    line(e, "Wildcard", wild, prefix, other, false);
}

/// How many subnets ipcalc lists before it stops.
pub const IPCALC_SUBNET_LIMIT: u64 = 1000;

const TABLE: &str = "<table border=\"0\" cellspacing=\"0\" cellpadding=\"0\">";

/// The output of `ipcalc ADDRESS/MASK1 [MASK2]` (or with `-s SIZES`)
/// after any lines printed while parsing, byte for byte; the `-h` header
/// is [`IPCALC_HTML_HEADER`], printed by the caller first.
///
/// ```
/// use netbook::display::addr::{ipcalc_text, IpcalcView};
/// let mut v = IpcalcView::plain("192.168.0.1".parse().unwrap(), 24, 24);
/// v.binary = false;
/// let t = ipcalc_text(&v, None);
/// assert!(t.starts_with("Address:   192.168.0.1          \n"));
/// assert!(t.contains("Hosts/Net: 254                   Class C, Private Internet\n"));
/// ```
pub fn ipcalc_text(v: &IpcalcView, split: Option<&[u64]>) -> String {
    let e = &mut Emitter::new(v);
    let (m1, m2) = (v.mask1, v.mask2);
    let network = u32::from(Ipv4Net::new_assert(v.address, m1).network());
    e.html(TABLE);
    e.html("\n");
    line(e, "Address", v.address, m1, m1, true);
    mask_lines(e, m1, m1, false);
    e.html("<tr>\n");
    e.html("<td colspan=\"3\"><tt>");
    e.print("=>");
    e.html("</tt></td>\n");
    e.html("</tr>\n");
    e.print("\n");
    printnet(e, network, m1, m1);
    e.html("</table>\n");
    if let Some(sizes) = split {
        split_network(e, v, sizes);
        return std::mem::take(&mut e.out);
    }
    if m1 < m2 {
        e.print(&format!("Subnets after transition from /{m1} to /{m2}\n\n"));
        e.html(TABLE);
        e.html("\n");
        mask_lines(e, m2, m1, true);
        e.html("</table>\n");
        e.print("\n");
        let split = Split::new(Ipv4Net::new_assert(Ipv4Addr::from(network), m1), m2)
            .expect("mask2 is longer than mask1");
        for (i, net) in split.iter().enumerate() {
            e.print(&format!(" {}.\n", i + 1));
            e.html(TABLE);
            e.html("\n");
            printnet(e, u32::from(net.network()), m2, m1);
            e.html("</table>\n");
            if i as u64 >= IPCALC_SUBNET_LIMIT {
                let br = e.br();
                e.print(&format!("... stopped at 1000 subnets ...{br}"));
                break;
            }
        }
        let count = split.count() as i128;
        // ipcalc: (network | wildcard2) - network - 1, i.e. -1 for /32.
        let hostn = (1i128 << (32 - m2)) - 2;
        let (q, n, br) = (e.p.c.quads, e.p.c.norml, e.br());
        if hostn > -1 {
            e.print(&format!("\nSubnets:   {q}{count}"));
            e.html("</font>");
            e.print(&format!("{n}{br}"));
            e.html("</font>");
        }
        e.print(&format!("Hosts:     {q}{}", hostn.max(1) * count));
        e.html("</font>");
        e.print(&format!("{n}{br}"));
        e.html("</font>");
    } else if m1 > m2 {
        e.print("Supernet\n\n");
        mask_lines(e, m2, m1, true);
        e.print("\n");
        printnet(
            e,
            network & u32::MAX.checked_shl(32 - u32::from(m2)).unwrap_or(0),
            m2,
            m1,
        );
        e.html("</table>\n");
    }
    e.html(IPCALC_HTML_FOOTER);
    std::mem::take(&mut e.out)
}

/// `ipcalc --class ADDRESS`: the class's bit count, without a newline.
pub fn ipcalc_class_text(address: Ipv4Addr) -> String {
    match ipcalc_class(address) {
        "A" => "8",
        "B" => "16",
        "C" => "24",
        "D" => "4",
        "E" => "5",
        other => other,
    }
    .to_string()
}

/// The body of `ipcalc -r FIRST LAST` / `ipcalc FIRST - LAST`.
pub fn ipcalc_deaggregate_text(first: Ipv4Addr, last: Ipv4Addr) -> String {
    let mut out = format!("deaggregate {first} - {last}\n");
    if first <= last {
        for n in addr::deaggregate(first, last) {
            let _ = writeln!(out, "{n}");
        }
    }
    out
}

/// ipcalc's `split_network` (`-s n1 n2 ...`), after the main block.
fn split_network(e: &mut Emitter, v: &IpcalcView, sizes: &[u64]) {
    let parent = Ipv4Net::new_assert(v.address, v.mask1);
    let mut next = u128::from(u32::from(parent.network()));
    let broadcast = u32::from(parent.broadcast());
    let mut needed: u128 = 0;
    let mut order: Vec<(usize, usize)> = sizes
        .iter()
        .enumerate()
        .map(|(i, &s)| (i, pow2_exponent(u128::from(s) + 2)))
        .collect();
    for &(_, k) in &order {
        needed += 1u128 << k;
    }
    // Perl's sort is a stable merge sort: equal sizes keep their order.
    order.sort_by_key(|a| std::cmp::Reverse(a.1));
    let mut placed = vec![(0u32, 0usize); sizes.len()];
    for &(i, k) in &order {
        // Addresses past 255.255.255.255 wrap, as Perl's pack("N") does.
        placed[i] = (next as u32, k);
        next += 1u128 << k;
    }
    for (i, &size) in sizes.iter().enumerate() {
        let (net, k) = placed[i];
        let bits = SPLIT_MASK_BITS[k];
        e.print(&format!("{}. Requested size: {} hosts\n", i + 1, size));
        let mask = addr::prefix_to_mask(bits);
        line(e, "Netmask", mask, bits, v.mask2, false);
        printnet(e, net, bits, v.mask2);
    }
    let k = pow2_exponent(needed);
    if decimal_below(SPLIT_USED_MASK[k], i64::from(v.mask1)) {
        e.print("Network is too small\n");
    }
    e.print(&format!("Needed size:  {needed} addresses.\n"));
    e.print(&format!(
        "Used network: {}/{}\n",
        parent.network(),
        SPLIT_USED_MASK[k]
    ));
    e.print("Unused:\n");
    if next <= u128::from(broadcast) {
        for n in addr::deaggregate(Ipv4Addr::from(next as u32), parent.broadcast()) {
            e.print(&format!("{n}\n"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_space_follows_the_dot_on_octet_boundaries() {
        let a: Ipv4Addr = "10.1.2.3".parse().unwrap();
        assert_eq!(ipcalc_bits(a, 32), "00001010.00000001.00000010.00000011 ");
        assert_eq!(ipcalc_bits(a, 0), "00001010.00000001.00000010.00000011");
        assert_eq!(ipcalc_bits(a, 31), "00001010.00000001.00000010.0000001 1");
    }

    #[test]
    fn netblock_rules() {
        let n = |s: &str| {
            let net: Ipv4Net = s.parse().unwrap();
            netblock(u32::from(net.network()), net.prefix_len()).map(|(text, _)| text)
        };
        assert_eq!(n("10.1.0.0/16").as_deref(), Some("Private Internet"));
        assert_eq!(
            n("172.0.0.0/8").as_deref(),
            Some("In Part Private Internet")
        );
        assert_eq!(n("8.0.0.0/8"), None);
        assert_eq!(ipcalc_class("250.0.0.0".parse().unwrap()), "invalid");
    }
}
