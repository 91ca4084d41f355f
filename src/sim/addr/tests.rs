//! Unit tests of the address math.

use super::*;
use core::net::Ipv4Addr;
use ipnet::{IpNet, Ipv4Net};

fn v4(s: &str) -> Ipv4Net {
    parse_v4_net(s).unwrap()
}

#[test]
fn study_note_worked_example() {
    // 211.168.83.0 split for 5 subnets: class C, 3 borrowed bits,
    // mask 255.255.255.224, 8 subnets of 30 hosts.
    let net = v4("211.168.83.0");
    assert_eq!(net.prefix_len(), 24);
    assert_eq!(Class::of(net.addr()), Class::C);
    let s = split_into_count(net, 5).unwrap();
    assert_eq!(s.borrowed_bits(), 3);
    assert_eq!(s.netmask(), Ipv4Addr::new(255, 255, 255, 224));
    assert_eq!(s.count(), 8);
    assert_eq!(s.hosts_per_subnet(), 30);
    let nets: Vec<String> = s.iter().map(|n| n.to_string()).collect();
    assert_eq!(nets[1], "211.168.83.32/27");
    assert_eq!(nets[7], "211.168.83.224/27");
    let f = V4Facts::of(s.iter().nth(1).unwrap());
    assert_eq!(
        f.gateway_convention(),
        Some(Ipv4Addr::new(211, 168, 83, 33))
    );
    assert_eq!(f.broadcast, Ipv4Addr::new(211, 168, 83, 63));
}

#[test]
fn parse_forms_and_errors() {
    assert_eq!(v4("10.1.2.3/255.255.0.0").prefix_len(), 16);
    assert_eq!(v4("10.1.2.3 255.255.0.0").prefix_len(), 16);
    assert_eq!(v4("150.1.2.3").prefix_len(), 16);
    assert_eq!(v4("10.1.2.3").addr(), Ipv4Addr::new(10, 1, 2, 3));
    let e = parse_v4_net("10.1.2.3/255.0.255.0").unwrap_err();
    assert!(
        matches!(e, AddrError::NonContiguousMask { bit: 17, .. }),
        "{e}"
    );
    assert!(e.to_string().contains("255.0.255.0"));
    let e = parse_v4_net("10.1.256.3/8").unwrap_err();
    assert!(e.to_string().contains("octet 3 is 256"), "{e}");
    let e = parse_v4_net("10.1.2.3/33").unwrap_err();
    assert!(e.to_string().contains("/33"), "{e}");
    assert!(matches!(
        parse_v4_net("224.0.0.1").unwrap_err(),
        AddrError::NoDefaultMask { class: 'D', .. }
    ));
    assert!(parse_v4_net("10.1.2").is_err());
    assert!(parse_v4_net("10.1.2.x/8").is_err());
    assert!(parse_mask("255.255.255.255").unwrap() == 32);
    assert!(parse_mask("0.0.0.0").unwrap() == 0);
}

#[test]
fn classes() {
    let c = |s: &str| Class::of(s.parse().unwrap());
    assert_eq!(c("127.255.255.255"), Class::A);
    assert_eq!(c("128.0.0.0"), Class::B);
    assert_eq!(c("223.255.255.255"), Class::C);
    assert_eq!(c("224.0.0.1"), Class::D);
    assert_eq!(c("255.255.255.255"), Class::E);
    for class in Class::ALL {
        let (first, last) = class.range();
        assert_eq!(Class::of(first), class);
        assert_eq!(Class::of(last), class);
        let bits = format!("{:032b}", u32::from(first));
        assert!(bits.starts_with(class.leading_bits()));
    }
    assert_eq!(Class::B.bits(), Some((16, 16)));
    assert_eq!(Class::E.default_mask(), None);
}

#[test]
fn scopes() {
    let s = |a: &str| scope_of(a.parse().unwrap());
    assert_eq!(s("172.31.255.255"), Scope::Private);
    assert_eq!(s("172.32.0.0"), Scope::Public);
    assert_eq!(s("100.127.255.255"), Scope::SharedCgnat);
    assert_eq!(s("169.254.3.4"), Scope::LinkLocal);
    assert_eq!(s("0.1.2.3"), Scope::ThisNetwork);
    assert_eq!(s("198.51.100.7"), Scope::Documentation);
    assert_eq!(s("239.1.1.1"), Scope::Multicast);
    assert_eq!(s("255.255.255.255"), Scope::Broadcast);
    assert_eq!(s("255.255.255.254"), Scope::Reserved);
    assert!(is_private("10.0.0.1".parse().unwrap()));
    assert!(!is_private("100.64.0.1".parse().unwrap()));
    assert!(!is_global("100.64.0.1".parse().unwrap()));
    assert!(is_global("8.8.8.8".parse().unwrap()));
}

#[test]
fn rfc3021_and_host_routes() {
    let f = V4Facts::of(v4("10.0.0.3/31"));
    assert_eq!(
        (f.first_host, f.last_host, f.host_count),
        (Ipv4Addr::new(10, 0, 0, 2), Ipv4Addr::new(10, 0, 0, 3), 2)
    );
    assert_eq!(f.gateway_convention(), None);
    let f = V4Facts::of(v4("10.0.0.3/32"));
    assert_eq!((f.host_count, f.num_addresses), (1, 1));
    let f = V4Facts::of(v4("1.2.3.4/0"));
    assert_eq!(f.num_addresses, 1 << 32);
    assert_eq!(f.broadcast, Ipv4Addr::BROADCAST);
}

#[test]
fn huge_split_is_lazy() {
    let s = split_into_count(v4("10.0.0.0/8"), 4_194_304).unwrap();
    assert_eq!(s.count(), 4_194_304);
    let it = s.iter();
    assert_eq!(it.len(), 4_194_304);
    let first: Vec<_> = s.iter().take(1000).collect();
    assert_eq!(first[999].to_string(), "10.0.15.156/30");
    assert_eq!(s.iter().last().unwrap().to_string(), "10.255.255.252/30");
    assert!(split_into_count(v4("10.0.0.0/30"), 8).is_err());
    let all = split_into_count(v4("0.0.0.0/0"), 2).unwrap();
    assert_eq!(all.iter().nth(1).unwrap().to_string(), "128.0.0.0/1");
    assert_eq!(Split::new(v4("0.0.0.0/0"), 32).unwrap().count(), 1 << 32);
}

#[test]
fn split_by_hosts_rounds_up() {
    let s = split_by_hosts(v4("192.168.0.0/24"), 31).unwrap();
    assert_eq!(s.new_prefix(), 26);
    let p = |h: u64| split_by_hosts(v4("192.168.0.0/24"), h).map(|s| s.new_prefix());
    assert_eq!((p(0), p(1), p(2), p(3)), (Ok(30), Ok(30), Ok(30), Ok(29)));
    assert_eq!(p(254), Ok(24));
    assert!(p(255).is_err());
    assert!(split_by_hosts(v4("0.0.0.0/0"), u64::MAX).is_err());
    assert!(split_by_hosts(v4("192.168.0.0/24"), 300).is_err());
}

#[test]
fn vlsm_is_largest_first_without_overlap() {
    let plan = vlsm(v4("10.0.0.0/24"), &[10, 100, 2, 50]).unwrap();
    let idx: Vec<usize> = plan.blocks.iter().map(|b| b.index).collect();
    assert_eq!(idx, [1, 3, 0, 2]);
    for w in plan.blocks.windows(2) {
        assert!(!overlaps(&IpNet::V4(w[0].net), &IpNet::V4(w[1].net)));
        assert!(w[0].net.prefix_len() <= w[1].net.prefix_len());
    }
    for b in &plan.blocks {
        assert!(V4Facts::of(b.net).host_count >= b.requested);
    }
    assert!(matches!(
        vlsm(v4("10.0.0.0/28"), &[10, 10]),
        Err(AddrError::PlanTooLarge { needed: 32, .. })
    ));
}

#[test]
fn summarise_and_supernet() {
    let nets: Vec<IpNet> = ["10.0.0.0/24", "10.0.1.0/24", "10.0.3.0/24"]
        .iter()
        .map(|s| parse_net(s).unwrap())
        .collect();
    let s: Vec<String> = summarize(&nets)
        .unwrap()
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(s, ["10.0.0.0/23", "10.0.3.0/24"]);
    assert_eq!(supernet(&nets).unwrap().to_string(), "10.0.0.0/22");
    assert_eq!(
        supernet_of(parse_net("10.0.1.0/24").unwrap(), 1)
            .unwrap()
            .to_string(),
        "10.0.0.0/23"
    );
    assert!(supernet(&[parse_net("10.0.0.0/8").unwrap(), parse_net("::/0").unwrap()]).is_err());
    let all = deaggregate(Ipv4Addr::UNSPECIFIED, Ipv4Addr::BROADCAST);
    assert_eq!(all[0].to_string(), "0.0.0.0/0");
}

proptest::proptest! {
    #[test]
    fn split_matches_ipnet_subnets(a: u32, p in 0u8..=32, k in 0u8..=6) {
        let net = Ipv4Net::new(Ipv4Addr::from(a), p).unwrap();
        let new = (p + k).min(32);
        let ours: Vec<Ipv4Net> = Split::new(net, new).unwrap().iter().take(64).collect();
        let theirs: Vec<Ipv4Net> = net.trunc().subnets(new).unwrap().take(64).collect();
        proptest::prop_assert_eq!(ours, theirs);
    }

    #[test]
    fn vlsm_blocks_are_disjoint_and_cover_the_parent(
        a: u32,
        p in 16u8..=28,
        hosts in proptest::collection::vec(0u64..300, 1..8),
    ) {
        let parent = Ipv4Net::new(Ipv4Addr::from(a), p).unwrap().trunc();
        if let Ok(plan) = vlsm(parent, &hosts) {
            let mut all: Vec<Ipv4Net> = plan.blocks.iter().map(|b| b.net).collect();
            for b in &plan.blocks {
                proptest::prop_assert!(parent.contains(&b.net));
                proptest::prop_assert!(V4Facts::of(b.net).host_count >= b.requested);
            }
            all.extend(plan.unused.iter().copied());
            all.sort();
            // Adjacent, non-overlapping and exactly the parent's space.
            let mut next = u64::from(u32::from(parent.network()));
            for n in &all {
                proptest::prop_assert_eq!(u64::from(u32::from(n.network())), next);
                next += 1u64 << (32 - n.prefix_len());
            }
            proptest::prop_assert_eq!(next, u64::from(u32::from(parent.broadcast())) + 1);
        }
    }

    #[test]
    fn deaggregate_covers_the_range_exactly(a: u32, b: u32) {
        let (lo, hi) = (a.min(b), a.max(b));
        let nets = deaggregate(Ipv4Addr::from(lo), Ipv4Addr::from(hi));
        let mut next = u64::from(lo);
        for n in &nets {
            proptest::prop_assert_eq!(u64::from(u32::from(n.network())), next);
            next += 1u64 << (32 - n.prefix_len());
        }
        proptest::prop_assert_eq!(next, u64::from(hi) + 1);
        proptest::prop_assert!(nets.len() <= 62);
    }
}

#[test]
fn ipv6_basics() {
    let f = V6Facts::of(parse_v6_net("2001:db8:1::5/48").unwrap());
    assert_eq!(f.network.to_string(), "2001:db8:1::");
    assert_eq!(f.scope, V6Scope::Documentation);
    assert_eq!(f.num_addresses(), Some(1u128 << 80));
    assert_eq!(
        V6Facts::of(parse_v6_net("::/0").unwrap()).num_addresses(),
        None
    );
    assert!(parse_v6_net("2001:db8::/129").is_err());
    assert_eq!(
        V6Scope::of("fd00::1".parse().unwrap()),
        V6Scope::UniqueLocal
    );
    assert_eq!(
        V6Scope::of("::ffff:1.2.3.4".parse().unwrap()),
        V6Scope::Ipv4Mapped
    );
}
