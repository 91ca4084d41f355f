//! `sim::addr` against Python's `ipaddress` module, an oracle we did not
//! write: thousands of seeded random prefixes, addresses, prefix sets and
//! (in)valid strings, answered by one `python3` run. Skips, saying why,
//! when `python3` is missing.

use ipnet::{IpNet, Ipv4Net};
use netbook::sim::addr::{self, Scope, Split, V4Facts, V6Facts, V6Scope};
use std::io::Write;
use std::net::Ipv4Addr;
use std::process::{Command, Stdio};

/// xorshift64*: small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const PY: &str = r#"
import ipaddress, sys
out = []
for line in open(sys.argv[1]):
    kind, arg = line.rstrip("\n").split("\t", 1)
    if kind == "v4":
        n = ipaddress.ip_network(arg, strict=False)
        a = ipaddress.ip_address(arg.split("/")[0])
        hosts = n.hosts()
        first = next(iter(n.hosts()))
        if n.prefixlen >= 20:
            hl = list(n.hosts()); last = hl[-1]; count = len(hl)
        else:
            last = n[-2]; count = -1
        subs = []
        for k in (1, 2, 3):
            if n.prefixlen + k <= 32:
                subs.append(",".join(str(s) for s in n.subnets(prefixlen_diff=k)))
            else:
                subs.append("-")
        sup = str(n.supernet(prefixlen_diff=min(2, n.prefixlen))) if n.prefixlen > 0 else "-"
        flags = "".join("1" if f else "0" for f in (a.is_private, a.is_global, a.is_loopback,
                        a.is_link_local, a.is_multicast, a.is_reserved, a.is_unspecified))
        out.append("\t".join(map(str, [n, n.network_address, n.broadcast_address, n.netmask,
                   n.hostmask, n.num_addresses, first, last, count] + subs + [sup, flags])))
    elif kind == "v6":
        n = ipaddress.ip_network(arg, strict=False)
        a = ipaddress.ip_address(arg.split("/")[0])
        flags = "".join("1" if f else "0" for f in (a.is_loopback, a.is_link_local,
                        a.is_multicast, a.is_unspecified))
        # Integers: Rust prints ::ffff:a.b.c.d where Python prints hex.
        out.append("\t".join(map(str, [n.prefixlen, int(n.network_address),
                   int(n.broadcast_address), int(n.netmask), int(n.hostmask),
                   n.num_addresses, flags])))
    elif kind == "collapse":
        nets = [ipaddress.ip_network(x, strict=False) for x in arg.split(",")]
        out.append(",".join(str(x) for x in ipaddress.collapse_addresses(nets)))
    elif kind == "valid":
        try:
            n = ipaddress.IPv4Network(arg, strict=False)
            out.append("ok " + str(n))
        except ValueError:
            out.append("err")
print("\n".join(out))
"#;

fn octet_string(rng: &mut Rng) -> String {
    // Mostly valid octets, sometimes over 255; never leading zeros.
    let v = if rng.below(10) == 0 {
        256 + rng.below(700)
    } else {
        rng.below(256)
    };
    v.to_string()
}

#[test]
fn agrees_with_python_ipaddress() {
    let python = Command::new("python3").arg("--version").output();
    if !matches!(&python, Ok(o) if o.status.success()) {
        eprintln!("skipped: python3 is not available to act as the oracle");
        return;
    }
    let mut rng = Rng(0x5eed_0fad_0d00_u64);
    let mut cases: Vec<(&str, String)> = Vec::new();
    for i in 0..6000 {
        let a = Ipv4Addr::from(rng.next() as u32);
        // Bias some addresses into the special blocks.
        let a = if i % 5 == 0 {
            let r = addr::SPECIAL_RANGES[rng.below(addr::SPECIAL_RANGES.len() as u64) as usize];
            Ipv4Addr::from(
                u32::from(r.net.network()) | (u32::from(a) & u32::from(r.net.hostmask())),
            )
        } else {
            a
        };
        let p = rng.below(33) as u8;
        let text = if i % 3 == 0 {
            format!("{a}/{}", addr::prefix_to_mask(p))
        } else {
            format!("{a}/{p}")
        };
        cases.push(("v4", text));
    }
    for _ in 0..1500 {
        let hi = [
            0x2001_0db8u128,
            0xfe80_0000,
            0xff02_0000,
            0xfd00_0000,
            0,
            0x2a00_1450,
        ][rng.below(6) as usize];
        let v = (hi << 96) | (u128::from(rng.next()) << 32) | u128::from(rng.next() as u32);
        let v = if rng.below(20) == 0 {
            u128::from(rng.below(2))
        } else {
            v
        };
        let p = rng.below(129);
        cases.push(("v6", format!("{}/{p}", std::net::Ipv6Addr::from(v))));
    }
    for _ in 0..400 {
        let base = 0x0a00_0000u32 | ((rng.below(4) as u32) << 16);
        let n = 1 + rng.below(12);
        let nets: Vec<String> = (0..n)
            .map(|_| {
                let p = 18 + rng.below(12) as u8;
                let a = Ipv4Addr::from(base | ((rng.next() as u32) & 0xffff));
                Ipv4Net::new(a, p).unwrap().trunc().to_string()
            })
            .collect();
        cases.push(("collapse", nets.join(",")));
    }
    for i in 0..3000 {
        let quads: Vec<String> = (0..4).map(|_| octet_string(&mut rng)).collect();
        let a = quads.join(".");
        let text = match i % 3 {
            0 => format!("{a}/{}", rng.below(40)),
            1 => {
                // Contiguous or not, valid octets.
                let m = if rng.below(2) == 0 {
                    u32::from(addr::prefix_to_mask(rng.below(33) as u8))
                } else {
                    (rng.next() as u32) | 0x8000_0000
                };
                format!("{a}/{}", Ipv4Addr::from(m))
            }
            _ => a,
        };
        cases.push(("valid", text));
    }

    let dir = std::env::temp_dir().join(format!("netbook-oracle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("cases.tsv");
    let mut f = std::fs::File::create(&input).unwrap();
    for (k, t) in &cases {
        writeln!(f, "{k}\t{t}").unwrap();
    }
    drop(f);
    let out = Command::new("python3")
        .arg("-c")
        .arg(PY)
        .arg(&input)
        .stdout(Stdio::piped())
        .output()
        .expect("python3 runs");
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers = String::from_utf8(out.stdout).unwrap();
    let answers: Vec<&str> = answers.lines().collect();
    assert_eq!(answers.len(), cases.len());

    let mut checked = 0usize;
    for ((kind, text), want) in cases.iter().zip(&answers) {
        let got = match *kind {
            "v4" => v4_line(text),
            "v6" => v6_line(text),
            "collapse" => {
                let nets: Vec<IpNet> = text
                    .split(',')
                    .map(|s| addr::parse_net(s).unwrap())
                    .collect();
                let v: Vec<String> = addr::summarize(&nets)
                    .unwrap()
                    .iter()
                    .map(|n| n.to_string())
                    .collect();
                v.join(",")
            }
            // A bare address is a host for Python, as for parse_prefix_or_host.
            _ => match addr::parse_prefix_or_host(text) {
                Ok(n) => format!("ok {}", n.trunc()),
                Err(_) => "err".to_string(),
            },
        };
        assert_eq!(&got, want, "{kind} {text}");
        checked += 1;
    }
    eprintln!("{checked} cases agree with python3 ipaddress");
}

fn v4_line(text: &str) -> String {
    let net = addr::parse_v4_net(text).unwrap();
    let f = V4Facts::of(net);
    let p = net.prefix_len();
    let count = if p >= 20 { f.host_count as i64 } else { -1 };
    let mut fields = vec![
        f.net.to_string(),
        f.network.to_string(),
        f.broadcast.to_string(),
        f.netmask.to_string(),
        f.wildcard.to_string(),
        f.num_addresses.to_string(),
        // Python's hosts() of a /32 is the address itself; of a /31, both.
        f.first_host.to_string(),
        f.last_host.to_string(),
        count.to_string(),
    ];
    for k in 1..=3u8 {
        if p + k <= 32 {
            let s = Split::new(net, p + k).unwrap();
            let v: Vec<String> = s.iter().map(|n| n.to_string()).collect();
            fields.push(v.join(","));
        } else {
            fields.push("-".into());
        }
    }
    fields.push(match addr::supernet_of(IpNet::V4(net), 2.min(p)) {
        Some(s) if p > 0 => s.to_string(),
        _ => "-".into(),
    });
    let a = net.addr();
    let scope = addr::scope_of(a);
    let flags = [
        addr::is_private(a),
        addr::is_global(a),
        scope == Scope::Loopback,
        scope == Scope::LinkLocal,
        scope == Scope::Multicast,
        matches!(scope, Scope::Reserved | Scope::Broadcast),
        a.is_unspecified(),
    ];
    fields.push(flags.iter().map(|&b| if b { '1' } else { '0' }).collect());
    fields.join("\t")
}

fn v6_line(text: &str) -> String {
    let f = V6Facts::of(addr::parse_v6_net(text).unwrap());
    let num = match f.num_addresses() {
        Some(n) => n.to_string(),
        None => "340282366920938463463374607431768211456".to_string(),
    };
    let flags = [
        f.scope == V6Scope::Loopback,
        f.scope == V6Scope::LinkLocal,
        f.scope == V6Scope::Multicast,
        f.scope == V6Scope::Unspecified,
    ];
    [
        f.net.prefix_len().to_string(),
        u128::from(f.network).to_string(),
        u128::from(f.last).to_string(),
        u128::from(f.netmask).to_string(),
        u128::from(f.hostmask).to_string(),
        num,
        flags.iter().map(|&b| if b { '1' } else { '0' }).collect(),
    ]
    .join("\t")
}
