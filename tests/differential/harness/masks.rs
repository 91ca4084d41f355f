//! Masks: what is genuinely random on the real side, replaced by a fixed
//! token on both sides before comparing. Each script declares its own;
//! tests/differential/README.md lists the named ones.

use super::StepOut;
use regex_lite::Regex;

pub struct Mask {
    re: Regex,
    with: String,
}

fn m(re: &str, with: &str) -> Mask {
    Mask {
        re: Regex::new(re).unwrap(),
        with: with.to_string(),
    }
}

/// One `# mask:` line: named masks separated by spaces, or one
/// `/REGEX/REPLACEMENT/` (any delimiter char) custom mask.
pub fn parse(spec: &str) -> Result<Vec<Mask>, String> {
    let first = spec.chars().next().ok_or("empty mask")?;
    if !first.is_ascii_alphanumeric() {
        let parts: Vec<&str> = spec[first.len_utf8()..].split(first).collect();
        if parts.len() != 3 || !parts[2].is_empty() {
            return Err("custom masks are /REGEX/REPLACEMENT/".into());
        }
        let re = Regex::new(&format!("(?m){}", parts[0])).map_err(|e| e.to_string())?;
        return Ok(vec![Mask {
            re,
            with: parts[1].to_string(),
        }]);
    }
    let mut out = Vec::new();
    for name in spec.split_whitespace() {
        out.extend(named(name).ok_or(format!("unknown mask {name}"))?);
    }
    Ok(out)
}

fn named(name: &str) -> Option<Vec<Mask>> {
    Some(match name {
        // Random MAC addresses (veth, bridge) and what derives from them.
        "mac" => vec![
            // A bridge id prints its bytes unpadded (`8000.a2:8:c7:8d:c0:4`).
            m(r"\b8000\.([0-9a-f]{1,2}:){5}[0-9a-f]{1,2}\b", "8000.MAC"),
            m(r"\b([0-9a-f]{2}:){5}[0-9a-f]{2}\b", "MAC"),
            m(r"8000\.[0-9a-f]{12}", "8000.BRID"),
        ],
        // EUI-64 link-local addresses derive from the MAC.
        "lladdr" => vec![m(r"fe80::[0-9a-f:]*[0-9a-f]", "LL")],
        // Interface indexes depend on what the host created before.
        "ifindex" => vec![m(r"(?m)^\d+: ", "N: "), m(r"@if\d+", "@ifN")],
        // Measured times: ping, traceroute, dig, curl.
        "time" => vec![
            m(r"time[=<][0-9.]+ ?ms", "time=T ms"),
            m(r"rtt min/avg/max/mdev = [0-9./]+ ms", "rtt T"),
            m(r", time \d+ms", ", time Tms"),
            m(r"[0-9]+\.[0-9]+ ms", "T ms"),
            m(r"Query time: \d+ msec", "Query time: T msec"),
            m(r"(?m)^;; WHEN: .*$", ";; WHEN: T"),
            m(r"after \d+ ms", "after T ms"),
        ],
        // Ephemeral ports the kernel picks (ip_local_port_range).
        "port" => vec![m(r"\b(3[2-9]\d{3}|[4-5]\d{4}|60\d{3})\b", "PORT")],
        // Identifiers drawn at random: ICMP echo ids, DNS ids, conntrack ids.
        "id" => vec![
            m(r"\bid=\d+", "id=N"),
            m(r"id: \d+", "id: N"),
            m(r"ident \d+", "ident N"),
        ],
        // Remaining lifetimes that tick on the real side (conntrack, fdb).
        "timer" => vec![
            m(r"(?m)^(\w+) +(\d+) +\d+ ", "$1 $2 T "),
            m(r"_timer +[0-9.]+", "_timer T"),
        ],
        // The wall clock in a server's access log (python's http.server).
        "clock" => vec![m(r"\[\d\d/[A-Z][a-z]{2}/\d{4} \d\d:\d\d:\d\d\]", "[DATE]")],
        _ => return None,
    })
}

pub fn apply(masks: &[Mask], text: &str) -> String {
    let mut t = text.to_string();
    for k in masks {
        t = k.re.replace_all(&t, k.with.as_str()).into_owned();
    }
    t
}

pub fn apply_out(masks: &[Mask], o: StepOut) -> StepOut {
    StepOut {
        status: o.status,
        stdout: apply(masks, &o.stdout),
        stderr: apply(masks, &o.stderr),
    }
}
