//! `arp` from net-tools: the neighbour cache in the old format.
//!
//! Follows arp(8): columns Address, HWtype, HWaddress, Flags Mask, Iface;
//! `(incomplete)` for unanswered entries; `-i IFACE` filters; names
//! from /etc/hosts unless `-n`; `-v` counts.

use super::args::{self, ArgError, Item, Opt};
use super::{CmdOutput, Command, Ctx};
use crate::display::{html, MimeBundle};
use crate::sim::l2::NeighState;

/// The commands of this file.
pub static COMMANDS: &[Command] = &[Command {
    name: "arp",
    summary: "manipulate the system ARP cache (net-tools)",
    summary_ko: "ARP 테이블(IP → MAC)을 보여줍니다",
    usage: "arp [-vn] [-a|-e] [-i IFACE] [HOST]",
    run: arp,
    complete: None,
}];

/// net-tools arp's usage, printed after an option error.
const ARP_USAGE: &str = r#"Usage:
  arp [-vn]  [<HW>] [-i <if>] [-a] [<hostname>]             <-Display ARP cache
  arp [-v]          [-i <if>] -d  <host> [pub]               <-Delete ARP entry
  arp [-vnD] [<HW>] [-i <if>] -f  [<filename>]            <-Add entry from file
  arp [-v]   [<HW>] [-i <if>] -s  <host> <hwaddr> [temp]            <-Add entry
  arp [-v]   [<HW>] [-i <if>] -Ds <host> <if> [netmask <nm>] pub          <-''-

        -a                       display (all) hosts in alternative (BSD) style
        -e                       display (all) hosts in default (Linux) style
        -s, --set                set a new ARP entry
        -d, --delete             delete a specified entry
        -v, --verbose            be verbose
        -n, --numeric            don't resolve names
        -i, --device             specify network interface (e.g. eth0)
        -D, --use-device         read <hwaddr> from given device
        -A, -p, --protocol       specify protocol family
        -f, --file               read new entries from file or from /etc/ethers

  <HW>=Use '-H <hw>' to specify hardware address type. Default: ether
  List of possible hardware types (which support ARP):
    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) 
    netrom (AMPR NET/ROM) rose (AMPR ROSE) arcnet (ARCnet) 
    dlci (Frame Relay DLCI) fddi (Fiber Distributed Data Interface) hippi (HIPPI) 
    irda (IrLAP) x25 (generic X.25) eui64 (Generic EUI-64) 
"#;

/// What `arp` was asked to show.
#[derive(Debug, Default)]
struct ArpArgs {
    /// `-i`: one interface's entries.
    iface: Option<String>,
    /// `-a`: the BSD style.
    bsd: bool,
    /// `arp HOST`: one host's entry.
    host: Option<String>,
    /// `-n`: addresses, not the names /etc/hosts gives them.
    numeric: bool,
    /// `-v`: a count of entries, skipped and found after the table.
    verbose: bool,
}

#[derive(Debug, Clone, Copy)]
enum ArpOpt {
    Bsd,
    Linux,
    Numeric,
    Verbose,
    Device,
}

/// The display options of net-tools arp (setting and deleting entries
/// are not simulated).
const ARP_OPTS: &[Opt<ArpOpt>] = &[
    Opt::flag('v', "verbose", ArpOpt::Verbose),
    Opt::flag('a', "all", ArpOpt::Bsd),
    Opt::flag('n', "numeric", ArpOpt::Numeric),
    Opt::short('e', ArpOpt::Linux),
    Opt::with_value('i', "device", ArpOpt::Device),
];

fn parse_arp(args: &[String]) -> Result<ArpArgs, ArgError> {
    let mut o = ArpArgs::default();
    let mut linux = false;
    for item in args::parse(ARP_OPTS, args)? {
        match item {
            Item::Flag(ArpOpt::Bsd) => o.bsd = true,
            Item::Flag(ArpOpt::Linux) => linux = true,
            Item::Flag(ArpOpt::Numeric) => o.numeric = true,
            Item::Flag(ArpOpt::Verbose) => o.verbose = true,
            Item::Flag(ArpOpt::Device) => {}
            Item::Value(_, v) => o.iface = Some(v),
            Item::Operand(h) => o.host = Some(h),
        }
    }
    // `-e` wins over `-a`, in either order.
    o.bsd &= !linux;
    Ok(o)
}

fn arp(ctx: &mut Ctx, args: &[String]) -> CmdOutput {
    let ns = match ctx.world.ns_id(ctx.netns.as_deref()) {
        Ok(n) => n,
        Err(e) => return CmdOutput::error(255, format!("{e}\n")),
    };
    let o = match parse_arp(args) {
        Ok(o) => o,
        Err(e) => return CmdOutput::usage(3, format!("{}{ARP_USAGE}", e.message("arp"))),
    };
    let (iface, bsd) = (o.iface, o.bsd);
    // `arp HOST`: that host's entry only (its name resolved as arp does).
    let host = match &o.host {
        Some(h) => match super::ping::resolve_host_err(ctx.world, ctx.netns.as_deref(), h) {
            Ok(ip) => Some(ip),
            // herror(3)'s words: no such name, or no answer at all.
            Err(e) => {
                let why = if e.contains("Temporary failure") {
                    "Host name lookup failure"
                } else {
                    "Unknown host"
                };
                return CmdOutput::error(255, format!("{h}: {why}\n"));
            }
        },
        None => None,
    };
    let w = &*ctx.world;
    let mut text = String::new();
    let mut rows = Vec::new();
    let all = w.neighbours(ns).len();
    let entries: Vec<_> = w
        .neighbours(ns)
        .iter()
        .filter(|e| iface.as_ref().is_none_or(|f| &w.link(e.dev).name == f))
        .filter(|e| host.is_none_or(|h| e.ip == h))
        .collect();
    let found = entries.len();
    let tail = {
        let mut t = String::new();
        if o.verbose {
            t += &format!("Entries: {all}\tSkipped: {}\tFound: {found}\n", all - found);
        }
        if found == 0 {
            match host {
                Some(h) if !bsd => t += &format!("{h} ({h}) -- no entry\n"),
                _ if host.is_some() || iface.is_some() => {
                    t += &format!("arp: in {all} entries no match found.\n")
                }
                _ => {}
            }
        }
        t
    };
    if found == 0 {
        return CmdOutput::text(tail);
    }
    // Without -n, the name /etc/hosts gives an address (arp's gethostbyaddr).
    let netns = ctx.netns.as_deref();
    let name = |ip| {
        Some(ip)
            .filter(|_| !o.numeric)
            .and_then(|ip| super::ping::reverse_host(w, netns, ip))
    };
    if !bsd && !entries.is_empty() {
        text +=
            "Address                  HWtype  HWaddress           Flags Mask            Iface\n";
    }
    for e in entries {
        let dev = &w.link(e.dev).name;
        let named = name(e.ip);
        let who = named.as_deref().unwrap_or("?");
        // The Linux style's Address column holds 23 characters.
        let addr: String = named.clone().unwrap_or_else(|| e.ip.to_string());
        let addr: String = addr.chars().take(23).collect();
        let known = e
            .mac
            .filter(|_| !matches!(e.state, NeighState::Incomplete | NeighState::Failed));
        if bsd {
            match known {
                Some(m) => {
                    let perm = if e.state == NeighState::Permanent {
                        " PERM"
                    } else {
                        ""
                    };
                    text += &format!("{who} ({}) at {m} [ether]{perm} on {dev}\n", e.ip)
                }
                None => text += &format!("{who} ({}) at <incomplete> on {dev}\n", e.ip),
            }
        } else {
            match known {
                Some(m) => {
                    let flags = if e.state == NeighState::Permanent {
                        "CM"
                    } else {
                        "C"
                    };
                    text += &format!(
                        "{:<24} {:<7} {:<19} {:<5} {:<15} {dev}\n",
                        addr,
                        "ether",
                        m.to_string(),
                        flags,
                        ""
                    )
                }
                None => text += &format!("{:<32} {:<41} {dev}\n", addr, "(incomplete)"),
            }
        }
        rows.push(vec![
            e.ip.to_string(),
            known
                .map(|m| m.to_string())
                .unwrap_or_else(|| "(incomplete)".into()),
            dev.to_string(),
        ]);
    }
    text += &tail;
    CmdOutput::rich(
        MimeBundle::plain(text).with_html(html::table(&["Address", "HWaddress", "Iface"], &rows)),
    )
}
