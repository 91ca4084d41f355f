//! netbook's own hints (a learner's likely mistake, and what to try) in
//! the current language. Commands write them in English through
//! `CmdOutput::with_hint`; they are shown beside the tool's output, never
//! in it, so stdout and stderr stay what the real tool prints.

use super::patterns::{self, Table};
use super::{lang, Lang};
use regex_lite::Regex;
use std::sync::OnceLock;

/// (English pattern, Korean template): `{name}` takes the named group.
const HINTS: &Table = &[
    (
        r"^did you mean `(?P<c>[^`]+)`\? \(`help` lists every command\)$",
        "혹시 `{c}`인가요? (`help`로 모든 명령을 볼 수 있습니다)",
    ),
    (r"^did you mean `(?P<c>[^`]+)`\?$", "혹시 `{c}`인가요?"),
    (
        r"^`help` lists every command netbook simulates$",
        "`help`로 netbook이 시뮬레이션하는 모든 명령을 볼 수 있습니다",
    ),
    (
        r"^LOG rules inside network namespaces do not reach dmesg unless net\.netfilter\.nf_log_all_netns=1$",
        "네트워크 네임스페이스 안의 LOG 규칙은 net.netfilter.nf_log_all_netns=1이 아니면 dmesg에 나오지 않습니다",
    ),
    (
        r"^forms: (?P<f>.+)$",
        "형식: {f}",
    ),
    (
        r"^nothing listens on (?P<a>\S+) \(start the server with `service ssh start` or `/usr/sbin/sshd` in its namespace\), or a firewall REJECTs it$",
        "{a}에서 듣는 것이 없습니다 (그 네임스페이스에서 `service ssh start`나 `/usr/sbin/sshd`로 서버를 띄우세요). 아니면 방화벽이 REJECT합니다",
    ),
    (
        r"^no answer: a firewall DROPs port 22 on the way, or the reply has no route back \(`netbook trace` shows the walk\)$",
        "응답이 없습니다: 가는 길의 방화벽이 22번을 DROP하거나, 응답이 돌아올 경로가 없습니다 (`netbook trace`가 경로를 보여 줍니다)",
    ),
    (
        r"^for a tunnel that stays, add -N and run it in the background: (?P<x>.+)$",
        "터널만 유지하려면 -N을 붙여 백그라운드로 실행하세요: {x}",
    ),
    (
        r"^the bind_address of -L/-D is an address of this \(client\) machine, not of the SSH server; leave it out \(loopback\) or use -g / 0\.0\.0\.0 to share the port$",
        "-L/-D의 bind_address는 SSH 서버가 아니라 이 (클라이언트) 기계의 주소입니다. 빼면 loopback에만 열리고, 다른 기계와 나누려면 -g나 0.0.0.0을 쓰세요",
    ),
    (
        r"^sshd bound 127\.0\.0\.1:(?P<p>\d+) instead of (?P<a>\S+): its GatewayPorts is `no`; set `GatewayPorts clientspecified` \(or `yes`\) in /etc/ssh/sshd_config on the server and restart sshd$",
        "sshd가 {a} 대신 127.0.0.1:{p}에 열었습니다: GatewayPorts가 `no`입니다. 서버의 /etc/ssh/sshd_config에 `GatewayPorts clientspecified`(또는 `yes`)를 넣고 sshd를 다시 띄우세요",
    ),
    (
        r"^start it as /usr/sbin/sshd \(or `service ssh start`\)$",
        "/usr/sbin/sshd로 (또는 `service ssh start`로) 띄우세요",
    ),
    (
        r"^types modelled: (?P<t>.+)$",
        "시뮬레이션하는 레코드 형식: {t}",
    ),
    (
        r"^netbook's yes writes (?P<n>\d+) MiB into a pipe or file, then ends as SIGPIPE would end it \(on Linux it writes until the reader stops reading\)$",
        "netbook의 yes는 파이프나 파일에 {n} MiB를 쓴 뒤 SIGPIPE를 받은 것처럼 끝납니다 (Linux에서는 읽는 쪽이 멈출 때까지 씁니다)",
    ),
    (
        r"^the simulated file tree holds plain files and directories only, no links: copy the file with cp instead$",
        "시뮬레이션 파일 트리에는 일반 파일과 디렉터리만 있고 링크는 없습니다: 대신 cp로 파일을 복사하세요",
    ),
    (
        r"^only class IN is simulated$",
        "IN 클래스만 시뮬레이션합니다",
    ),
    (
        r"^netbook simulates the hosts, ahosts, ahostsv4 and ahostsv6 databases$",
        "netbook은 hosts, ahosts, ahostsv4, ahostsv6 데이터베이스를 시뮬레이션합니다",
    ),
    (
        r"^nc -l waits for a connection: start it with `&` at the end, as in a terminal \(it keeps listening here\)$",
        "nc -l은 연결을 기다립니다: 터미널에서처럼 끝에 `&`를 붙여 띄우세요 (여기서는 계속 듣고 있습니다)",
    ),
    (
        r"^a server runs until stopped: start it with `&` at the end, as in a terminal \(it keeps running here; `kill` ends it\)$",
        "서버는 멈출 때까지 돕니다: 터미널에서처럼 끝에 `&`를 붙여 띄우세요 (여기서는 계속 돌고, `kill`로 끝납니다)",
    ),
    (
        r"^ipcalc's options: (?P<o>.+)$",
        "ipcalc의 옵션: {o}",
    ),
    (
        r"^a range is `ipcalc FIRST - LAST` with two IPv4 addresses$",
        "범위는 IPv4 주소 두 개로 `ipcalc FIRST - LAST`입니다",
    ),
    (
        r"^an IPv6 prefix length is 0 to 128$",
        "IPv6 프리픽스 길이는 0에서 128입니다",
    ),
    (
        r"^write an IPv4 address as a\.b\.c\.d or an IPv6 one with colons$",
        "IPv4 주소는 a.b.c.d로, IPv6 주소는 콜론으로 적으세요",
    ),
    (
        r"^give ADDRESS/NN, ADDRESS/255\.255\.255\.0 or ADDRESS NETMASK \[NEW_NETMASK\]; octets are 0-255, prefixes 0-32$",
        "ADDRESS/NN, ADDRESS/255.255.255.0 또는 ADDRESS NETMASK [NEW_NETMASK]로 주세요. 옥텟은 0-255, 프리픽스는 0-32입니다",
    ),
];

fn compiled() -> &'static [(Regex, &'static str)] {
    static P: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    P.get_or_init(|| patterns::compile(HINTS))
}

/// A hint in the current language (kept in English when no pattern knows it).
///
/// ```
/// use netbook::display::i18n::{hints::hint, with_lang, Lang};
/// let h = "did you mean `ping`?";
/// assert_eq!(with_lang(Lang::Ko, || hint(h)), "혹시 `ping`인가요?");
/// assert_eq!(hint(h), h);
/// ```
pub fn hint(en: &str) -> String {
    if lang() == Lang::En {
        return en.to_string();
    }
    for (re, ko) in compiled() {
        if let Some(caps) = re.captures(en) {
            return patterns::fill(ko, re, &caps, |_, group| group.to_string());
        }
    }
    en.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles_and_uses_its_groups() {
        patterns::assert_groups_used(compiled(), HINTS);
    }
}
