//! Matches on the link layer a packet arrived with: `-m mac
//! --mac-source` and `-m pkttype --pkt-type` (xt_mac.c, xt_pkttype.c,
//! libxt_mac, libxt_pkttype).

use core::fmt::Write;

/// What the stack knows of the Ethernet frame a packet came in: its
/// source MAC and packet type. `None` for a packet sent here or over `lo`.
pub type RxL2 = Option<([u8; 6], PktType)>;

/// What br_netfilter knows of the packet: `None` when it never crossed a
/// bridge port (routed from elsewhere, or sent here).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PhysInfo {
    /// The port it came in on (physindev).
    pub in_port: Option<String>,
    /// The port the bridge sends it out of (physoutdev); `None` for a
    /// packet going up to the host, or flooded to several ports.
    pub out_port: Option<String>,
    /// Being bridged rather than routed.
    pub bridged: bool,
}

/// `-m mac --mac-source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MacMatch {
    /// The source address.
    pub mac: [u8; 6],
    /// `!` given.
    pub invert: bool,
}

impl MacMatch {
    /// Parses `02:00:00:00:00:0a` (hex pairs, colon separated).
    pub fn parse(v: &str, invert: bool) -> Option<MacMatch> {
        let parts: Vec<&str> = v.split(':').collect();
        if parts.len() != 6 {
            return None;
        }
        let mut mac = [0u8; 6];
        for (b, p) in mac.iter_mut().zip(parts) {
            if p.is_empty() || p.len() > 2 {
                return None;
            }
            *b = u8::from_str_radix(p, 16).ok()?;
        }
        Some(MacMatch { mac, invert })
    }

    /// xt_mac: no Ethernet header (sent here, `lo`) never matches, even
    /// negated.
    pub fn admits(&self, l2: RxL2) -> bool {
        l2.is_some_and(|(src, _)| (src == self.mac) != self.invert)
    }

    fn text(&self) -> String {
        let m = self.mac;
        format!(
            "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            m[0], m[1], m[2], m[3], m[4], m[5]
        )
    }

    /// `-S`: ` -m mac [!] --mac-source M`.
    pub fn save(&self) -> String {
        let bang = if self.invert { " !" } else { "" };
        format!(" -m mac{bang} --mac-source {}", self.text())
    }

    /// `-L`: ` MAC [! ]M`.
    pub fn list(&self, s: &mut String) {
        let bang = if self.invert { "! " } else { "" };
        let _ = write!(s, " MAC {bang}{}", self.text());
    }
}

/// The kernel's `skb->pkt_type` values that `--pkt-type` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PktType {
    /// PACKET_HOST
    Unicast,
    /// PACKET_BROADCAST
    Broadcast,
    /// PACKET_MULTICAST
    Multicast,
    /// PACKET_OTHERHOST: unicast to another station's MAC.
    OtherHost,
}

/// (name, type): the printed names first, then libxt_pkttype's aliases.
const PKT_TYPES: &[(&str, PktType)] = &[
    ("unicast", PktType::Unicast),
    ("broadcast", PktType::Broadcast),
    ("multicast", PktType::Multicast),
    ("otherhost", PktType::OtherHost),
    ("bcast", PktType::Broadcast),
    ("mcast", PktType::Multicast),
    ("host", PktType::Unicast),
];

impl PktType {
    /// Parses a name (any case).
    pub fn parse(v: &str) -> Option<PktType> {
        PKT_TYPES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(v))
            .map(|(_, t)| *t)
    }

    fn name(self) -> &'static str {
        PKT_TYPES
            .iter()
            .find(|(_, t)| *t == self)
            .map_or("unicast", |(n, _)| n)
    }

    /// `eth_type_trans`'s verdict on a frame to `dst` received by an
    /// interface whose MAC is `own`.
    pub fn of(dst: [u8; 6], own: [u8; 6]) -> PktType {
        if dst == [0xff; 6] {
            PktType::Broadcast
        } else if dst[0] & 1 == 1 {
            PktType::Multicast
        } else if dst != own {
            PktType::OtherHost
        } else {
            PktType::Unicast
        }
    }

    /// The type xt_pkttype sees: a packet without a frame is PACKET_HOST.
    pub fn seen(l2: RxL2) -> PktType {
        l2.map_or(PktType::Unicast, |(_, t)| t)
    }
}

/// `-m pkttype --pkt-type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PktTypeMatch {
    /// The type.
    pub kind: PktType,
    /// `!` given.
    pub invert: bool,
}

impl PktTypeMatch {
    /// `-S`: ` -m pkttype [!] --pkt-type T`.
    pub fn save(&self) -> String {
        let bang = if self.invert { " !" } else { "" };
        format!(" -m pkttype{bang} --pkt-type {}", self.kind.name())
    }

    /// `-L`: ` PKTTYPE [!]= T`.
    pub fn list(&self, s: &mut String) {
        let bang = if self.invert { "!" } else { "" };
        let _ = write!(s, " PKTTYPE {bang}= {}", self.kind.name());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mac_and_pkttype() {
        let m = MacMatch::parse("02:00:00:00:00:0A", false).unwrap();
        assert_eq!(m.save(), " -m mac --mac-source 02:00:00:00:00:0a");
        assert!(MacMatch::parse("02:00:00:00:01", false).is_none());
        let src = [2, 0, 0, 0, 0, 0xa];
        assert!(m.admits(Some((src, PktType::Unicast))));
        assert!(!m.admits(None));
        let inv = MacMatch { invert: true, ..m };
        assert!(!inv.admits(None));
        assert_eq!(PktType::of([0xff; 6], src), PktType::Broadcast);
        assert_eq!(PktType::of([1, 0, 0x5e, 0, 0, 1], src), PktType::Multicast);
        assert_eq!(PktType::of(src, src), PktType::Unicast);
        assert_eq!(PktType::seen(None), PktType::Unicast);
        assert_eq!(PktType::parse("Host"), Some(PktType::Unicast));
    }
}
