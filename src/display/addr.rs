//! Addressing views: Debian `ipcalc` 0.42 text, the binary breakdown in
//! HTML, and an SVG bar of a network cut into subnets.
//!
//! The text follows `/usr/bin/ipcalc` of Debian's `ipcalc` 0.42 (it calls
//! itself 0.5) as it prints without a terminal (no colours unless `-c`):
//! its column widths (`%-11s`, `%-21s`, `%-22s`), the space it puts in the
//! binary after the prefix, its `Hosts/Net` rules (/31 has 2, /32 is a
//! `Hostroute`), its netblock remarks, the stop after 1000 subnets, its
//! `set_color` state for `-c` (ANSI) and `-h` (its own HTML page with font
//! tags), and even the floating-point masks of `--split` (it computes
//! `32 - log(size)/log(2)` with Perl's bignum, see [`SPLIT_MASK_BITS`]).
//! Our own rich views (binary breakdown, tables, SVG) are separate and
//! never change that text.

use super::html::{escape, table};
use super::MimeBundle;
use crate::sim::addr::{self, Class, Split, V4Facts, V6Facts, VlsmPlan};
use ipnet::{IpNet, Ipv4Net};
use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

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
struct Emitter {
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
const NETBLOCKS: &[([u8; 4], u8, &str, &str)] = &[
    (
        [192, 168, 0, 0],
        16,
        "Private Internet",
        "http://www.ietf.org/rfc/rfc1918.txt",
    ),
    (
        [172, 16, 0, 0],
        12,
        "Private Internet",
        "http://www.ietf.org/rfc/rfc1918.txt",
    ),
    (
        [10, 0, 0, 0],
        8,
        "Private Internet",
        "http://www.ietf.org/rfc/rfc1918.txt",
    ),
    (
        [169, 254, 0, 0],
        16,
        "APIPA",
        "http://www.ietf.org/rfc/rfc3330.txt",
    ),
    (
        [127, 0, 0, 0],
        8,
        "Loopback",
        "http://www.ietf.org/rfc/rfc1700.txt",
    ),
    (
        [224, 0, 0, 0],
        4,
        "Multicast",
        "http://www.ietf.org/rfc/rfc3171.txt",
    ),
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

/// The prefix length ipcalc 0.42's `--split` prints for a block of 2^k
/// addresses, indexed by k. It computes `32 - log(size)/log(2)` with Perl
/// floats mixed into bignum, and counts mask bits with `i < mask`, so a
/// result a hair above an integer gains a bit (64 addresses print as /27).
/// Captured from the real tool; the network placement itself is exact.
pub const SPLIT_MASK_BITS: [u8; 41] = [
    32, 32, 31, 29, 29, 27, 27, 25, 25, 23, 23, 21, 21, 19, 19, 17, 17, 15, 15, 13, 13, 11, 10, 10,
    8, 8, 6, 6, 4, 4, 2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0,
];

/// How ipcalc 0.42 prints `Used network: A/<mask>` for 2^k needed
/// addresses, indexed by k (Perl bignum's 40-digit logarithms).
pub const SPLIT_USED_MASK: [&str; 41] = [
    "32",
    "31",
    "30",
    "28.999999999999999999999999999999999999999",
    "28",
    "26.999999999999999999999999999999999999999",
    "26",
    "24.999999999999999999999999999999999999999",
    "24",
    "22.999999999999999999999999999999999999999",
    "22",
    "21",
    "20",
    "19",
    "18",
    "17",
    "16",
    "15.00000000000000000000000000000000000001",
    "14",
    "13.00000000000000000000000000000000000001",
    "12",
    "10.99999999999999999999999999999999999999",
    "10",
    "8.99999999999999999999999999999999999999",
    "8",
    "7",
    "6",
    "5",
    "4.00000000000000000000000000000000000001",
    "3",
    "1.99999999999999999999999999999999999999",
    "1",
    "-0.00000000000000000000000000000000000001",
    "-1",
    "-2",
    "-3",
    "-4",
    "-4.99999999999999999999999999999999999999",
    "-6",
    "-6.99999999999999999999999999999999999999",
    "-8",
];

/// k with 2^k >= n (ipcalc's `round2powerof2`), capped to the tables.
fn pow2_exponent(n: u128) -> usize {
    let mut k = 0usize;
    while n > (1u128 << k) && k < 40 {
        k += 1;
    }
    k
}

/// `value < m` for a decimal string like `28.99..9` or `-0.00..01`.
fn decimal_below(value: &str, m: i64) -> bool {
    let (int_part, frac) = value.split_once('.').unwrap_or((value, ""));
    let int: i64 = int_part.parse().unwrap_or(0);
    let negative = int_part.starts_with('-');
    if frac.bytes().all(|b| b == b'0') {
        return int < m;
    }
    // Non-integer: compare its floor.
    let floor = if negative { int - 1 } else { int };
    floor < m
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

/// ipcalc's own IPv6 text form: the longest run of zero groups (even a
/// single one) becomes `::`.
pub fn ipcalc_ipv6_string(a: Ipv6Addr) -> String {
    let slices: Vec<String> = a.segments().iter().map(|s| format!("{s:x}")).collect();
    let (mut start, mut max_len) = (0usize, 0usize);
    for i in 0..8 {
        let mut len = 0;
        while i + len < 8 && slices[i + len] == "0" {
            len += 1;
        }
        if len > max_len {
            start = i;
            max_len = len;
        }
    }
    if max_len == 0 {
        return slices.join(":");
    }
    let mut out = String::new();
    if start == 0 {
        out.push_str("::");
    }
    for (i, s) in slices.iter().enumerate() {
        if !(i >= start && i < start + max_len) {
            out.push_str(s);
            if i < 7 {
                out.push(':');
            }
            if i + 1 == start {
                out.push(':');
            }
        }
    }
    out
}

fn ipv6_bits(v: u128) -> String {
    let mut s = String::with_capacity(135);
    for i in (0..128).rev() {
        s.push(if v & (1u128 << i) != 0 { '1' } else { '0' });
        if i % 16 == 0 && i != 0 {
            s.push(':');
        }
    }
    s
}

/// The text of `ipcalc IPV6[/LEN]` (ipcalc 0.42 prints only these three
/// lines for IPv6).
pub fn ipcalc_v6_text(address: u128, prefix: u8) -> String {
    let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
    let net = address & mask;
    let mut out = String::new();
    let a = ipcalc_ipv6_string(Ipv6Addr::from(address));
    let _ = writeln!(out, "{:<9}{:<40}{}", "Address:", a, ipv6_bits(address));
    let _ = writeln!(out, "{:<9}{:<40}{}", "Netmask:", prefix, ipv6_bits(mask));
    let p = format!("{}/{}", ipcalc_ipv6_string(Ipv6Addr::from(net)), prefix);
    let _ = writeln!(out, "{:<9}{:<40}{}", "Prefix:", p, ipv6_bits(net));
    out.push('\n');
    out
}

// ---------------------------------------------------------------- rich views

const CSS: &str = "<style>.nb-addr td,.nb-addr th{padding:1px 6px;text-align:left}\
.nb-bits{font-family:monospace}.nb-net{color:#1f5fbf;font-weight:bold}\
.nb-sub{color:#2e8b2e;font-weight:bold}.nb-host{color:#b35c00}\
.nb-badge{display:inline-block;border-radius:8px;padding:0 8px;margin-right:4px;\
background:#eef;border:1px solid #99c;font-size:90%}</style>";

/// The binary of a value with network, subnet and host bits in spans.
fn coloured_bits(value: Ipv4Addr, net_bits: u8, subnet_bits: u8) -> String {
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

fn badges(addr: Ipv4Addr) -> String {
    let class = Class::of(addr);
    let mut s = format!(
        "<span class=\"nb-badge\">class {} (leading bits {})</span>",
        class.letter(),
        class.leading_bits()
    );
    let scope = addr::special_range(addr);
    let label = match scope {
        Some(r) => format!("{} ({})", r.scope.label(), r.rfc),
        None => "public".to_string(),
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
        "address",
        v.address.to_string(),
        coloured_bits(v.address, v.mask1, sub),
    );
    row(
        &mut s,
        "AND netmask",
        format!("{mask} (/{})", v.mask1),
        coloured_bits(mask, v.mask1, v.mask1),
    );
    row(
        &mut s,
        "= network",
        format!("{}/{}", f.network, v.mask1),
        coloured_bits(f.network, v.mask1, sub),
    );
    row(
        &mut s,
        "broadcast",
        f.broadcast.to_string(),
        coloured_bits(f.broadcast, v.mask1, sub),
    );
    s.push_str("</table>");
    let _ = write!(
        s,
        "<p><span class=\"nb-net\">network bits</span> {} · <span class=\"nb-sub\">subnet bits</span> {} · <span class=\"nb-host\">host bits</span> {} · usable hosts {} ({} – {})",
        v.mask1,
        sub - v.mask1,
        32 - sub,
        f.host_count,
        f.first_host,
        f.last_host
    );
    if let Some(gw) = f.gateway_convention() {
        let _ = write!(
            s,
            " · gateway by convention {gw} (the first usable host; any on-link address may be the gateway)"
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

const SUBNET_HEADER: [&str; 5] = [
    "Network",
    "First host (gateway)",
    "Last host",
    "Broadcast",
    "Size",
];

fn split_table_html(split: &Split, limit: usize) -> String {
    let rows: Vec<Vec<String>> = split
        .iter()
        .take(limit)
        .map(|n| subnet_row(n).to_vec())
        .collect();
    let mut s = table(&SUBNET_HEADER, &rows);
    if split.count() > limit as u64 {
        let _ = write!(s, "<p>first {limit} of {} subnets shown</p>", split.count());
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
            format!("{p} (unused)")
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
    let what = format!(
        "{count} × /{} ({}, {} usable hosts each)",
        split.new_prefix(),
        split.netmask(),
        split.hosts_per_subnet()
    );
    if count <= 64 {
        let parts: Vec<Ipv4Net> = split.iter().collect();
        return subnet_bar_svg(parent, &parts, &[], &what);
    }
    let bands: Vec<Ipv4Net> = Split::new(parent, parent.prefix_len() + 6)
        .map(|b| b.iter().collect())
        .unwrap_or_default();
    let caption = format!("{what}; each of the 64 bands holds {}", count / 64);
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

// ---------------------------------------------------------------- subnet command

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
        "<p>{} → {} × /{} ({}), {} usable hosts each; borrowed bits: {}</p>{}",
        escape(&parent.to_string()),
        split.count(),
        split.new_prefix(),
        split.netmask(),
        split.hosts_per_subnet(),
        split.borrowed_bits(),
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
    let caption = format!(
        "{} subnets (largest first), {} unused block{}",
        parts.len(),
        plan.unused.len(),
        if plan.unused.len() == 1 { "" } else { "s" }
    );
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
    fn bits_space_follows_the_dot_on_octet_boundaries() {
        let a: Ipv4Addr = "10.1.2.3".parse().unwrap();
        assert_eq!(ipcalc_bits(a, 32), "00001010.00000001.00000010.00000011 ");
        assert_eq!(ipcalc_bits(a, 0), "00001010.00000001.00000010.00000011");
        assert_eq!(ipcalc_bits(a, 31), "00001010.00000001.00000010.0000001 1");
    }

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

    #[test]
    fn ipv6_compression_like_ipcalc() {
        let s = |a: &str| ipcalc_ipv6_string(a.parse().unwrap());
        assert_eq!(s("2001:db8::1"), "2001:db8::1");
        assert_eq!(s("::"), "::");
        assert_eq!(s("::1"), "::1");
        assert_eq!(s("1::"), "1::");
        assert_eq!(s("1:0:2:3:4:5:6:7"), "1::2:3:4:5:6:7");
    }

    #[test]
    fn huge_split_text_is_bounded() {
        let s = addr::split_into_count("10.0.0.0/8".parse().unwrap(), 4_000_000).unwrap();
        let t = split_text(&s);
        assert_eq!(t.lines().count(), 1 + 1000 + 2);
        assert!(t.contains("... 4193304 more subnets not shown"));
    }
}
