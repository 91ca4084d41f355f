//! `ip -j neigh`, `ip -j netns list`, `ip -j rule`: iproute2's records,
//! from the same entries the text forms print.

use super::json::Json;
use crate::display::net::neigh::NeighFields;
use crate::sim::l2::NeighState;
use core::net::Ipv4Addr;

/// A list of records, one per item.
fn records<T>(items: &[T], pretty: bool, mut record: impl FnMut(&mut Json, &T)) -> String {
    let mut j = Json::new(pretty);
    j.open_array();
    for it in items {
        j.open();
        record(&mut j, it);
        j.close();
    }
    j.close_array();
    j.finish()
}

/// `ip -j [-br] [-s] neigh show` (print_neigh): flags as JSON nulls, the
/// state as an array (none for an entry with no state); `-br` keeps the
/// address, device and MAC; `-s` adds print_cacheinfo's ages.
pub(crate) fn neigh(entries: &[NeighFields], brief: bool, stats: bool, pretty: bool) -> String {
    records(entries, pretty, |j, f| {
        j.str_at("dst", &f.dst.to_string());
        if f.dev_shown {
            j.str_at("dev", &f.dev);
        }
        if let Some(m) = f.lladdr {
            j.str_at("lladdr", &m.to_string());
        }
        if brief {
            return;
        }
        if f.router {
            j.raw_at("router", "null");
        }
        if f.extern_learn {
            j.raw_at("extern_learn", "null");
        }
        if stats {
            let c = &f.stats;
            if c.refcnt != 0 {
                j.raw_at("refcnt", c.refcnt);
            }
            j.raw_at("used", c.used)
                .raw_at("confirmed", c.confirmed)
                .raw_at("updated", c.updated)
                .raw_at("probes", c.probes);
        }
        if f.state != NeighState::None {
            j.strings_at("state", &[f.state.to_string()]);
        }
        if let Some(p) = &f.proto {
            j.str_at("protocol", p);
        }
    })
}

/// `ip -j neigh show proxy`: the address, the device unless named or
/// none, and `"proxy":null`.
pub(crate) fn proxy(entries: &[(Ipv4Addr, Option<String>)], pretty: bool) -> String {
    records(entries, pretty, |j, (ip, dev)| {
        j.str_at("dst", &ip.to_string());
        if let Some(d) = dev {
            j.str_at("dev", d);
        }
        j.raw_at("proxy", "null");
    })
}

/// `ip -j netns list`: the name, and the nsid this namespace gave it.
pub(crate) fn netns(list: &[(&str, Option<usize>)], pretty: bool) -> String {
    records(list, pretty, |j, (name, id)| {
        j.str_at("name", name);
        if let Some(id) = id {
            j.raw_at("id", id);
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::shell::Session;

    #[test]
    fn listings_without_a_json_form_are_refused_and_changes_print_nothing() {
        let mut s = Session::new();
        s.run_terminal("ip link add v1 type veth peer name v2");
        for (line, refused) in [
            (
                "ip -j route show table local",
                "ip -j route show table local",
            ),
            ("ip -j -d route", "ip -j -d route show"),
            (
                "ip -j addr show scope link",
                "ip -j address show to|scope|label|FLAG",
            ),
            ("ip -j -f mpls addr", "ip -j -f mpls|bridge address show"),
        ] {
            let t = s.run_terminal(line);
            assert!(t.stdout.is_empty(), "{line}: {}", t.stdout);
            assert!(
                t.stderr.contains(&format!("`{refused}` is not simulated")),
                "{line}: {}",
                t.stderr
            );
        }
        for line in [
            "ip -j addr add 10.0.0.1/24 dev v1",
            "ip -j link set v1 up",
            "ip -j netns add x",
        ] {
            let t = s.run_terminal(line);
            assert_eq!((t.stdout.as_str(), t.stderr.as_str()), ("", ""), "{line}");
        }
        let t = s.run_terminal("ip -j -p rule show pref 0");
        assert_eq!(
            t.stdout,
            "[ {\n        \"priority\": 0,\n        \"src\": \"all\",\n        \"table\": \"local\"\n    } ]\n"
        );
    }
}
