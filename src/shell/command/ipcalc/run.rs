//! `ipcalc ADDRESS[/MASK] [NETMASK|ADDRESS2]`: the network, its hosts, and
//! subnets or supernets.

use super::args::*;
use super::*;
use crate::display::addr::{self as view, IpcalcView};
use core::net::Ipv4Addr;

/// What ipcalc printed, then its block of `INVALID` lines, as a mistake.
fn error_block(
    mut out: String,
    error: &str,
    o: &IpcalcOpts,
    stderr: String,
    hint: &str,
) -> CmdOutput {
    out.push_str(&view::ipcalc_error_text(error, o.colour, o.html));
    ipcalc_mistake(out, stderr, hint)
}

pub(crate) fn ipcalc(_ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    if args.is_empty() {
        return CmdOutput::text(USAGE);
    }
    let o = match ipcalc_getopts(args) {
        Ok(o) => o,
        Err(e) => {
            return ipcalc_mistake(
                e,
                String::new(),
                "ipcalc's options: -n -b --class -r -s N... -v --help",
            )
        }
    };
    if o.help {
        return CmdOutput::text(format!("{HELP}{USAGE}"));
    }
    if o.version {
        return CmdOutput::text("0.5\n");
    }
    let mut stderr = String::new();
    // With -h the page header comes first, before anything parsing prints.
    let mut at = Argton {
        ipv6: false,
        printed: if o.html {
            view::IPCALC_HTML_HEADER.to_string()
        } else {
            String::new()
        },
    };
    let mut error = String::new();
    let address = address_arg(
        &mut at,
        &o.arguments,
        0,
        (138, "ADDRESS"),
        &mut stderr,
        &mut error,
    );
    let default_v4 = |n: Num| match n {
        Num::V4(v) => v,
        Num::V6(_) => u32::from(Ipv4Addr::new(192, 168, 1, 1)),
    };
    if o.only_class {
        let mut out = std::mem::take(&mut at.printed);
        out.push_str(&view::ipcalc_class_text(Ipv4Addr::from(default_v4(
            address,
        ))));
        return CmdOutput {
            stdout: out,
            stderr,
            ..Default::default()
        };
    }
    if o.deaggregate {
        let address2 = address_arg(
            &mut at,
            &o.arguments,
            1,
            (154, "ADDRESS2"),
            &mut stderr,
            &mut error,
        );
        let mut out = std::mem::take(&mut at.printed);
        if !error.is_empty() {
            out.push_str(&error);
            out.push('\n');
        }
        let (a, b) = (default_v4(address), default_v4(address2));
        out.push_str(&view::ipcalc_deaggregate_text(
            Ipv4Addr::from(a),
            Ipv4Addr::from(b),
        ));
        return if error.is_empty() {
            CmdOutput {
                stdout: out,
                stderr,
                ..Default::default()
            }
        } else {
            ipcalc_mistake(
                out,
                stderr,
                "a range is `ipcalc FIRST - LAST` with two IPv4 addresses",
            )
        };
    }
    if at.ipv6 {
        let mask1 = match o.arguments.get(1) {
            Some(m) => match m.parse::<u8>() {
                Ok(p) if m.len() <= 3 && is_digits(m) && p <= 128 => p,
                _ => {
                    let mut out = std::mem::take(&mut at.printed);
                    out.push_str("INVALID MASK1\n\n");
                    return ipcalc_mistake(out, stderr, "an IPv6 prefix length is 0 to 128");
                }
            },
            None => 64,
        };
        let mut out = std::mem::take(&mut at.printed);
        if !error.is_empty() {
            let hint = "write an IPv4 address as a.b.c.d or an IPv6 one with colons";
            return error_block(out, &error, &o, stderr, hint);
        }
        let Num::V6(a) = address else {
            unreachable!("ipv6 mode implies an IPv6 address")
        };
        out.push_str(&view::ipcalc_v6_text(a, mask1));
        return CmdOutput {
            stdout: out,
            stderr,
            ..Default::default()
        };
    }
    let mut mask = |idx: usize, label: &str, default: u32, error: &mut String| -> u32 {
        match o.arguments.get(idx) {
            None => default,
            Some(m) => match at.parse(m, true) {
                Some(Num::V4(v)) => v,
                _ => {
                    error.push_str(&format!("INVALID {label}:   {m}\n"));
                    u32::MAX << 8
                }
            },
        }
    };
    let mask1 = mask(1, "MASK1", u32::MAX << 8, &mut error);
    let mask2 = mask(2, "MASK2", mask1, &mut error);
    let mut out = std::mem::take(&mut at.printed);
    if !error.is_empty() {
        let hint = "give ADDRESS/NN, ADDRESS/255.255.255.0 or ADDRESS NETMASK [NEW_NETMASK]; octets are 0-255, prefixes 0-32";
        return error_block(out, &error, &o, stderr, hint);
    }
    let v = IpcalcView {
        address: Ipv4Addr::from(default_v4(address)),
        mask1: mask1.leading_ones() as u8,
        mask2: mask2.leading_ones() as u8,
        binary: o.binary,
        colour: o.colour,
        html: o.html,
    };
    let split = o.split.then_some(o.split_sizes.as_slice());
    out.push_str(&view::ipcalc_text(&v, split));
    let mut res = CmdOutput::rich(view::ipcalc_bundle(&v, out));
    res.stderr = stderr;
    res
}
