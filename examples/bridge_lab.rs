//! Chapter 4's bridge lab, driven from Rust: two namespaces on `br0`, then
//! a ping across it and the topology.
//!
//!     cargo run --example bridge_lab

use netbook::{Lab, Rich};

const SETUP: &str = "\
ip netns add ns1
ip netns add ns2
ip link add br0 type bridge
ip link add veth1 type veth peer name veth1-br
ip link add veth2 type veth peer name veth2-br
ip link set veth1 netns ns1
ip link set veth2 netns ns2
ip link set veth1-br master br0
ip link set veth2-br master br0
ip netns exec ns1 ip addr add 192.168.1.10/24 dev veth1
ip netns exec ns1 ip link set veth1 up
ip netns exec ns2 ip addr add 192.168.1.20/24 dev veth2
ip netns exec ns2 ip link set veth2 up
ip link set veth1-br up
ip link set veth2-br up
ip link set br0 up
";

fn main() {
    let mut lab = Lab::new();
    lab.run(SETUP).expect_ok();
    let ping = lab.run("ip netns exec ns1 ping -c 2 192.168.1.20");
    print!("{}", ping.stdout());
    print!(
        "{}",
        lab.run("bridge fdb show br br0 | grep -v permanent")
            .stdout()
    );
    // The same view the notebook shows, as text (its SVG is in bundle()).
    print!("{}", lab.world().bundle().text());
}
