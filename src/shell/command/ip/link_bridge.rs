//! The words after `ip link add|set BR type bridge`, as iplink_bridge.c's
//! `bridge_parse_opt` reads them (ip-link(8), "Bridge Type Support").
//! What the simulation honours becomes a [`BridgeChange`]; the kernel's
//! checks (ranges, restricted groups) happen when it is applied. STP,
//! VLAN filtering and the multicast querier are not simulated: turning
//! them on is refused, asking for what is already so is accepted.

#![allow(clippy::result_large_err)]

use super::common::{fail, help, invarg, not_simulated, CmdOutput, Words};
use super::options::parse_unsigned;
use crate::sim::stack::bridge_conf::BridgeChange;

/// bridge_parse_opt's `explain()`, on stderr.
const BRIDGE_USAGE: &str = include_str!("help/link-bridge.txt");

/// How one keyword's value is read and where it goes.
#[derive(Clone, Copy)]
enum Word {
    /// `get_u32` into a field.
    U32(fn(&mut BridgeChange, u32)),
    /// `get_u16` into a field.
    U16(fn(&mut BridgeChange, u16)),
    /// `get_u8`, any non-zero meaning on.
    Bool(fn(&mut BridgeChange, bool)),
    /// A bare keyword.
    Flag(fn(&mut BridgeChange)),
    /// `get_u32`/`get_u8` (the bound): only 0, what the simulation is.
    OffOnly(u32),
    /// A real option the simulation has no model for.
    Refused,
}

/// iplink_bridge.c's keywords (its usage order).
const WORDS: &[(&str, Word)] = &[
    ("fdb_flush", Word::Flag(|c| c.fdb_flush = true)),
    ("forward_delay", Word::U32(|c, v| c.forward_delay = Some(v))),
    ("hello_time", Word::U32(|c, v| c.hello_time = Some(v))),
    ("max_age", Word::U32(|c, v| c.max_age = Some(v))),
    ("ageing_time", Word::U32(|c, v| c.ageing_time = Some(v))),
    ("stp_state", Word::OffOnly(u32::MAX)),
    ("priority", Word::U16(|c, v| c.priority = Some(v))),
    (
        "group_fwd_mask",
        Word::U16(|c, v| c.group_fwd_mask = Some(v)),
    ),
    ("group_address", Word::Refused),
    ("no_linklocal_learn", Word::Refused),
    ("vlan_filtering", Word::OffOnly(0xff)),
    ("vlan_protocol", Word::Refused),
    ("vlan_default_pvid", Word::Refused),
    ("vlan_stats_enabled", Word::Refused),
    ("vlan_stats_per_port", Word::Refused),
    (
        "mcast_snooping",
        Word::Bool(|c, v| c.mcast_snooping = Some(v)),
    ),
    ("mcast_vlan_snooping", Word::Refused),
    ("mcast_router", Word::Refused),
    ("mcast_query_use_ifaddr", Word::Refused),
    ("mcast_querier", Word::Refused),
    ("mcast_hash_elasticity", Word::Refused),
    ("mcast_hash_max", Word::Refused),
    ("mcast_last_member_count", Word::Refused),
    ("mcast_startup_query_count", Word::Refused),
    ("mcast_last_member_interval", Word::Refused),
    ("mcast_membership_interval", Word::Refused),
    ("mcast_querier_interval", Word::Refused),
    ("mcast_query_interval", Word::Refused),
    ("mcast_query_response_interval", Word::Refused),
    ("mcast_startup_query_interval", Word::Refused),
    ("mcast_stats_enabled", Word::Refused),
    ("mcast_igmp_version", Word::Refused),
    ("mcast_mld_version", Word::Refused),
    ("nf_call_iptables", Word::Refused),
    ("nf_call_ip6tables", Word::Refused),
    ("nf_call_arptables", Word::Refused),
];

/// `get_u32`/`get_u16`/`get_u8` (base 0) bounded by `max`.
fn number(key: &str, v: &str, max: u32) -> Result<u32, CmdOutput> {
    parse_unsigned(v)
        .filter(|&n| n <= max)
        .ok_or_else(|| invarg(&format!("invalid {key}"), v))
}

/// Reads `type bridge WORDS`.
pub(crate) fn parse_bridge(rest: &[String]) -> Result<BridgeChange, CmdOutput> {
    let mut c = BridgeChange::default();
    let mut w = Words::new(rest);
    while let Some(k) = w.next() {
        let Some(&(name, word)) = WORDS.iter().find(|(n, _)| *n == k) else {
            if k == "help" {
                return Err(bridge_usage(String::new()));
            }
            // iproute2 takes abbreviations; their order of precedence is
            // not modelled.
            if WORDS.iter().any(|(n, _)| n.starts_with(k)) || "help".starts_with(k) {
                return Err(not_simulated(&format!("ip link ... type bridge {k}")));
            }
            return Err(bridge_usage(format!("bridge: unknown command \"{k}\"?\n")));
        };
        match word {
            Word::U32(set) => set(&mut c, number(name, w.value()?, u32::MAX)?),
            Word::U16(set) => set(&mut c, number(name, w.value()?, 0xffff)? as u16),
            Word::Bool(set) => set(&mut c, number(name, w.value()?, 0xff)? != 0),
            Word::Flag(set) => set(&mut c),
            Word::OffOnly(max) => {
                let v = w.value()?;
                if number(name, v, max)? != 0 {
                    return Err(not_simulated(&format!(
                        "ip link ... type bridge {name} {v}"
                    )));
                }
            }
            Word::Refused => return Err(not_simulated(&format!("ip link ... type bridge {name}"))),
        }
    }
    Ok(c)
}

/// `explain()` after an optional complaint; ip exits 1.
fn bridge_usage(complaint: String) -> CmdOutput {
    let mut out = help(&(complaint + BRIDGE_USAGE));
    out.status = 1;
    out
}

/// The kernel's refusal of a value, as `ip` reports it.
pub(crate) fn conf_err(e: crate::sim::stack::bridge_conf::BridgeConfError) -> CmdOutput {
    fail(2, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<BridgeChange, CmdOutput> {
        let args: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        parse_bridge(&args)
    }

    #[test]
    fn values_become_changes() {
        let c = parse("ageing_time 0x10 priority 4096 hello_time 300 mcast_snooping 2 fdb_flush")
            .unwrap();
        assert_eq!(
            c,
            BridgeChange {
                ageing_time: Some(16),
                priority: Some(4096),
                hello_time: Some(300),
                mcast_snooping: Some(true),
                fdb_flush: true,
                ..BridgeChange::default()
            }
        );
        assert!(parse("stp_state 0 vlan_filtering 0").unwrap().is_empty());
    }

    #[test]
    fn errors_are_iproute2s_and_refusals_netbooks() {
        for (line, status, start) in [
            (
                "priority 70000",
                255,
                "Error: argument \"70000\" is wrong: invalid priority",
            ),
            (
                "ageing_time -1",
                255,
                "Error: argument \"-1\" is wrong: invalid ageing_time",
            ),
            (
                "mcast_snooping on",
                255,
                "Error: argument \"on\" is wrong: invalid mcast_snooping",
            ),
            ("ageing_time", 255, "Command line is not complete."),
            (
                "foo 1",
                1,
                "bridge: unknown command \"foo\"?\nUsage: ... bridge [ fdb_flush ]",
            ),
            ("help", 1, "Usage: ... bridge"),
            (
                "stp_state 1",
                255,
                "netbook: `ip link ... type bridge stp_state 1` is not",
            ),
            (
                "vlan_filtering 1",
                255,
                "netbook: `ip link ... type bridge vlan_filtering 1`",
            ),
            (
                "mcast_querier 1",
                255,
                "netbook: `ip link ... type bridge mcast_querier`",
            ),
            (
                "age 10",
                255,
                "netbook: `ip link ... type bridge age` is not simulated",
            ),
        ] {
            let e = parse(line).expect_err(line);
            assert_eq!(e.status, status, "{line}");
            assert!(e.stderr.starts_with(start), "{line}: {}", e.stderr);
        }
    }
}
