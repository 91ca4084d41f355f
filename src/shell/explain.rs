//! What Shift+Tab (Jupyter's inspect) says about the word under the
//! cursor: an option or keyword of the command it belongs to (`-j
//! MASQUERADE`, `-o`, `--to-destination`, `ssh -L`, `dig +short`), in the
//! session's language; an IPv4 address or prefix (its class, scope and,
//! for a prefix, its network). Commands themselves show their synopsis
//! (the session does that).

use crate::display::i18n::Lang;
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;

/// One entry: command, option or keyword, English, Korean.
type Entry = (&'static str, &'static str, &'static str, &'static str);

/// The options and keywords learners meet in the chapters.
const OPTIONS: &[Entry] = &[
    ("iptables", "-t", "the table to work on: filter (default), nat, mangle or raw", "작업할 테이블: filter(기본), nat, mangle, raw"),
    ("iptables", "-A", "append a rule at the end of a chain", "체인의 맨 끝에 규칙을 추가합니다"),
    ("iptables", "-I", "insert a rule at the top of a chain (or at a given position)", "체인의 맨 앞(또는 지정한 위치)에 규칙을 넣습니다"),
    ("iptables", "-D", "delete a rule (by its specification or number)", "규칙을 지웁니다 (규칙 내용이나 번호로)"),
    ("iptables", "-C", "check whether a rule exists (exit status 0 if it does)", "규칙이 있는지 확인합니다 (있으면 종료 코드 0)"),
    ("iptables", "-P", "set a built-in chain's policy (what happens when no rule matches)", "기본 체인의 정책(어떤 규칙에도 맞지 않을 때의 처리)을 정합니다"),
    ("iptables", "-N", "create a user-defined chain", "사용자 정의 체인을 만듭니다"),
    ("iptables", "-F", "flush: delete every rule of a chain (or of the table)", "체인(또는 테이블)의 규칙을 모두 지웁니다"),
    ("iptables", "-L", "list the rules of a chain or of the table", "체인이나 테이블의 규칙을 보여줍니다"),
    ("iptables", "-S", "print the rules as iptables commands", "규칙을 iptables 명령 형태로 출력합니다"),
    ("iptables", "-n", "numeric output: no name lookups for addresses and ports", "주소와 포트를 이름으로 바꾸지 않고 숫자로 보여줍니다"),
    ("iptables", "-v", "verbose: packet and byte counters, interfaces", "자세히: 패킷/바이트 카운터와 인터페이스를 보여줍니다"),
    ("iptables", "-p", "match the protocol (tcp, udp, icmp)", "프로토콜(tcp, udp, icmp)로 매칭합니다"),
    ("iptables", "-s", "match the source address or network", "출발지 주소(또는 네트워크)로 매칭합니다"),
    ("iptables", "-d", "match the destination address or network", "목적지 주소(또는 네트워크)로 매칭합니다"),
    ("iptables", "-i", "match the interface the packet came in on (PREROUTING, INPUT, FORWARD)", "패킷이 들어온 인터페이스로 매칭합니다 (PREROUTING, INPUT, FORWARD)"),
    ("iptables", "-o", "match the interface the packet goes out on (FORWARD, OUTPUT, POSTROUTING)", "패킷이 나갈 인터페이스로 매칭합니다 (FORWARD, OUTPUT, POSTROUTING)"),
    ("iptables", "-j", "jump: what to do with a matching packet (a target or a user chain)", "매칭된 패킷을 어떻게 할지 정합니다 (타깃 또는 사용자 체인)"),
    ("iptables", "-m", "load a match extension (conntrack, multiport, comment, ...)", "매치 확장을 불러옵니다 (conntrack, multiport, comment 등)"),
    ("iptables", "--dport", "match the destination port (needs -p tcp or -p udp)", "목적지 포트로 매칭합니다 (-p tcp/udp 필요)"),
    ("iptables", "--sport", "match the source port (needs -p tcp or -p udp)", "출발지 포트로 매칭합니다 (-p tcp/udp 필요)"),
    ("iptables", "--ctstate", "match the connection tracking state (NEW, ESTABLISHED, RELATED, INVALID)", "연결 추적 상태로 매칭합니다 (NEW, ESTABLISHED, RELATED, INVALID)"),
    ("iptables", "--to-destination", "DNAT: the new destination address[:port]", "DNAT: 바꿀 목적지 주소[:포트]"),
    ("iptables", "--to-source", "SNAT: the new source address[:port]", "SNAT: 바꿀 출발지 주소[:포트]"),
    ("iptables", "--to-ports", "MASQUERADE/REDIRECT: the port (range) to use", "MASQUERADE/REDIRECT: 사용할 포트(범위)"),
    ("iptables", "MASQUERADE", "nat POSTROUTING: rewrite the source to the outgoing interface's address (SNAT that follows the interface's address)", "nat POSTROUTING: 출발지를 나가는 인터페이스의 주소로 바꿉니다 (주소를 따라가는 SNAT)"),
    ("iptables", "SNAT", "nat POSTROUTING: rewrite the source address (--to-source)", "nat POSTROUTING: 출발지 주소를 바꿉니다 (--to-source)"),
    ("iptables", "DNAT", "nat PREROUTING/OUTPUT: rewrite the destination (--to-destination); port forwarding", "nat PREROUTING/OUTPUT: 목적지를 바꿉니다 (--to-destination, 포트 포워딩)"),
    ("iptables", "REDIRECT", "nat PREROUTING/OUTPUT: send to a port of this host (--to-ports)", "nat PREROUTING/OUTPUT: 이 호스트의 포트로 돌립니다 (--to-ports)"),
    ("iptables", "ACCEPT", "let the packet through (this table's chain stops here)", "패킷을 통과시킵니다 (이 체인의 검사는 여기서 끝)"),
    ("iptables", "DROP", "discard silently: the sender waits until it times out", "조용히 버립니다: 보낸 쪽은 시간 초과까지 기다립니다"),
    ("iptables", "REJECT", "discard and answer with an error (ICMP port unreachable or TCP RST): the sender fails at once", "버리고 오류로 답합니다 (ICMP port unreachable 또는 TCP RST): 보낸 쪽은 바로 실패합니다"),
    ("iptables", "LOG", "write the packet to the kernel log (dmesg) and go on with the next rule", "패킷을 커널 로그(dmesg)에 남기고 다음 규칙으로 계속합니다"),
    ("iptables", "RETURN", "leave this chain: back to the calling chain, or the policy", "이 체인을 나갑니다: 부른 체인으로, 또는 정책으로"),
    ("ip", "-n", "run in this network namespace (like ip netns exec NS ip ...)", "이 네트워크 네임스페이스에서 실행합니다 (ip netns exec NS ip ... 와 같음)"),
    ("ip", "-br", "brief output: one line per interface or address", "간단히: 인터페이스/주소마다 한 줄"),
    ("ip", "-c", "colour the output", "출력에 색을 입힙니다"),
    ("ip", "master", "attach the interface to a bridge", "인터페이스를 브리지에 연결합니다"),
    ("ip", "nomaster", "detach the interface from its bridge", "인터페이스를 브리지에서 뗍니다"),
    ("ip", "netns", "network namespaces; with link set: move the interface into one", "네트워크 네임스페이스; link set 에서는 인터페이스를 그 네임스페이스로 옮깁니다"),
    ("ip", "peer", "veth: the name of the other end of the pair", "veth: 짝의 다른 쪽 끝 이름"),
    ("ip", "via", "the next hop (gateway) of a route; it must be on a connected network", "경로의 다음 홉(게이트웨이); 직접 연결된 네트워크에 있어야 합니다"),
    ("ip", "dev", "the interface", "인터페이스"),
    ("ip", "up", "bring the interface up (administratively)", "인터페이스를 켭니다"),
    ("ip", "down", "bring the interface down", "인터페이스를 끕니다"),
    ("ssh", "-L", "local forward [bind:]port:host:hostport: a port here, reached through the server", "로컬 포워딩 [bind:]port:host:hostport: 이쪽 포트를 서버를 거쳐 host:hostport 로 잇습니다"),
    ("ssh", "-R", "remote forward [bind:]port:host:hostport: a port on the server, reached back through this client", "원격 포워딩 [bind:]port:host:hostport: 서버 쪽 포트를 이 클라이언트를 거쳐 잇습니다"),
    ("ssh", "-D", "dynamic forward: a SOCKS proxy on this port", "동적 포워딩: 이 포트에 SOCKS 프록시를 엽니다"),
    ("ssh", "-N", "no remote command: only forwards", "원격 명령 없이 포워딩만 합니다"),
    ("ssh", "-f", "go to the background after logging in", "로그인 뒤 백그라운드로 갑니다"),
    ("ssh", "-g", "let other hosts use the local forwards (bind all addresses)", "다른 호스트도 로컬 포워딩을 쓰게 합니다 (모든 주소에 바인드)"),
    ("ssh", "-J", "reach the server through a jump host", "점프 호스트를 거쳐 서버에 접속합니다"),
    ("ssh", "-p", "the server's port", "서버 포트"),
    ("ssh", "-i", "the private key file to offer", "사용할 개인 키 파일"),
    ("ssh", "-o", "a configuration option (BatchMode=yes, ...)", "설정 옵션 (BatchMode=yes 등)"),
    ("dig", "+short", "print only the answers' data", "응답 데이터만 출력합니다"),
    ("dig", "+trace", "follow the delegation from the root servers", "루트 서버부터 위임을 따라갑니다"),
    ("dig", "+noall", "turn every section off (then add some back, e.g. +answer)", "모든 섹션을 끕니다 (+answer 등으로 다시 켬)"),
    ("dig", "+answer", "print the answer section", "ANSWER 섹션을 출력합니다"),
    ("dig", "+tcp", "query over TCP", "TCP로 질의합니다"),
    ("ping", "-c", "stop after this many packets", "이 개수만큼 보내고 멈춥니다"),
    ("ping", "-I", "send from this interface or address", "이 인터페이스(또는 주소)에서 보냅니다"),
    ("ping", "-W", "how long to wait for each reply, in seconds", "응답마다 기다리는 시간(초)"),
    ("ping", "-i", "seconds between packets", "패킷 사이 간격(초)"),
    ("ping", "-q", "quiet: only the summary", "요약만 출력합니다"),
];

/// The explanation of `word` as an option or keyword of `command`.
pub fn option(command: &str, word: &str, lang: Lang) -> Option<String> {
    let word = word.split('=').next().unwrap_or(word);
    OPTIONS
        .iter()
        .find(|(c, o, _, _)| *c == command && *o == word)
        .map(|(c, o, en, ko)| {
            let text = match lang {
                Lang::Ko => ko,
                Lang::En => en,
            };
            format!("{c} {o}: {text}\n")
        })
}

/// What an IPv4 address or prefix is: class, scope, network.
pub fn address(word: &str, lang: Lang) -> Option<String> {
    let (addr, net) = match word.parse::<Ipv4Net>() {
        Ok(n) if word.contains('/') => (n.addr(), Some(n)),
        _ => (word.parse::<Ipv4Addr>().ok()?, None),
    };
    let first = addr.octets()[0];
    let class = match first {
        0..=127 => "A",
        128..=191 => "B",
        192..=223 => "C",
        224..=239 => "D",
        _ => "E",
    };
    let ko = lang == Lang::Ko;
    let scope = if addr.is_loopback() {
        if ko {
            "루프백 (127.0.0.0/8)"
        } else {
            "loopback (127.0.0.0/8)"
        }
    } else if addr.is_private() {
        if ko {
            "사설 주소 (RFC 1918)"
        } else {
            "private (RFC 1918)"
        }
    } else if addr.is_link_local() {
        if ko {
            "링크 로컬 (169.254.0.0/16)"
        } else {
            "link-local (169.254.0.0/16)"
        }
    } else if addr.is_multicast() {
        if ko {
            "멀티캐스트"
        } else {
            "multicast"
        }
    } else if ko {
        "공인 주소"
    } else {
        "public"
    };
    let mut text = if ko {
        format!("{addr}: 클래스 {class}, {scope}\n")
    } else {
        format!("{addr}: class {class}, {scope}\n")
    };
    if let Some(n) = net {
        let hosts = match n.prefix_len() {
            32 => 1,
            31 => 2,
            p => (1u64 << (32 - p)) - 2,
        };
        text += &if ko {
            format!(
                "네트워크 {}, 브로드캐스트 {}, 넷마스크 {}, 호스트 {hosts}개\n",
                n.network(),
                n.broadcast(),
                n.netmask()
            )
        } else {
            format!(
                "network {}, broadcast {}, netmask {}, {hosts} hosts\n",
                n.network(),
                n.broadcast(),
                n.netmask()
            )
        };
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_and_addresses_in_both_languages() {
        assert_eq!(
            option("iptables", "MASQUERADE", Lang::En).unwrap(),
            "iptables MASQUERADE: nat POSTROUTING: rewrite the source to the outgoing interface's address (SNAT that follows the interface's address)\n"
        );
        assert!(option("iptables", "-o", Lang::Ko)
            .unwrap()
            .contains("나갈 인터페이스"));
        assert!(option("ssh", "-L", Lang::Ko)
            .unwrap()
            .starts_with("ssh -L: 로컬 포워딩"));
        assert!(option("iptables", "-X9", Lang::En).is_none());
        assert_eq!(
            address("192.168.1.0/27", Lang::En).unwrap(),
            "192.168.1.0: class C, private (RFC 1918)\nnetwork 192.168.1.0, broadcast 192.168.1.31, netmask 255.255.255.224, 30 hosts\n"
        );
        assert_eq!(
            address("8.8.8.8", Lang::Ko).unwrap(),
            "8.8.8.8: 클래스 A, 공인 주소\n"
        );
        assert!(address("red", Lang::En).is_none());
    }
}
