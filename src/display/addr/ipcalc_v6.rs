//! `ipcalc` on an IPv6 address: the three lines ipcalc 0.42 prints.

use core::net::Ipv6Addr;
use std::fmt::Write as _;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_compression_like_ipcalc() {
        let s = |a: &str| ipcalc_ipv6_string(a.parse().unwrap());
        assert_eq!(s("2001:db8::1"), "2001:db8::1");
        assert_eq!(s("::"), "::");
        assert_eq!(s("::1"), "::1");
        assert_eq!(s("1::"), "1::");
        assert_eq!(s("1:0:2:3:4:5:6:7"), "1::2:3:4:5:6:7");
    }
}
