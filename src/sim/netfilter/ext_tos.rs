//! `-j TOS` (xt_DSCP.c's tos_tg, libxt_TOS): rewrites the IPv4 type of
//! service, `tos = (tos & !mask) ^ value`, in the mangle table.

use core::fmt::Write;

/// The names libxt_TOS knows (they set the low six bits: mask 0x3f).
const NAMES: &[(&str, u8)] = &[
    ("Minimize-Cost", 0x02),
    ("Maximize-Reliability", 0x04),
    ("Maximize-Throughput", 0x08),
    ("Minimize-Delay", 0x10),
    ("Normal-Service", 0x00),
];

/// A byte as strtoul reads it with base 0 (`0x10`, `020`, `16`).
pub fn parse_u8(s: &str) -> Option<u8> {
    let n = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        u32::from_str_radix(h, 16).ok()?
    } else if s.len() > 1 && s.starts_with('0') {
        u32::from_str_radix(&s[1..], 8).ok()?
    } else {
        s.parse().ok()?
    };
    u8::try_from(n).ok()
}

/// Parses `--set-tos`: `VALUE[/MASK]` (mask 0xff) or a name (mask
/// 0x3f); the error text on failure.
pub fn parse_set_tos(v: &str) -> Result<(u8, u8), String> {
    let num = parse_u8;
    let parsed = match v.split_once('/') {
        Some((a, m)) => num(a).zip(num(m)),
        None => num(v).map(|n| (n, 0xff)),
    };
    if let Some(p) = parsed {
        return Ok(p);
    }
    NAMES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(v))
        .map(|(_, t)| (*t, 0x3f))
        .ok_or_else(|| format!("Symbolic name \"{v}\" is unknown"))
}

/// `-S`: ` --set-tos 0x10/0xff`.
pub fn save(value: u8, mask: u8) -> String {
    format!(" --set-tos 0x{value:02x}/0x{mask:02x}")
}

/// `-L`'s words (libxt_TOS's `tos_tg_print_v1`).
pub fn list(value: u8, mask: u8, numeric: bool, s: &mut String) {
    let named = NAMES.iter().find(|(_, t)| *t == value);
    let _ = match (numeric, named) {
        (true, _) => write!(s, " TOS set 0x{value:02x}/0x{mask:02x}"),
        (false, Some((n, _))) if mask == 0x3f => write!(s, "  TOS set{n}"),
        _ if value == 0 => write!(s, " TOS and 0x{:02x}", !mask),
        _ if value == mask => write!(s, " TOS or 0x{value:02x}"),
        _ if mask == 0 => write!(s, " TOS xor 0x{value:02x}"),
        _ => write!(s, " TOS set 0x{value:02x}/0x{mask:02x}"),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tos_values_and_words() {
        assert_eq!(parse_set_tos("0x10"), Ok((0x10, 0xff)));
        assert_eq!(parse_set_tos("16"), Ok((0x10, 0xff)));
        assert_eq!(parse_set_tos("Minimize-Delay"), Ok((0x10, 0x3f)));
        assert_eq!(
            parse_set_tos("300"),
            Err("Symbolic name \"300\" is unknown".into())
        );
        let mut s = String::new();
        list(0, 0xf0, false, &mut s);
        list(0, 0x3f, false, &mut s);
        assert_eq!(s, " TOS and 0x0f  TOS setNormal-Service");
    }
}
