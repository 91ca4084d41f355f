//! Subnet planner: the study note's worked example and a VLSM plan.
//!
//!     cargo run --example subnet_planner [NETWORK] [HOSTS,HOSTS,...]
//!
//! With no arguments: 211.168.83.0/24 split for 5 subnets (-> /27,
//! 255.255.255.224), then a VLSM plan for 60, 28, 12 and 2 hosts.

use netbook::display::addr::{split_text, vlsm_text};
use netbook::sim::addr::{parse_v4_net, split_into_count, vlsm, V4Facts};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let net = parse_v4_net(args.first().map_or("211.168.83.0/24", String::as_str))?;
    let hosts: Vec<u64> = match args.get(1) {
        Some(list) => list
            .split(',')
            .map(|h| h.trim().parse())
            .collect::<Result<_, _>>()?,
        None => vec![60, 28, 12, 2],
    };

    let facts = V4Facts::of(net);
    println!(
        "{net}: network {}, broadcast {}, {} usable hosts ({} .. {}); gateway by convention: {:?}",
        facts.network,
        facts.broadcast,
        facts.host_count,
        facts.first_host,
        facts.last_host,
        facts.gateway_convention()
    );

    let split = split_into_count(net, 5)?;
    println!(
        "\nAt least 5 subnets: borrow {} bits -> /{} (netmask {}), {} subnets of {} hosts",
        split.borrowed_bits(),
        split.new_prefix(),
        split.netmask(),
        split.count(),
        split.hosts_per_subnet()
    );
    print!("{}", split_text(&split));

    let plan = vlsm(net, &hosts)?;
    println!("\nVLSM for {hosts:?} hosts (largest first):");
    print!("{}", vlsm_text(&plan));
    Ok(())
}
