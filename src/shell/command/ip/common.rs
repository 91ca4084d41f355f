//! What every `ip` object shares: the context a run function applies an op
//! in, iproute2's messages, the word cursor (`NEXT_ARG`), address parsing.

// The error of a parse step is the tool output itself; it is built once per
// command, so its size does not matter.
#![allow(clippy::result_large_err)]

use super::options::{Family, IpOpts};
use crate::display::net::ShowOpts;
use crate::sim::link::LinkError;
use crate::sim::{LinkId, NsId, World};
use core::net::Ipv4Addr;

pub(crate) use super::options::matches;
pub(crate) use crate::shell::command::{CmdOutput, Ctx};

/// A run function's result: the output, or the failure's output.
pub(crate) type R = Result<CmdOutput, CmdOutput>;

/// A failure the way Linux fails (the cell goes on).
pub(crate) fn fail(status: i32, msg: impl std::fmt::Display) -> CmdOutput {
    CmdOutput::error(status, format!("{msg}\n"))
}

/// A usage error (the cell fails).
pub(crate) fn usage(status: i32, msg: impl std::fmt::Display) -> CmdOutput {
    CmdOutput::usage(status, format!("{msg}\n"))
}

/// iproute2's `duparg2`.
pub(crate) fn garbage(key: &str, arg: &str) -> CmdOutput {
    usage(
        255,
        format!("Error: either \"{key}\" is duplicate, or \"{arg}\" is a garbage."),
    )
}

/// iproute2's `invarg`: `Error: argument "ARG" is wrong: MSG`.
pub(crate) fn invarg(msg: &str, arg: &str) -> CmdOutput {
    usage(255, format!("Error: argument \"{arg}\" is wrong: {msg}"))
}

/// iproute2's `incomplete_command`, what `NEXT_ARG()` says at the end.
pub(crate) fn incomplete() -> CmdOutput {
    usage(255, "Command line is not complete. Try option \"help\"")
}

/// A command of iproute2's that netbook does not simulate.
pub(crate) fn not_simulated(what: &str) -> CmdOutput {
    usage(255, format!("netbook: `{what}` is not simulated"))
}

/// A help text: iproute2 prints it on stderr and exits 255.
pub(crate) fn help(text: &str) -> CmdOutput {
    CmdOutput::usage(255, text)
}

pub(crate) fn link_err(e: LinkError) -> CmdOutput {
    let status = match e {
        LinkError::NotFound(_) | LinkError::NoSuchDevice(_) => 1,
        LinkError::NoMaster(_) | LinkError::BadNetns(_) => 255,
        _ => 2,
    };
    CmdOutput::error(
        status,
        format!("{}\n", e.to_string().trim_end_matches('\n')).replace("\n\n", "\n"),
    )
}

/// The words after a command, read as iproute2's parsers read argv.
pub(crate) struct Words<'a> {
    args: &'a [String],
    i: usize,
}

impl<'a> Words<'a> {
    pub(crate) fn new(args: &'a [String]) -> Self {
        Words { args, i: 0 }
    }

    /// The next word, if any.
    #[allow(clippy::should_implement_trait)]
    pub(crate) fn next(&mut self) -> Option<&'a str> {
        let w = self.args.get(self.i)?;
        self.i += 1;
        Some(w)
    }

    /// `NEXT_ARG()`: the keyword's value, or iproute2's complaint.
    pub(crate) fn value(&mut self) -> Result<&'a str, CmdOutput> {
        self.next().ok_or_else(incomplete)
    }

    /// Whatever is left, untouched.
    pub(crate) fn rest(&self) -> &'a [String] {
        &self.args[self.i.min(self.args.len())..]
    }
}

/// `ip`'s state while it applies one op: the world, the namespace it runs
/// in, its options.
pub(crate) struct Ip<'c, 'w> {
    pub ctx: &'c mut Ctx<'w>,
    pub ns: NsId,
    pub opts: IpOpts,
}

impl Ip<'_, '_> {
    pub(crate) fn w(&mut self) -> &mut World {
        self.ctx.world
    }

    /// A device of this namespace by name (`Cannot find device "X"`).
    pub(crate) fn dev(&self, name: &str) -> Result<LinkId, CmdOutput> {
        self.ctx.world.link_by_name(self.ns, name).map_err(link_err)
    }

    /// What the display functions take from the options.
    pub(crate) fn show(&self) -> ShowOpts {
        let o = &self.opts;
        ShowOpts {
            brief: o.brief > 0,
            oneline: o.oneline > 0,
            family: match o.family {
                Family::Inet => 4,
                Family::Inet6 => 6,
                _ => 0,
            },
            stats: o.stats,
            // color.c: `-c` alone or `=always` colours unless `-j`; `auto`
            // only on a terminal, which a cell's output is not.
            color: o.color == super::options::ColorWhen::Always && o.json == 0,
            details: o.details > 0,
            select: Default::default(),
            inet6_dump: false,
        }
    }

    /// `-j`: the JSON form is wanted (`Some(pretty)`). `what` names the
    /// listing, for a listing whose `-d` JSON netbook does not draw.
    pub(crate) fn json(&self, what: &str) -> Result<Option<bool>, CmdOutput> {
        let o = &self.opts;
        if o.json == 0 {
            return Ok(None);
        }
        let with_details = what.starts_with("link") || what.starts_with("address");
        if o.details > 0 && !with_details {
            return Err(no_json(&format!("-d {what}")));
        }
        Ok(Some(o.pretty > 0))
    }
}

/// `ip -j WHAT` in a form netbook does not draw.
pub(crate) fn no_json(what: &str) -> CmdOutput {
    usage(
        255,
        format!(
            "netbook: `ip -j {what}` is not simulated (no JSON output; drop -j for the text form)"
        ),
    )
}

/// `A.B.C.D[/N]` as `ip` reads an inet prefix.
pub(crate) fn parse_prefix(s: &str) -> Option<(Ipv4Addr, u8)> {
    let (a, p) = match s.split_once('/') {
        Some((a, p)) => (a, p.parse::<u8>().ok().filter(|p| *p <= 32)?),
        None => (s, 32),
    };
    Some((parse_addr(a)?, p))
}

/// An IPv4 address as inet_aton-ish `get_addr` accepts (dotted quad, short forms).
pub(crate) fn parse_addr(a: &str) -> Option<Ipv4Addr> {
    if let Ok(ip) = a.parse() {
        return Some(ip);
    }
    let parts: Vec<&str> = a.split('.').collect();
    if parts.len() > 4 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let mut o = [0u8; 4];
    for (i, p) in parts.iter().enumerate() {
        o[i] = p.parse().ok()?;
    }
    Some(Ipv4Addr::from(o))
}

pub(crate) fn bad_prefix(s: &str) -> CmdOutput {
    // IPv6 beyond link-local is not simulated: say so rather than call a
    // valid IPv6 prefix invalid.
    let addr = s.split_once('/').map_or(s, |(a, _)| a);
    if addr.parse::<core::net::Ipv6Addr>().is_ok() {
        return not_simulated(&format!("IPv6 prefix {s}"));
    }
    usage(
        1,
        format!("Error: any valid prefix is expected rather than \"{s}\"."),
    )
}

/// get_prefix for an ip run with family `fam` (`-4`, `-6` or neither):
/// an IPv4 prefix, or iproute2's complaint; a valid IPv6 prefix is
/// not simulated.
pub(crate) fn prefix_of(s: &str, fam: Family) -> Result<(Ipv4Addr, u8), CmdOutput> {
    let addr = s.split_once('/').map_or(s, |(a, _)| a);
    let v6 = addr.parse::<core::net::Ipv6Addr>().is_ok();
    match fam {
        Family::Inet6 if !v6 => Err(expected("inet6 prefix", s)),
        Family::Inet => parse_prefix(s).ok_or_else(|| expected("inet prefix", s)),
        _ => parse_prefix(s).ok_or_else(|| bad_prefix(s)),
    }
}

/// get_addr for an ip run with family `fam`: an IPv4 address, or the
/// complaint naming the family (a valid IPv6 address is not simulated).
pub(crate) fn addr_of(s: &str, fam: Family) -> Result<Ipv4Addr, CmdOutput> {
    let v6 = s.parse::<core::net::Ipv6Addr>().is_ok();
    match (fam, parse_prefix(s).filter(|_| !s.contains('/'))) {
        (Family::Inet6, _) if !v6 => Err(expected("inet6 address", s)),
        (Family::Inet6 | Family::Unspec, _) if v6 => {
            Err(not_simulated(&format!("IPv6 address {s}")))
        }
        (_, Some((ip, _))) => Ok(ip),
        (Family::Inet, None) => Err(expected("inet address", s)),
        _ => Err(expected("any valid address", s)),
    }
}

fn expected(what: &str, s: &str) -> CmdOutput {
    usage(1, format!("Error: {what} is expected rather than \"{s}\"."))
}

pub(crate) fn bad_addr(s: &str) -> CmdOutput {
    usage(
        1,
        format!("Error: inet address is expected rather than \"{s}\"."),
    )
}

/// iproute2's complaint about a malformed link-layer address: it reads the
/// colon-separated bytes with `%x` and names the first one that is no hex
/// number (`"zz" is invalid lladdr.`).
pub(crate) fn bad_lladdr(m: &str) -> String {
    let part = m
        .split(':')
        .find(|p| !p.starts_with(|c: char| c.is_ascii_hexdigit()))
        .unwrap_or(m);
    format!("\"{part}\" is invalid lladdr.")
}

/// The kernel's `KIND%d` naming: the first free number (skipping `taken`).
pub(crate) fn next_free_name(w: &World, ns: NsId, prefix: &str, taken: Option<&str>) -> String {
    (0..)
        .map(|i| format!("{prefix}{i}"))
        .find(|n| w.link_by_name(ns, n).is_err() && Some(n.as_str()) != taken)
        .unwrap_or_default()
}
