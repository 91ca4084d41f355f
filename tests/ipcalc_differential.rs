//! Differential test: random ipcalc command lines (seeded) run through the
//! real Debian `ipcalc` 0.42 on this machine and through ours; stdout must
//! match byte for byte. Skips, saying why, when that ipcalc is not
//! installed (`apt-get install -y ipcalc`). The committed fixtures
//! (`ipcalc_fixtures.rs`) cover the same ground without the tool.

use netbook::shell::command::{run_argv, Ctx};
use netbook::sim::World;
use std::process::Command;
use std::sync::atomic::AtomicBool;

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

fn real_ipcalc_available() -> bool {
    matches!(
        Command::new("ipcalc").arg("-v").env("TERM", "dumb").output(),
        Ok(o) if o.stdout == b"0.5\n"
    )
}

fn address(rng: &mut Rng) -> String {
    let special = [
        "10", "172", "192", "169", "127", "224", "240", "250", "100", "8",
    ];
    let first = if rng.below(2) == 0 {
        special[rng.below(special.len() as u64) as usize].to_string()
    } else {
        rng.below(256).to_string()
    };
    let rest: Vec<String> = (0..3)
        .map(|_| {
            if rng.below(30) == 0 {
                (256 + rng.below(50)).to_string()
            } else {
                rng.below(256).to_string()
            }
        })
        .collect();
    format!("{first}.{}", rest.join("."))
}

fn mask(rng: &mut Rng, min: u64) -> String {
    // Prefixes under 6 are avoided: ipcalc's remark for a network holding
    // several netblocks (128.0.0.0/2 holds 169.254/16 and 172.16/12)
    // depends on Perl's random hash order.
    let p = min + rng.below(33 - min);
    match rng.below(6) {
        0 => {
            let m = u32::MAX.checked_shl(32 - p as u32).unwrap_or(0);
            std::net::Ipv4Addr::from(m).to_string()
        }
        1 => {
            // An inverse (wildcard) mask.
            let m = u32::MAX.checked_shl(32 - p as u32).unwrap_or(0);
            std::net::Ipv4Addr::from(!m).to_string()
        }
        2 if rng.below(4) == 0 => "255.0.255.0".to_string(),
        3 if rng.below(4) == 0 => (33 + rng.below(5)).to_string(),
        _ => p.to_string(),
    }
}

fn random_argv(rng: &mut Rng) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    if rng.below(4) == 0 {
        v.push(
            ["-b", "-n", "-c", "-bn", "-nb", "-h", "-hc", "--html"][rng.below(8) as usize]
                .to_string(),
        );
    }
    let m1 = 6 + rng.below(27);
    match rng.below(8) {
        0 => {
            v.push(address(rng));
            v.push(mask(rng, 6));
        }
        1 => v.push(format!("{}/{}", address(rng), mask(rng, 6))),
        2 => {
            // A second mask: subnets (limited so outputs stay small) or a supernet.
            v.push(format!("{}/{m1}", address(rng)));
            let m2 = if rng.below(2) == 0 {
                (m1 + rng.below(6)).min(32)
            } else {
                6 + rng.below(m1 - 5)
            };
            v.push(m2.to_string());
        }
        3 => {
            v.push(format!("{}/{}", address(rng), 16 + rng.below(13)));
            v.push("-s".into());
            for _ in 0..1 + rng.below(4) {
                v.push(rng.below(600).to_string());
            }
        }
        4 => {
            v.push(address(rng));
            v.push("-".into());
            v.push(address(rng));
        }
        5 => v.push(address(rng)),
        6 => {
            let a = rng.next() as u128 | ((rng.next() as u128) << 64);
            v.push(format!(
                "{}/{}",
                std::net::Ipv6Addr::from(a),
                rng.below(140)
            ));
        }
        _ => {
            v.push(format!("{}/{m1}", address(rng)));
            v.push(format!("{}", (m1 + rng.below(4)).min(32)));
        }
    }
    v
}

#[test]
fn random_command_lines_match_the_real_tool() {
    if !real_ipcalc_available() {
        eprintln!("skipped: Debian ipcalc 0.42 is not installed (apt-get install -y ipcalc)");
        return;
    }
    // NETBOOK_DIFF_SEED / NETBOOK_DIFF_CASES explore further than the
    // default run (each case starts Perl, about 0.1 s).
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let mut rng = Rng(env("NETBOOK_DIFF_SEED").unwrap_or(0x1b_ca1c_0042) | 1);
    let mut failures = Vec::new();
    let cases = env("NETBOOK_DIFF_CASES").unwrap_or(200);
    for _ in 0..cases {
        let argv = random_argv(&mut rng);
        let real = Command::new("ipcalc")
            .args(&argv)
            .env("TERM", "dumb")
            .output()
            .expect("ipcalc runs");
        let mut world = World::new();
        let flag = AtomicBool::new(false);
        let mut ctx = Ctx {
            world: &mut world,
            netns: None,
            stdin: None,
            interrupt: &flag,
            live: None,
            pacer: None,
            shell: None,
            env: Default::default(),
        };
        let mut full = vec!["ipcalc".to_string()];
        full.extend(argv.iter().cloned());
        let ours = run_argv(&mut ctx, &full);
        if ours.stdout.as_bytes() != real.stdout.as_slice() {
            failures.push(format!(
                "ipcalc {}\n--- ours\n{}--- real\n{}",
                argv.join(" "),
                ours.stdout,
                String::from_utf8_lossy(&real.stdout)
            ));
        }
    }
    let heads: Vec<&str> = failures.iter().filter_map(|f| f.lines().next()).collect();
    assert!(
        failures.is_empty(),
        "{} of {cases} differ: {heads:#?}\nfirst:\n{}",
        failures.len(),
        failures.first().map_or("", |f| f.as_str())
    );
}
