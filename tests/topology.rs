//! `netbook topology` with Services: virtual IPs read from nat rules,
//! their endpoints with each one's share, tied to the pods that own them.

mod common;
use common::ok;
use netbook::shell::{Emit, Session};

const CLUSTER: &str = "\
ip link add cni0 type bridge
ip addr add 10.244.1.1/24 dev cni0
ip link set cni0 up
for p in a b; do
  ip netns add $p
  ip link add veth-$p type veth peer name eth0 netns $p
  ip link set veth-$p master cni0
  ip link set veth-$p up
done
ip -n a addr add 10.244.1.10/24 dev eth0
ip -n b addr add 10.244.1.11/24 dev eth0
iptables -t nat -N KUBE-SERVICES
iptables -t nat -N KUBE-SVC-WEB
iptables -t nat -N KUBE-SVC-EMPTY
iptables -t nat -N KUBE-SEP-A
iptables -t nat -N KUBE-SEP-B
iptables -t nat -A PREROUTING -j KUBE-SERVICES
iptables -t nat -A KUBE-SERVICES -d 10.96.0.100/32 -p tcp -m comment --comment 'default/web:http cluster IP' -m tcp --dport 80 -j KUBE-SVC-WEB
iptables -t nat -A KUBE-SERVICES -d 10.96.0.150/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-EMPTY
iptables -t nat -A KUBE-SVC-WEB -m statistic --mode random --probability 0.5 -j KUBE-SEP-A
iptables -t nat -A KUBE-SVC-WEB -j KUBE-SEP-B
iptables -t nat -A KUBE-SEP-A -p tcp -j DNAT --to-destination 10.244.1.10:8080
iptables -t nat -A KUBE-SEP-B -p tcp -j DNAT --to-destination 10.244.1.11:8080
";

fn topology(s: &mut Session) -> (String, String) {
    let mut out = Vec::new();
    s.execute("netbook topology", &mut out);
    let Some(Emit::Result(b)) = out.last() else {
        panic!("{out:?}")
    };
    (
        b.text().to_string(),
        b.get("image/svg+xml").unwrap().to_string(),
    )
}

#[test]
fn a_service_is_drawn_with_its_endpoints_and_shares() {
    let mut s = Session::new();
    ok(&mut s, CLUSTER);
    let (text, svg) = topology(&mut s);
    assert!(
        text.contains("  default/web:http 10.96.0.100:80/tcp -> 10.244.1.10:8080 (a) 50%, 10.244.1.11:8080 (b) 50% [rules in host]\n"),
        "{text}"
    );
    assert!(
        text.contains("  10.96.0.150:80/tcp -> no endpoints [rules in host]\n"),
        "{text}"
    );
    // Korean labels in a session; a dashed arrow per endpoint that a pod owns.
    assert!(
        svg.contains("Service (nat 테이블의 DNAT 규칙이 만드는 가상 IP)"),
        "{svg}"
    );
    assert!(svg.contains("endpoint 없음"), "{svg}");
    assert!(svg.contains("10.244.1.11:8080 (b) 50%"), "{svg}");
    assert_eq!(svg.matches("stroke-dasharray=\"4 3\"").count(), 2, "{svg}");
}

#[test]
fn without_dnat_rules_the_picture_has_no_services() {
    let mut s = Session::new();
    ok(
        &mut s,
        "iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE",
    );
    let (text, svg) = topology(&mut s);
    assert!(!text.contains("services"), "{text}");
    assert!(!svg.contains("Service"), "{svg}");
}

#[test]
fn many_services_are_summarised() {
    let mut s = Session::new();
    ok(
        &mut s,
        "for i in $(seq 1 300); do iptables -t nat -A PREROUTING -d 10.96.$((i / 256)).$((i % 256))/32 -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1:80; done",
    );
    let (text, svg) = topology(&mut s);
    assert!(text.ends_with("  ... 200 more\n"), "{text}");
    assert!(svg.contains("그리지 않음: Service 288개 더"), "{svg}");
    assert!(svg.len() < 60_000, "{}", svg.len());
}
