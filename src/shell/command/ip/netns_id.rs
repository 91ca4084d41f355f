//! `ip netns set NAME NSID|auto` and `ip netns list-id [target-nsid N]
//! [nsid N]`: the ids a namespace knows its peers by (ipnetns.c's
//! netns_set and netns_list_id, the kernel's RTM_NEWNSID / RTM_GETNSID).

#![allow(clippy::result_large_err)]

use super::common::{fail, help, invarg, usage, CmdOutput, Ip, Words, R};
use super::link_args::get_integer;
use crate::sim::NsId;
use std::fmt::Write as _;

/// `ip netns set NAME NSID|auto` (`None`: auto).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SetId {
    pub name: String,
    pub nsid: Option<usize>,
}

/// `ip netns list-id [target-nsid N] [nsid N]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ListId {
    /// List the ids this peer (by its id here) has, not ours.
    pub target: Option<usize>,
    /// Only the peer this namespace calls so (RTM_GETNSID, not a dump).
    pub nsid: Option<usize>,
}

/// netns_set's words after `set`.
pub(crate) fn parse_set(rest: &[String]) -> Result<SetId, CmdOutput> {
    let name = rest
        .first()
        .ok_or_else(|| usage(1, "No netns name specified"))?;
    let v = rest.get(1).ok_or_else(|| usage(1, "No nsid specified"))?;
    let nsid = match v.as_str() {
        "auto" => None,
        // netns_set's argv[1] is the value itself.
        v => Some(non_negative(
            v,
            Some(v),
            "netnsid",
            "Invalid \"netnsid\" value",
        )?),
    };
    Ok(SetId {
        name: name.clone(),
        nsid,
    })
}

/// get_integer (base 0) then `>= 0`; `next` is the word after the value,
/// which iproute2 names in the second complaint (argv[1], "(null)" at
/// the end).
fn non_negative(v: &str, next: Option<&str>, key: &str, bad: &str) -> Result<usize, CmdOutput> {
    let n = get_integer(v).ok_or_else(|| invarg(bad, v))?;
    usize::try_from(n).map_err(|_| {
        invarg(
            &format!("\"{key}\" value should be >= 0"),
            next.unwrap_or("(null)"),
        )
    })
}

/// netns_list_id's words after `list-id`; an unknown word prints
/// `ip netns`'s `usage_text`.
pub(crate) fn parse_list_id(rest: &[String], usage_text: &str) -> Result<ListId, CmdOutput> {
    let mut l = ListId::default();
    let mut w = Words::new(rest);
    while let Some(a) = w.next() {
        let slot = match a {
            "target-nsid" => &mut l.target,
            "nsid" => &mut l.nsid,
            _ => return Err(help(usage_text)),
        };
        if slot.is_some() {
            return Err(usage(
                255,
                format!("Error: duplicate \"{a}\": \"{a}\" is the second value."),
            ));
        }
        let v = w.value()?;
        let bad = format!("\"{a}\" value is invalid");
        let next = w.rest().first().map(String::as_str);
        *slot = Some(non_negative(v, next, a, &bad)?);
    }
    Ok(l)
}

/// Applies `ip netns set`.
pub(crate) fn run_set(ip: &mut Ip, s: SetId) -> R {
    let Ok(peer) = ip.ctx.world.ns_id(Some(&s.name)) else {
        return Err(fail(
            1,
            format!(
                "Cannot open network namespace \"{}\": No such file or directory",
                s.name
            ),
        ));
    };
    let ns = ip.ns;
    ip.w()
        .netns_set_id(ns, peer, s.nsid)
        .map_err(|e| fail(2, e))?;
    Ok(CmdOutput::default())
}

/// One line of list-id: the id, the id here in a `target-nsid` listing
/// (`Some(None)`: none), and the name of the peer here.
struct IdLine {
    nsid: Option<usize>,
    current: Option<Option<usize>>,
    name: Option<String>,
}

/// Applies `ip netns list-id`.
pub(crate) fn run_list_id(ip: &mut Ip, l: ListId) -> R {
    let json = ip.json("netns list-id")?;
    let w = &*ip.ctx.world;
    let here = w.ns(ip.ns);
    let peer = |id| here.peer_of(id);
    let invalid = |what: &str| fail(2, format!("Error: {what} netns reference is invalid."));
    let lines: Vec<(Option<usize>, NsId)> = match (l.nsid, l.target) {
        (Some(id), target) => {
            let p = peer(id).ok_or_else(|| invalid("Peer"))?;
            let seen = match target {
                Some(t) => w.ns(peer(t).ok_or_else(|| invalid("Target"))?),
                None => here,
            };
            vec![(seen.nsid_of(p), p)]
        }
        (None, Some(t)) => {
            let Some(t) = peer(t) else {
                return Err(fail(
                    1,
                    "Error: Invalid target network namespace id.\nDump terminated",
                ));
            };
            w.ns(t)
                .nsids
                .iter()
                .map(|(id, p)| (Some(*id), *p))
                .collect()
        }
        (None, None) => here.nsids.iter().map(|(id, p)| (Some(*id), *p)).collect(),
    };
    let lines: Vec<IdLine> = lines
        .into_iter()
        .map(|(nsid, p)| {
            let current = l.target.map(|_| here.nsid_of(p));
            // get_name_from_nsid: the peer's id here, looked up by name.
            let known = current.unwrap_or(nsid).is_some();
            let name = w.ns(p).name.clone().filter(|_| known);
            IdLine {
                nsid,
                current,
                name,
            }
        })
        .collect();
    if let Some(pretty) = json {
        return Ok(CmdOutput::text(json_lines(&lines, pretty)));
    }
    let mut s = String::new();
    for l in &lines {
        match l.nsid {
            Some(id) => {
                let _ = write!(s, "nsid {id} ");
            }
            None => s += "nsid unassigned ",
        }
        match l.current {
            Some(Some(id)) => {
                let _ = write!(s, "current-nsid {id} ");
            }
            Some(None) => s += "current-nsid unassigned ",
            None => {}
        }
        if let Some(n) = &l.name {
            let _ = write!(s, "(iproute2 netns name: {n})");
        }
        s.push('\n');
    }
    Ok(CmdOutput::text(s))
}

/// `ip -j netns list-id`: print_nsid's keys (an unassigned id has none).
fn json_lines(lines: &[IdLine], pretty: bool) -> String {
    let mut j = super::json::Json::new(pretty);
    j.open_array();
    for l in lines {
        j.open();
        if let Some(id) = l.nsid {
            j.raw_at("nsid", id);
        }
        if let Some(Some(id)) = l.current {
            j.raw_at("current-nsid", id);
        }
        if let Some(n) = &l.name {
            j.str_at("name", n);
        }
        j.close();
    }
    j.close_array();
    j.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn list_id_words_and_their_complaints() {
        let cases: &[(&str, Result<ListId, &str>)] = &[
            (
                "target-nsid 0x10 nsid 010",
                Ok(ListId {
                    target: Some(16),
                    nsid: Some(8),
                }),
            ),
            (
                "nsid -1",
                Err("Error: argument \"(null)\" is wrong: \"nsid\" value should be >= 0\n"),
            ),
            (
                "nsid -1 target-nsid 5",
                Err("Error: argument \"target-nsid\" is wrong: \"nsid\" value should be >= 0\n"),
            ),
            (
                "target-nsid abc",
                Err("Error: argument \"abc\" is wrong: \"target-nsid\" value is invalid\n"),
            ),
            (
                "nsid 1 nsid 2",
                Err("Error: duplicate \"nsid\": \"nsid\" is the second value.\n"),
            ),
            (
                "nsid",
                Err("Command line is not complete. Try option \"help\"\n"),
            ),
        ];
        for (line, want) in cases {
            let got = parse_list_id(&words(line), "usage");
            match (got, want) {
                (Ok(l), Ok(w)) => assert_eq!(l, *w, "{line}"),
                (Err(e), Err(w)) => assert_eq!(e.stderr, *w, "{line}"),
                (got, _) => panic!("{line}: {got:?}"),
            }
        }
    }
}
