//! The simulator's records in the current language: trace steps, drop
//! reasons, and the English sentences the simulator builds for causes,
//! fixes, outcomes and hints (translated by pattern, with commands and
//! names kept as they are).
//!
//! The simulator speaks English in its `Display` impls (they also feed
//! `text/plain` of our own `netbook trace`); the rich layer re-tells the
//! same facts here, so the diagrams never guess.

use super::patterns::{self, Table};
use super::{host_label, lang, Lang};
use crate::sim::trace::{At, DropReason, Step};
use regex_lite::{Captures, Regex};
use std::sync::OnceLock;

fn at(a: &At) -> String {
    let ns = host_label(&a.ns);
    if a.dev.is_empty() {
        ns
    } else {
        format!("{ns}/{}", a.dev)
    }
}

/// How a REJECT rule answers: the ICMP error or TCP reset it sends back.
/// `None` when the drop was not a REJECT.
pub fn reject_reply(reason: &DropReason) -> Option<String> {
    let DropReason::Netfilter(rule) = reason else {
        return None;
    };
    let with = rule.rsplit_once("(REJECT ")?.1.trim_end_matches(')');
    Some(with.to_string())
}

/// One step as a line of prose. A REJECT says that it answers the
/// sender, so it never reads as a silent DROP.
///
/// ```
/// use netbook::display::i18n::{sim::step, with_lang, Lang};
/// use netbook::sim::trace::{At, Step};
/// let s = Step::ArpRequest { at: At { ns: "".into(), dev: "eth0".into() },
///     target: [10, 0, 0, 2].into(), sender: [10, 0, 0, 1].into() };
/// assert_eq!(with_lang(Lang::En, || step(&s)), "host/eth0: ARP who-has 10.0.0.2 tell 10.0.0.1");
/// assert_eq!(with_lang(Lang::Ko, || step(&s)), "호스트/eth0: ARP 요청 — 10.0.0.2는 누구? 10.0.0.1에게 알려 주세요");
/// ```
pub fn step(s: &Step) -> String {
    if let Step::Drop { at: a, reason } = s {
        if let Some(with) = reject_reply(reason) {
            let DropReason::Netfilter(rule) = reason else {
                unreachable!()
            };
            let rule = sentence(rule.rsplit_once(" (REJECT ").map_or(rule.as_str(), |r| r.0));
            return match lang() {
                Lang::En => format!(
                    "{}: REJECT: refused by netfilter ({rule}); {with} goes back to the sender",
                    at(a)
                ),
                Lang::Ko => format!(
                    "{}: REJECT: netfilter가 거부 ({rule}); 보낸 쪽에 {with}을(를) 돌려보냅니다",
                    at(a)
                ),
            };
        }
    }
    if lang() == Lang::En {
        return s.to_string();
    }
    match s {
        Step::Route {
            at: a, dst, route, ..
        } => {
            format!("{}: {dst}(으)로 가는 경로 선택: {route}", at(a))
        }
        Step::ArpRequest {
            at: a,
            target,
            sender,
        } => format!(
            "{}: ARP 요청 — {target}는 누구? {sender}에게 알려 주세요",
            at(a)
        ),
        Step::ArpReply { at: a, ip, mac } => {
            format!("{}: ARP 응답 — {ip}의 MAC은 {mac}", at(a))
        }
        Step::BridgeLearn { at: a, mac, port } => {
            format!("{}: {mac}을(를) 포트 {port}에서 학습", at(a))
        }
        Step::BridgeFlood { at: a, ports, dst } => {
            format!("{}: {dst}을(를) 포트 {ports}개로 플러딩", at(a))
        }
        Step::BridgeUnicast { at: a, dst, port } => {
            format!("{}: {dst}을(를) 포트 {port}(으)로 전달", at(a))
        }
        Step::Wire { from, to } => format!("{} → {}", at(from), at(to)),
        Step::Netfilter {
            at: a,
            hook,
            verdict,
        } => format!("{}: {hook}: {}", at(a), sentence(verdict)),
        Step::Forward { at: a, from_dev } => {
            format!("{}: {from_dev}에서 받아 포워딩", at(a))
        }
        Step::Deliver { at: a, what } => format!("{}: 전달(수신) {}", at(a), sentence(what)),
        Step::Drop { at: a, reason } => format!("{}: DROP: {}", at(a), drop_reason(reason)),
    }
}

/// Why a packet was dropped, in the current language.
pub fn drop_reason(r: &DropReason) -> String {
    if lang() == Lang::En {
        return r.to_string();
    }
    match r {
        DropReason::LinkDown => "인터페이스가 down 상태입니다".into(),
        DropReason::NoCarrier => {
            "carrier 없음: 케이블 반대편(veth peer / 브리지 포트)이 down 상태입니다".into()
        }
        DropReason::NoRoute => "목적지로 가는 경로가 없습니다".into(),
        DropReason::ForwardingDisabled => {
            "이 호스트가 목적지가 아니고 net.ipv4.ip_forward = 0입니다".into()
        }
        DropReason::ArpFailed(ip) => format!("{ip}에 대한 ARP 응답이 없습니다"),
        DropReason::TtlExceeded => "TTL이 0이 되었습니다".into(),
        DropReason::NotForUs => "브리지가 아닌 인터페이스에 다른 MAC으로 가는 프레임".into(),
        DropReason::PortDisabled => {
            "브리지 포트가 disabled 상태입니다 (브리지나 포트가 down)".into()
        }
        DropReason::Blackhole => "이 인터페이스 뒤에는 아무것도 연결되어 있지 않습니다".into(),
        DropReason::HairpinOff(port) => format!(
            "bridge는 프레임을 들어온 포트로 돌려보내지 않습니다: {port}의 hairpin이 꺼져 있습니다"
        ),
        DropReason::StrayReply { from, sent_to } => format!(
            "응답이 {from}에서 왔지만 연결은 {sent_to}(으)로 보냈습니다: 그 응답을 받을 소켓이 없어(주소가 되돌려지지 않음) 커널이 reset으로 답합니다"
        ),
        DropReason::Martian(a) => {
            format!("martian: {a}는 loopback 주소라 네트워크 인터페이스로 들어올 수 없습니다")
        }
        DropReason::MartianSource(a) => format!(
            "martian source: {a}는 이 호스트 자신의 주소라 네트워크에서 들어올 수 없습니다"
        ),
        DropReason::ReversePath { src, dev, back: Some(b) } => format!(
            "rp_filter: {src}(으)로 돌아가는 경로가 들어온 {dev}가 아니라 {b}(으)로 나갑니다"
        ),
        DropReason::ReversePath { src, back: None, .. } => {
            format!("rp_filter: {src}(으)로 돌아가는 경로가 없습니다")
        }
        DropReason::RouteType(word) => format!("경로가 {word} 경로입니다"),
        DropReason::Netfilter(rule) => format!("netfilter가 버림: {}", sentence(rule)),
        DropReason::EchoIgnored => "net.ipv4.icmp_echo_ignore_all = 1".into(),
        DropReason::Upstream(why) => sentence(why),
        DropReason::Storm(why) => storm_ko(why),
    }
}

/// (English pattern, Korean template). Named groups whose name starts
/// with `s` are sentences themselves and are translated recursively;
/// `at` groups are places (`host/eth0` becomes `호스트/eth0`).
const PATTERNS: &Table = &[
    // Name resolution steps (`sim::dns::resolver`).
    (r"^/etc/hosts: no line for (?P<x>.+)$", "/etc/hosts: {x}에 해당하는 줄 없음"),
    (r"^/etc/hosts line (?P<n>\d+): (?P<x>.+)$", "/etc/hosts {n}번째 줄: {x}"),
    (
        r"^/etc/nsswitch\.conf line (?P<n>\d+): (?P<x>.+)$",
        "/etc/nsswitch.conf {n}번째 줄: {x}",
    ),
    (r"^(?P<x>\S+) is an address: no lookup$", "{x}은(는) 주소라서 조회하지 않습니다"),
    (r"^(?P<x>\S+) is not a valid host name: no query$", "{x}은(는) 올바른 호스트 이름이 아니라서 DNS에 묻지 않습니다"),
    (r"^(?P<x>\S+) is an alias for (?P<y>\S+)$", "{x}은(는) {y}의 별칭(CNAME)"),
    (r"^CNAME loop at (?P<x>\S+): no address$", "{x}에서 CNAME이 순환합니다: 주소 없음"),
    (
        r"^(?P<x>\S+): NSS module not simulated \(UNAVAIL\)$",
        "{x}: 시뮬레이션하지 않는 NSS 모듈 (UNAVAIL)",
    ),
    (
        r"^(?P<q>.+ -> \S+#\d+): no reply \((?P<why>.+)\)$",
        "{q}: 응답 없음 ({why})",
    ),
    (r"^(?P<q>.+) \(no answer records\)$", "{q} (응답 레코드 없음)"),
    (
        r"^  server: recursive lookup on the simulated Internet$",
        "  서버: 시뮬레이션된 인터넷에서 재귀 조회",
    ),
    (r"^  server: (?P<x>.+)$", "  서버: {x}"),
    (
        r"^(?P<x>\S+): ask for IPv6 \(AF_INET6\) first$",
        "{x}: IPv6(AF_INET6) 주소를 먼저 묻습니다",
    ),
    (
        r"^(?P<x>\S+): no IPv6 address, ask for IPv4 \(AF_INET\)$",
        "{x}: IPv6 주소가 없어서 IPv4(AF_INET) 주소를 묻습니다",
    ),
    (
        r"^'(?P<x>[^']+)' has (?P<n>\d+) dot\(s\), ndots is (?P<m>\d+): try (?P<y>.+)$",
        "'{x}'에는 점이 {n}개, ndots는 {m}: {y} 순서로 시도",
    ),
    // Outcomes of a walk.
    (r"^answered: echo reply from (?P<x>\S+)$", "응답 받음: {x}의 echo reply"),
    (
        r"^answered: SYN-ACK from (?P<x>\S+) \(a process listens\)$",
        "응답 받음: {x}의 SYN-ACK (듣는 프로세스가 있음)",
    ),
    (r"^answered: UDP reply from (?P<x>\S+)$", "응답 받음: {x}의 UDP 응답"),
    (r"^refused$", "거부됨"),
    (
        r"^refused by a REJECT rule \(TCP reset\)$",
        "REJECT 규칙이 거부함 (TCP reset)",
    ),
    (r"^answered with ICMP (?P<x>.+)$", "ICMP {x}(으)로 응답"),
    (r"^lost: nothing came back$", "사라짐: 아무 응답도 돌아오지 않음"),
    // Causes.
    (
        r"^nothing listens on port (?P<p>\d+) in (?P<at>.+): the kernel answers with a reset / port unreachable$",
        "{at}의 {p}번 포트에서 듣는 프로세스가 없습니다: 커널이 reset / port unreachable로 답합니다",
    ),
    (
        r"^start a server there, e\.g\. (?P<c>`[^`]+`) or (?P<d>`[^`]+`)$",
        "그곳에서 서버를 띄우세요. 예: {c} 또는 {d}",
    ),
    (
        r"^(?P<at>.+) is not the destination and does not forward: net\.ipv4\.ip_forward = 0$",
        "{at}은(는) 목적지가 아니고 포워딩도 하지 않습니다: net.ipv4.ip_forward = 0",
    ),
    (
        r"^no return route: (?P<at>.+) has no route back to (?P<x>\S+)$",
        "돌아갈 경로 없음: {at}에는 {x}(으)로 돌아가는 경로가 없습니다",
    ),
    (
        r"^masquerade on the router \((?P<c>`[^`]+`)\) or add a return route \((?P<d>`[^`]+`)\)$",
        "라우터에서 masquerade 하거나({c}) 돌아오는 경로를 추가하세요({d})",
    ),
    (r"^(?P<at>.+) has no route to (?P<x>\S+)$", "{at}에는 {x}(으)로 가는 경로가 없습니다"),
    (r"^missing MASQUERADE: (?P<s>.+)$", "MASQUERADE 없음: {s}"),
    (
        r"^(?P<at>.+): nobody answers ARP for (?P<x>\S+) \(host down, wrong subnet, or not on this bridge\)$",
        "{at}: {x}에 대한 ARP에 아무도 답하지 않습니다 (호스트가 꺼졌거나, 서브넷이 다르거나, 이 브리지에 없음)",
    ),
    (
        r"^the upstream network drops packets from (?P<x>\S+) \(not the host's address: nobody masqueraded it\)$",
        "상위 네트워크가 {x}에서 온 패킷을 버립니다 (호스트의 주소가 아님: 아무도 MASQUERADE 하지 않음)",
    ),
    (r"^the gateway ignores it$", "게이트웨이가 무시합니다"),
    (
        r"^(?P<x>\S+) is not routed on the Internet$",
        "{x}은(는) 인터넷에서 라우팅되지 않는 주소입니다",
    ),
    (r"^not answered$", "응답 없음"),
    (
        r"^the reply came from (?P<a>\S+), but the connection went to (?P<b>\S+): no socket owns it \(its address was never translated back\), the kernel answers with a reset$",
        "응답이 {a}에서 왔지만 연결은 {b}(으)로 보냈습니다: 그 응답을 받을 소켓이 없어(주소가 되돌려지지 않음) 커널이 reset으로 답합니다",
    ),
    (
        r"^the answer came from (?P<a>\S+), not from (?P<b>\S+): the resolver's socket does not take it \(its address was never translated back\)$",
        "응답이 {b}가 아니라 {a}에서 왔습니다: 리졸버의 소켓은 그 응답을 받지 않습니다(주소가 되돌려지지 않음)",
    ),
    (
        r"^the bridge does not send a frame back out the port it came in on: hairpin is off on (?P<p>\S+)$",
        "bridge는 프레임을 들어온 포트로 돌려보내지 않습니다: {p}의 hairpin이 꺼져 있습니다",
    ),
    // Netfilter hints (drop_hint) and verdict summaries.
    (
        r"^(?P<w>dropped|rejected \([a-z0-9-]+\)) by the (?P<by>.+) at (?P<ch>[A-Z]+): allow it with (?P<c>`[^`]+`) or open the chain with (?P<d>`[^`]+`)$",
        "{ch}에서 {by}에 의해 {w}: {c}로 허용하거나 {d}로 체인을 여세요",
    ),
    (
        r"^(?P<w>dropped|rejected \([a-z0-9-]+\)) by (?P<by>.+) \((?P<c>`[^`]+`)\): remove it with (?P<d>`[^`]+`)$",
        "{by}({c})에 의해 {w}: {d}로 그 규칙을 지우세요",
    ),
    (
        r"^(?P<w>dropped|rejected \([a-z0-9-]+\)) at (?P<ch>[A-Z]+) by (?P<by>.+)$",
        "{ch}에서 {by}에 의해 {w}",
    ),
    (r"^dropped by netfilter$", "netfilter가 버림"),
    (r"^dropped$", "버려짐(DROP)"),
    (r"^rejected \((?P<x>[a-z0-9-]+)\)$", "거부됨(REJECT, {x})"),
    (
        r"^(?P<t>filter|nat|mangle|raw) (?P<ch>[A-Za-z0-9_-]+) rule (?P<n>\d+)$",
        "{t} {ch} 규칙 {n}",
    ),
    (
        r"^(?P<t>filter|nat|mangle|raw) (?P<ch>[A-Za-z0-9_-]+) policy (?P<p>[A-Z]+)$",
        "{t} {ch} 정책 {p}",
    ),
    (
        r"^iptables (?P<t>filter|nat|mangle|raw) (?P<ch>[A-Za-z0-9_-]+) rule (?P<n>\d+)$",
        "iptables {t} {ch} 규칙 {n}",
    ),
    (r"^(?P<at>[^:]+): (?P<s>.+)$", "{at}: {s}"),
    (
        r"^(?P<v>ACCEPT|DROP|REJECT \([a-z0-9-]+\)) by (?P<by>.+?)(?P<rest>;.*)?$",
        "{v} ({by}){rest}",
    ),
    // Delivered packets (`Ipv4Packet::describe`).
    (
        r"^ICMP echo request seq=(?P<n>\d+) (?P<x>.+)$",
        "ICMP echo 요청 seq={n} {x}",
    ),
    (
        r"^ICMP echo reply seq=(?P<n>\d+) (?P<x>.+)$",
        "ICMP echo 응답 seq={n} {x}",
    ),
    (r"^UDP port (?P<n>\d+) (?P<x>.+)$", "UDP {n}번 포트 {x}"),
    (r"^TCP \[(?P<f>[A-Z.]+)\] port (?P<n>\d+) (?P<x>.+)$", "TCP [{f}] {n}번 포트 {x}"),
    // Places.
    (r"^host$", "호스트"),
    (r"^the host$", "호스트"),
    (r"^host/(?P<d>\S+)$", "호스트/{d}"),
];

fn compiled() -> &'static [(Regex, &'static str)] {
    static P: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    P.get_or_init(|| patterns::compile(PATTERNS))
}

fn expand(template: &str, caps: &Captures<'_>, re: &Regex, depth: u8) -> String {
    patterns::fill(template, re, caps, |name, value| match name {
        "at" | "by" | "x" if depth < 4 => translate(value, depth + 1),
        n if n.starts_with('s') && depth < 4 => translate(value, depth + 1),
        "w" if depth < 4 => translate(value, depth + 1),
        _ => value.to_string(),
    })
}

fn translate(s: &str, depth: u8) -> String {
    for (re, ko) in compiled() {
        if let Some(caps) = re.captures(s) {
            return expand(ko, &caps, re, depth);
        }
    }
    s.to_string()
}

/// A sentence the simulator wrote in English, in the current language:
/// known shapes are translated, anything else is kept as written.
///
/// ```
/// use netbook::display::i18n::{sim::sentence, with_lang, Lang};
/// let s = "ns1 is not the destination and does not forward: net.ipv4.ip_forward = 0";
/// assert_eq!(with_lang(Lang::En, || sentence(s)), s);
/// assert!(with_lang(Lang::Ko, || sentence(s)).starts_with("ns1은(는) 목적지가 아니고"));
/// ```
pub fn sentence(s: &str) -> String {
    match lang() {
        Lang::En => s.to_string(),
        Lang::Ko => {
            let mut out = translate(s, 0);
            for (en, ko) in NAT_KINDS {
                out = out.replace(en, ko);
            }
            out
        }
    }
}

/// The storm message of [`crate::sim::stack::storm`] in Korean.
fn storm_ko(why: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^broadcast storm: the frame looped (\d+) times (?:between|on) (.+); a loop needs STP \(`(.+)` on Linux").expect("static regex")
    });
    match re.captures(why) {
        Some(c) => format!(
            "브로드캐스트 스톰: 프레임이 {}에서 {}번 돌았습니다. 루프를 없애려면 Linux에서 STP를 켜거나(`{}`, netbook은 STP를 시뮬레이션하지 않습니다) 링크 하나를 지우세요 (Linux는 그때까지 계속 흘려보냅니다. netbook이 멈췄습니다)",
            &c[2], &c[1], &c[3]
        ),
        None => format!("패킷 폭주: {why}"),
    }
}

/// The simulator's names of implicit NAT steps (`NatKind::name`).
const NAT_KINDS: [(&str, &str); 2] = [
    ("reply un-NAT", "응답의 NAT 되돌림"),
    ("source port remap", "출발지 포트 재배정"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::i18n::with_lang;

    #[test]
    fn every_pattern_compiles_and_keeps_its_groups() {
        patterns::assert_groups_used(compiled(), PATTERNS);
    }

    #[test]
    fn hints_keep_their_commands() {
        let h = "dropped by the filter FORWARD policy DROP at FORWARD: allow it with `iptables -I FORWARD -s 10.0.0.1 -d 10.0.1.1 -j ACCEPT` or open the chain with `iptables -P FORWARD ACCEPT`";
        let k = with_lang(Lang::Ko, || sentence(h));
        assert!(k.contains("`iptables -P FORWARD ACCEPT`"), "{k}");
        assert!(k.contains("버려짐"), "{k}");
        let at = "ns1/veth0: dropped at INPUT by filter INPUT rule 1";
        let k = with_lang(Lang::Ko, || sentence(at));
        assert_eq!(
            k,
            "ns1/veth0: INPUT에서 filter INPUT 규칙 1에 의해 버려짐(DROP)"
        );
    }
}
