//! Which extension offers which long option, and the match and target
//! names iptables 1.8.9 knows (iptables-extensions(8)). Plain tables.

/// Long options of each extension (canonical name, aliases share it).
pub fn ext_options(ext: &str) -> &'static [(&'static str, &'static str)] {
    match ext {
        "tcp" => &[
            ("sport", "sport"),
            ("source-port", "sport"),
            ("dport", "dport"),
            ("destination-port", "dport"),
            ("tcp-flags", "tcp-flags"),
            ("syn", "syn"),
        ],
        "udp" => &[
            ("sport", "sport"),
            ("source-port", "sport"),
            ("dport", "dport"),
            ("destination-port", "dport"),
        ],
        "icmp" => &[("icmp-type", "icmp-type")],
        "conntrack" => &[("ctstate", "ctstate")],
        "state" => &[("state", "state")],
        "multiport" => &[
            ("sports", "sports"),
            ("source-ports", "sports"),
            ("dports", "dports"),
            ("destination-ports", "dports"),
            ("ports", "ports"),
        ],
        "comment" => &[("comment", "comment")],
        "mark" => &[("mark", "mark")],
        "statistic" => &[
            ("mode", "mode"),
            ("probability", "probability"),
            ("every", "every"),
            ("packet", "packet"),
        ],
        "MARK" => &[
            ("set-mark", "set-mark"),
            ("set-xmark", "set-xmark"),
            ("and-mark", "and-mark"),
            ("or-mark", "or-mark"),
            ("xor-mark", "xor-mark"),
        ],
        "addrtype" => &[("src-type", "src-type"), ("dst-type", "dst-type")],
        "limit" => &[("limit", "limit"), ("limit-burst", "limit-burst")],
        "iprange" => &[("src-range", "src-range"), ("dst-range", "dst-range")],
        "mac" => &[("mac-source", "mac-source")],
        "length" => &[("length", "length")],
        "ttl" => &[
            ("ttl-eq", "ttl-eq"),
            ("ttl-lt", "ttl-lt"),
            ("ttl-gt", "ttl-gt"),
        ],
        "pkttype" => &[("pkt-type", "pkt-type")],
        "owner" => &[
            ("uid-owner", "uid-owner"),
            ("gid-owner", "gid-owner"),
            ("socket-exists", "socket-exists"),
        ],
        "REJECT" => &[("reject-with", "reject-with")],
        "LOG" => &[("log-prefix", "log-prefix"), ("log-level", "log-level")],
        "SNAT" => &[
            ("to-source", "to-source"),
            ("random", "random"),
            ("random-fully", "random-fully"),
            ("persistent", "persistent"),
        ],
        "DNAT" => &[
            ("to-destination", "to-destination"),
            ("random", "random"),
            ("persistent", "persistent"),
        ],
        "MASQUERADE" => &[
            ("to-ports", "to-ports"),
            ("random", "random"),
            ("random-fully", "random-fully"),
        ],
        "REDIRECT" => &[("to-ports", "to-ports")],
        "CT" => &[("notrack", "notrack")],
        _ => &[],
    }
}

/// The match extensions `-m` loads.
pub const MATCHES: &[&str] = &[
    "tcp",
    "udp",
    "icmp",
    "conntrack",
    "state",
    "multiport",
    "comment",
    "addrtype",
    "mark",
    "statistic",
    "limit",
    "iprange",
    "mac",
    "length",
    "ttl",
    "pkttype",
    "owner",
];
/// The targets `-j` knows besides user chains.
pub const TARGETS: &[&str] = &[
    "ACCEPT",
    "DROP",
    "RETURN",
    "REJECT",
    "LOG",
    "SNAT",
    "DNAT",
    "MASQUERADE",
    "REDIRECT",
    "MARK",
    "NOTRACK",
    "CT",
];
