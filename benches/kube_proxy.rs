//! Issue 20's scale target: a node whose nat table is what kube-proxy
//! (iptables mode) writes for 1,000 Services with 3 endpoints each
//! (ClusterIP + NodePort), restored in under 0.5 s, and a connection to a
//! Service walked in under 1 ms.
//!
//! The lab is chapter 7's own topology, built from the notebook's cells;
//! only the rules file is replaced by the generated one. The measured
//! Service is the last one in `KUBE-SERVICES` (the worst case: every
//! Service rule before it is scanned) and its endpoints are the chapter's
//! three web pods, so the connection really completes.
//!
//! Run: `cargo bench --no-default-features --features grade --bench kube_proxy`

use criterion::{criterion_group, criterion_main, Criterion};
use netbook::shell::{Emit, Session};
use netbook::sim::netfilter::{save, Netfilter};
use std::hint::black_box;
use std::time::Duration;

const NOTEBOOK: &str = include_str!("../notebooks/07-kubernetes.ipynb");
const SERVICES: u32 = 1_000;
const ENDPOINTS_PER_SERVICE: u32 = 3;

/// kube-proxy names chains by a base32 hash; any stable 16-character
/// name of the same alphabet gives the same lookup costs.
fn hash_name(kind: &str, n: u32) -> String {
    const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut x = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ kind.len() as u64;
    let mut s = format!("KUBE-{kind}-");
    for _ in 0..16 {
        s.push(ALPHA[(x & 31) as usize] as char);
        x = x.rotate_right(5).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    }
    s
}

fn vip(i: u32) -> String {
    format!("10.96.{}.{}", 1 + i / 250, i % 250 + 1)
}

/// Endpoints of service `i`; the last service's are the chapter's pods.
fn endpoints(i: u32) -> Vec<String> {
    if i == SERVICES - 1 {
        return ["10.244.1.10", "10.244.2.10", "10.244.2.11"]
            .map(str::to_string)
            .to_vec();
    }
    (0..ENDPOINTS_PER_SERVICE)
        .map(|e| {
            let n = i * ENDPOINTS_PER_SERVICE + e;
            format!("10.244.{}.{}", 1 + n % 2, 100 + (n / 2) % 150)
        })
        .collect()
}

/// The `iptables-save -t nat` of such a node, in kube-proxy's layout.
fn kube_proxy_dump() -> (String, usize) {
    let mut chains = vec![
        "KUBE-MARK-MASQ".to_string(),
        "KUBE-NODEPORTS".into(),
        "KUBE-POSTROUTING".into(),
        "KUBE-SERVICES".into(),
    ];
    let mut rules = vec![
        "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES".to_string(),
        "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES".into(),
        "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING".into(),
        "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000".into(),
        "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN".into(),
        "-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0".into(),
        "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE".into(),
    ];
    let mut services = Vec::new();
    for i in 0..SERVICES {
        let name = format!("default/svc-{i}:http");
        let (svc, ext) = (hash_name("SVC", i), hash_name("EXT", i));
        chains.push(svc.clone());
        chains.push(ext.clone());
        let vip = vip(i);
        services.push(format!("-A KUBE-SERVICES -d {vip}/32 -p tcp -m comment --comment \"{name} cluster IP\" -m tcp --dport 80 -j {svc}"));
        rules.push(format!(
            "-A KUBE-NODEPORTS -p tcp -m comment --comment \"{name}\" -m tcp --dport {} -j {ext}",
            30000 + i
        ));
        rules.push(format!("-A {ext} -m comment --comment \"masquerade traffic for {name} external destinations\" -j KUBE-MARK-MASQ"));
        rules.push(format!("-A {ext} -j {svc}"));
        rules.push(format!("-A {svc} ! -s 10.244.0.0/16 -d {vip}/32 -p tcp -m comment --comment \"{name} cluster IP\" -m tcp --dport 80 -j KUBE-MARK-MASQ"));
        let eps = endpoints(i);
        for (e, ep) in eps.iter().enumerate() {
            let sep = hash_name("SEP", i * ENDPOINTS_PER_SERVICE + e as u32);
            chains.push(sep.clone());
            let left = eps.len() - e;
            let stat = if left > 1 {
                format!(
                    " -m statistic --mode random --probability {:.11}",
                    1.0 / left as f64
                )
            } else {
                String::new()
            };
            rules.push(format!(
                "-A {svc} -m comment --comment \"{name} -> {ep}:8080\"{stat} -j {sep}"
            ));
            rules.push(format!(
                "-A {sep} -s {ep}/32 -m comment --comment \"{name}\" -j KUBE-MARK-MASQ"
            ));
            rules.push(format!("-A {sep} -p tcp -m comment --comment \"{name}\" -m tcp -j DNAT --to-destination {ep}:8080"));
        }
    }
    rules.extend(services);
    rules.push("-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS".into());
    chains.sort();
    let mut d =
        String::from("*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n");
    for c in &chains {
        d += &format!(":{c} - [0:0]\n");
    }
    for r in &rules {
        d += r;
        d.push('\n');
    }
    d += "COMMIT\n";
    (d, rules.len())
}

/// Chapter 7's sections 7.1 and the web servers of 7.2: every code cell
/// before the "## 7.2" heading, then the cell starting the HTTP servers.
fn chapter_topology() -> String {
    let nb: serde_json::Value = serde_json::from_str(NOTEBOOK).expect("notebook JSON");
    let mut code = String::new();
    let mut before_services = true;
    for c in nb["cells"].as_array().expect("cells") {
        let src: String = c["source"]
            .as_array()
            .expect("source")
            .iter()
            .filter_map(|l| l.as_str())
            .collect();
        if c["cell_type"] == "markdown" && src.starts_with("## 7.2") {
            before_services = false;
        }
        let servers = src.contains("python3 -m http.server 8080 &");
        if c["cell_type"] == "code" && !src.starts_with('%') && (before_services || servers) {
            code += &src;
            code.push('\n');
            if servers {
                break;
            }
        }
    }
    code
}

fn run(s: &mut Session, code: &str) {
    let mut out: Vec<Emit> = Vec::new();
    let r = s.execute(code, &mut out);
    assert!(r.error.is_none() && r.status == 0, "{r:?} {out:?}");
}

fn bench(c: &mut Criterion) {
    let (dump, nrules) = kube_proxy_dump();
    eprintln!(
        "kube-proxy dump: {SERVICES} services, {} endpoints, {nrules} nat rules, {} lines",
        SERVICES * ENDPOINTS_PER_SERVICE,
        dump.lines().count()
    );
    let mut g = c.benchmark_group("kube_proxy");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(5));
    g.bench_function(
        "iptables-restore 1000 services 3000 endpoints (library)",
        |b| {
            b.iter(|| {
                let mut nf = Netfilter::new();
                save::restore(&mut nf, black_box(&dump), false, false).expect("valid");
                nf
            })
        },
    );

    let mut s = Session::new();
    run(&mut s, &chapter_topology());
    run(
        &mut s,
        &format!("mkdir -p /etc/kubernetes\ncat > /etc/kubernetes/big.rules <<'EOF'\n{dump}EOF"),
    );
    let restore = "ip netns exec node1 iptables-restore < /etc/kubernetes/big.rules";
    g.bench_function(
        "iptables-restore 1000 services 3000 endpoints (cell)",
        |b| b.iter(|| run(&mut s, restore)),
    );
    run(
        &mut s,
        "ip netns exec node2 iptables-restore < /etc/kubernetes/big.rules",
    );

    let url = format!("http://{}/", vip(SERVICES - 1));
    let curl = format!("ip netns exec client curl -s {url}");
    let argv: Vec<String> = curl.split_whitespace().map(str::to_string).collect();
    let flag = std::sync::atomic::AtomicBool::new(false);
    let call = |s: &mut Session| {
        let mut ctx = netbook::shell::Ctx {
            world: s.world_mut(),
            netns: None,
            stdin: None,
            interrupt: &flag,
            live: None,
            pacer: None,
            shell: None,
            env: Default::default(),
        };
        let out = netbook::shell::command::run_argv(&mut ctx, &argv);
        assert!(
            out.status == 0 && out.stdout.contains("Directory listing"),
            "{out:?}"
        );
        black_box(out)
    };
    call(&mut s);
    g.bench_function(
        "curl to the last Service's ClusterIP (whole connection)",
        |b| b.iter(|| call(&mut s)),
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
