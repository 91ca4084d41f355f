//! The simulated host's `/etc/protocols` (Debian netbase 6.4): what
//! `getprotobyname` and `getprotobynumber` answer for iptables' `-p` and
//! `ip route get ... ipproto`.

/// (name, number, alias) in the file's order; `mptcp` (262) is left out,
/// as it is no IP protocol number.
const PROTOCOLS: &[(&str, u8, &str)] = &[
    ("ip", 0, "IP"),
    ("hopopt", 0, "HOPOPT"),
    ("icmp", 1, "ICMP"),
    ("igmp", 2, "IGMP"),
    ("ggp", 3, "GGP"),
    ("ipencap", 4, "IP-ENCAP"),
    ("st", 5, "ST"),
    ("tcp", 6, "TCP"),
    ("egp", 8, "EGP"),
    ("igp", 9, "IGP"),
    ("pup", 12, "PUP"),
    ("udp", 17, "UDP"),
    ("hmp", 20, "HMP"),
    ("xns-idp", 22, "XNS-IDP"),
    ("rdp", 27, "RDP"),
    ("iso-tp4", 29, "ISO-TP4"),
    ("dccp", 33, "DCCP"),
    ("xtp", 36, "XTP"),
    ("ddp", 37, "DDP"),
    ("idpr-cmtp", 38, "IDPR-CMTP"),
    ("ipv6", 41, "IPv6"),
    ("ipv6-route", 43, "IPv6-Route"),
    ("ipv6-frag", 44, "IPv6-Frag"),
    ("idrp", 45, "IDRP"),
    ("rsvp", 46, "RSVP"),
    ("gre", 47, "GRE"),
    ("esp", 50, "IPSEC-ESP"),
    ("ah", 51, "IPSEC-AH"),
    ("skip", 57, "SKIP"),
    ("ipv6-icmp", 58, "IPv6-ICMP"),
    ("ipv6-nonxt", 59, "IPv6-NoNxt"),
    ("ipv6-opts", 60, "IPv6-Opts"),
    ("rspf", 73, "RSPF"),
    ("vmtp", 81, "VMTP"),
    ("eigrp", 88, "EIGRP"),
    ("ospf", 89, "OSPFIGP"),
    ("ax.25", 93, "AX.25"),
    ("ipip", 94, "IPIP"),
    ("etherip", 97, "ETHERIP"),
    ("encap", 98, "ENCAP"),
    ("pim", 103, "PIM"),
    ("ipcomp", 108, "IPCOMP"),
    ("vrrp", 112, "VRRP"),
    ("l2tp", 115, "L2TP"),
    ("isis", 124, "ISIS"),
    ("sctp", 132, "SCTP"),
    ("fc", 133, "FC"),
    ("mobility-header", 135, "Mobility-Header"),
    ("udplite", 136, "UDPLite"),
    ("mpls-in-ip", 137, "MPLS-in-IP"),
    ("manet", 138, ""),
    ("hip", 139, "HIP"),
    ("shim6", 140, "Shim6"),
    ("wesp", 141, "WESP"),
    ("rohc", 142, "ROHC"),
    ("ethernet", 143, "Ethernet"),
];

/// `getprotobyname`: a name or an alias, as the file spells it.
pub fn by_name(name: &str) -> Option<u8> {
    PROTOCOLS
        .iter()
        .find(|(n, _, alias)| *n == name || (!alias.is_empty() && *alias == name))
        .map(|&(_, num, _)| num)
}

/// `getprotobynumber`: the first name with that number (`ip` for 0).
pub fn name_of(num: u8) -> Option<&'static str> {
    PROTOCOLS
        .iter()
        .find(|&&(_, n, _)| n == num)
        .map(|&(name, ..)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_aliases_and_numbers() {
        assert_eq!(by_name("ipv6-icmp"), Some(58));
        assert_eq!(by_name("IPv6"), Some(41));
        assert_eq!(by_name("IPV6"), None);
        assert_eq!(by_name("hopopt"), Some(0));
        assert_eq!(name_of(0), Some("ip"));
        assert_eq!(name_of(135), Some("mobility-header"));
        assert_eq!(name_of(200), None);
    }
}
