//! A NAT packet walk printed as text: the note's MASQUERADE rule on a
//! router, one packet from 10.201.0.10 leaving through eth0, and the reply
//! un-NATed by conntrack.
//!
//!     cargo run --example nat_walk

use netbook::display::netfilter::steps_text;
use netbook::sim::netfilter::{parse::run_line, rule::Proto, Hook, HookCtx, Netfilter, Packet};
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
        ..HookCtx::default()
    };

    let mut out = Packet::new(inside, server, Proto::Tcp, 40000, 80);
    out.in_iface = Some("br0".into());
    out.out_iface = Some("eth0".into());
    println!("== {inside}:40000 -> {server}:80, forwarded by the router");
    for hook in [Hook::Prerouting, Hook::Forward, Hook::Postrouting] {
        let r = nf.hook(hook, &mut out, &ctx);
        print!("{}", steps_text(&r.steps));
    }
    println!(
        "leaves eth0 as {}:{} -> {}:{}",
        out.src, out.sport, out.dst, out.dport
    );

    // The server answers the router's public address; conntrack undoes the NAT.
    let mut reply = Packet::new(server, out.src, Proto::Tcp, 80, out.sport);
    reply.enter_netns();
    reply.in_iface = Some("eth0".into());
    reply.out_iface = Some("br0".into());
    println!("\n== reply {server}:80 -> {}:{}", reply.dst, reply.dport);
    for hook in [Hook::Prerouting, Hook::Forward, Hook::Postrouting] {
        let r = nf.hook(hook, &mut reply, &ctx);
        print!("{}", steps_text(&r.steps));
    }
    println!(
        "delivered inside as {}:{} -> {}:{}",
        reply.src, reply.sport, reply.dst, reply.dport
    );
    Ok(())
}
