//! `ip address`: show, add, replace, delete, flush (ip-address(8)).

use super::*;
use crate::display::net::{self as view};
use crate::sim::link::IfAddr;
use crate::sim::LinkId;
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;

impl Ip<'_, '_> {
    // ---- ip addr --------------------------------------------------------------
    pub(crate) fn addr(&mut self, args: &[String]) -> R {
        let Some(cmd) = args.first() else {
            return self.addr_show(&[]);
        };
        let rest = &args[1..];
        if matches(cmd, "show") || matches(cmd, "list") || cmd == "lst" {
            return self.addr_show(rest);
        }
        if matches(cmd, "add") || matches(cmd, "replace") || matches(cmd, "change") {
            return self.addr_add(rest, cmd != "add" && !matches(cmd, "add"));
        }
        if matches(cmd, "delete") {
            return self.addr_del(rest);
        }
        if matches(cmd, "flush") {
            return self.addr_flush(rest);
        }
        if matches(cmd, "help") {
            return Ok(CmdOutput::text(ADDR_USAGE));
        }
        Err(usage(
            255,
            format!("Command \"{cmd}\" is unknown, try \"ip address help\"."),
        ))
    }

    pub(crate) fn addr_show(&mut self, args: &[String]) -> R {
        let links = self.select(args)?;
        Ok(CmdOutput::rich(view::ip_addr(
            self.ctx.world,
            self.ns,
            &links,
            &self.opts,
        )))
    }

    /// Parses `PREFIX [brd B|+] [label L] [scope S] dev D`.
    pub(crate) fn addr_args(&self, args: &[String]) -> Result<(IfAddr, LinkId), CmdOutput> {
        let mut local: Option<(Ipv4Addr, u8)> = None;
        let mut brd: Option<String> = None;
        let mut dev: Option<&str> = None;
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            // iproute2's NEXT_ARG(): a keyword with nothing after it.
            let keyword = matches!(
                a,
                "dev"
                    | "brd"
                    | "broadcast"
                    | "label"
                    | "scope"
                    | "valid_lft"
                    | "preferred_lft"
                    | "metric"
                    | "local"
            );
            if keyword && i + 1 == args.len() {
                return Err(usage(
                    255,
                    "Command line is not complete. Try option \"help\"",
                ));
            }
            match a {
                "dev" => {
                    i += 1;
                    dev = args.get(i).map(String::as_str);
                }
                "brd" | "broadcast" => {
                    i += 1;
                    brd = args.get(i).cloned();
                }
                "label" | "scope" | "valid_lft" | "preferred_lft" | "metric" => i += 1,
                "noprefixroute" | "home" | "nodad" => {}
                "local" => {
                    i += 1;
                    let v = args.get(i).map(String::as_str).unwrap_or("");
                    local = Some(parse_prefix(v).ok_or_else(|| bad_prefix(v))?);
                }
                a if local.is_none() => local = Some(parse_prefix(a).ok_or_else(|| bad_prefix(a))?),
                a => return Err(garbage("local", a)),
            }
            i += 1;
        }
        let Some((ip, prefix)) = local else {
            return Err(usage(
                1,
                "Not enough information: \"dev\" argument is required.",
            ));
        };
        let Some(dev) = dev else {
            return Err(usage(
                1,
                "Not enough information: \"dev\" argument is required.",
            ));
        };
        let id = self.dev(dev)?;
        let net = Ipv4Net::new(ip, prefix).map_err(|_| bad_prefix(&ip.to_string()))?;
        let brd = match brd.as_deref() {
            None | Some("-") => None,
            Some("+") => Some(net.broadcast()),
            Some(b) => Some(parse_addr(b).ok_or_else(|| bad_addr(b))?),
        };
        Ok((
            IfAddr {
                local: ip,
                prefix,
                brd,
            },
            id,
        ))
    }

    pub(crate) fn addr_add(&mut self, args: &[String], replace: bool) -> R {
        let (a, id) = self.addr_args(args)?;
        if replace {
            let _ = self.w().addr_del(id, a.local, Some(a.prefix));
        }
        self.w().addr_add(id, a).map_err(|e| fail(2, e))?;
        Ok(CmdOutput::default())
    }

    pub(crate) fn addr_del(&mut self, args: &[String]) -> R {
        let (a, id) = self.addr_args(args)?;
        let explicit = args.iter().any(|x| x.contains('/'));
        self.w()
            .addr_del(id, a.local, explicit.then_some(a.prefix))
            .map_err(|e| fail(2, e))?;
        let mut out = CmdOutput::default();
        if !explicit {
            // iproute2 6.1 warns after a successful wildcard deletion.
            out.stderr = format!(
                "Warning: Executing wildcard deletion to stay compatible with old scripts.
         Explicitly specify the prefix length ({}/32) to avoid this warning.
         This special behaviour is likely to disappear in further releases,
         fix your scripts!\n",
                a.local
            );
        }
        Ok(out)
    }

    pub(crate) fn addr_flush(&mut self, args: &[String]) -> R {
        if args.is_empty() {
            return Err(usage(1, "Flush requires arguments."));
        }
        let links = self.select(args)?;
        for id in links {
            self.w().addr_flush(id);
        }
        Ok(CmdOutput::default())
    }
}

pub(crate) const ADDR_USAGE: &str =
    "Usage: ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ]
                                                      [ CONFFLAG-LIST ]
       ip address del IFADDR dev IFNAME [mngtmpaddr]
       ip address {save|flush} [ dev IFNAME ] [ scope SCOPE-ID ]
                            [ to PREFIX ] [ FLAG-LIST ] [ label LABEL ] [up]
       ip address [ show [ dev IFNAME ] [ scope SCOPE-ID ] [ master DEVICE ]
                         [ type TYPE ] [ to PREFIX ] [ FLAG-LIST ]
                         [ label LABEL ] [up] [ vrf NAME ] ]
IFADDR := PREFIX | ADDR peer PREFIX
          [ broadcast ADDR ] [ anycast ADDR ]
          [ label IFNAME ] [ scope SCOPE-ID ] [ metric METRIC ]
";
