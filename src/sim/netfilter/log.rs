//! The LOG target's kernel log line (nf_log_ipv4's format, as `dmesg`
//! prints it).

use super::hook::HookCtx;
use super::tuple::Proto;
use crate::sim::packet::Ipv4Packet as Packet;

/// A LOG line as `dmesg` prints it (nf_log_ipv4's format, without MAC).
pub fn log_line(ctx: &HookCtx, level: u8, prefix: Option<&str>, pkt: &Packet) -> String {
    let _ = level;
    let now_us = ctx.now_us;
    let mut s = format!(
        "[{:>5}.{:06}] {}IN={} OUT={} SRC={} DST={} LEN={} TOS=0x{:02X} PREC=0x{:02X} TTL={} ID=0 DF PROTO=",
        now_us / 1_000_000,
        now_us % 1_000_000,
        prefix.unwrap_or(""),
        ctx.in_iface.as_deref().unwrap_or(""),
        ctx.out_iface.as_deref().unwrap_or(""),
        pkt.src,
        pkt.dst,
        pkt.wire_len(),
        pkt.tos & 0x1e,
        pkt.tos & 0xe0,
        pkt.ttl,
    );
    match pkt.proto() {
        Proto::Tcp => {
            let mut flags = String::new();
            for (on, name) in [
                (pkt.tcp_flags().ack, " ACK"),
                (pkt.tcp_flags().rst, " RST"),
                (pkt.tcp_flags().syn, " SYN"),
                (pkt.tcp_flags().fin, " FIN"),
            ] {
                if on {
                    flags.push_str(name);
                }
            }
            s.push_str(&format!(
                "TCP SPT={} DPT={} WINDOW=64240 RES=0x00{} URGP=0 ",
                pkt.sport(),
                pkt.dport(),
                flags
            ));
        }
        Proto::Udp => s.push_str(&format!(
            "UDP SPT={} DPT={} LEN={} ",
            pkt.sport(),
            pkt.dport(),
            pkt.wire_len().saturating_sub(20)
        )),
        Proto::Icmp => {
            s.push_str(&format!(
                "ICMP TYPE={} CODE={} ",
                pkt.icmp_type_code().0,
                pkt.icmp_type_code().1
            ));
            if matches!(pkt.icmp_type_code().0, 0 | 8) {
                s.push_str(&format!("ID={} SEQ=1 ", pkt.sport()));
            }
        }
        Proto::Other(n) => s.push_str(&format!("{n} ")),
    }
    s
}
