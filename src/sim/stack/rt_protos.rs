//! The simulated host's `/etc/iproute2/rt_protos`: who installed a route
//! or a neighbour entry (`proto bird`), by name or number.

/// iproute2's protocol names (rt_names.c and Debian's /etc/iproute2/rt_protos).
const RTPROT: &[(u8, &str)] = &[
    (0, "unspec"),
    (1, "redirect"),
    (2, "kernel"),
    (3, "boot"),
    (4, "static"),
    (8, "gated"),
    (9, "ra"),
    (10, "mrt"),
    (11, "zebra"),
    (12, "bird"),
    (13, "dnrouted"),
    (14, "xorp"),
    (15, "ntk"),
    (16, "dhcp"),
    (18, "keepalived"),
    (42, "babel"),
    (99, "openr"),
    (186, "bgp"),
    (187, "isis"),
    (188, "ospf"),
    (189, "rip"),
    (192, "eigrp"),
];

/// rtnl_rtprot_n2a: the name, or the number.
pub fn name(p: u8) -> String {
    RTPROT
        .iter()
        .find(|r| r.0 == p)
        .map_or_else(|| p.to_string(), |r| r.1.to_string())
}

/// rtnl_rtprot_a2n: a name or a number up to 255.
pub fn parse(s: &str) -> Option<u8> {
    RTPROT.iter().find(|r| r.1 == s).map(|r| r.0).or_else(|| {
        // strtoul with base 0.
        let (d, radix) = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
            Some(h) => (h, 16),
            None if s.len() > 1 && s.starts_with('0') => (&s[1..], 8),
            None => (s, 10),
        };
        u8::from_str_radix(d, radix).ok()
    })
}
