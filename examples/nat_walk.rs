//! A NAT packet walk printed as text: the note's MASQUERADE rule on a
//! router, one packet from 10.201.0.10 leaving through eth0, and the reply
//! un-NATed by conntrack.
//!
//!     cargo run --example nat_walk

use netbook::display::netfilter::steps_text;
use netbook::sim::netfilter::{parse::run_line, Hook, HookCtx, Netfilter};
use netbook::sim::packet::{Ipv4Packet, TcpKind, L4};
use std::net::Ipv4Addr;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut nf = Netfilter::new();
    run_line(
        &mut nf,
        "-t nat -A POSTROUTING -s 10.201.0.0/24 -o eth0 -j MASQUERADE",
    )?;

    let public = Ipv4Addr::new(203, 0, 113, 7);
    let inside = Ipv4Addr::new(10, 201, 0, 10);
    let server = Ipv4Addr::new(198, 51, 100, 80);
    let ctx = HookCtx {
        out_addr: Some(public),
        local_addrs: vec![public, Ipv4Addr::new(10, 201, 0, 1)],
        trace_misses: true,
        in_iface: Some("br0".into()),
        out_iface: Some("eth0".into()),
        ..HookCtx::default()
    };

    let mut out = Ipv4Packet::tcp_syn(inside, server, 40000, 80);
    println!("== {inside}:40000 -> {server}:80, forwarded by the router");
    for hook in [Hook::Prerouting, Hook::Forward, Hook::Postrouting] {
        let r = nf.hook(hook, &mut out, &ctx);
        print!("{}", steps_text(&r.steps));
    }
    println!(
        "leaves eth0 as {}:{} -> {}:{}",
        out.src,
        out.sport(),
        out.dst,
        out.dport()
    );

    // The server answers the router's public address; conntrack undoes the NAT.
    let mut reply = Ipv4Packet::new(
        server,
        out.src,
        L4::Tcp {
            sport: 80,
            dport: out.sport(),
            kind: TcpKind::SynAck,
        },
    );
    let back = HookCtx {
        in_iface: Some("eth0".into()),
        out_iface: Some("br0".into()),
        ..ctx.clone()
    };
    println!("\n== reply {server}:80 -> {}:{}", reply.dst, reply.dport());
    for hook in [Hook::Prerouting, Hook::Forward, Hook::Postrouting] {
        let r = nf.hook(hook, &mut reply, &back);
        print!("{}", steps_text(&r.steps));
    }
    println!(
        "delivered inside as {}:{} -> {}:{}",
        reply.src,
        reply.sport(),
        reply.dst,
        reply.dport()
    );
    Ok(())
}
