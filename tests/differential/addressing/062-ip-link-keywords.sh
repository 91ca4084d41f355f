# ip link's keywords as iplink_parse reads them: prefix keywords (a word
# that abbreviates `address` is one), duplicates, garbage, the veth peer's
# own words, on/off values, names too long, netns errors.
# mask: mac ifindex
ip netns add a
ip -n a link add v1 type veth peer name v2
ip -n a link add a type dummy
ip -n a link add x y type veth
ip -n a link add name x name y type veth
ip -n a link add x mtu 1400 mtu 1300 type veth
ip -n a link add x mtu abc type veth
ip -n a link add x type veth foo
ip -n a link add x type veth peer name y foo
ip -n a link add x type veth peer name y type veth
ip -n a link add x type veth peer name y mtu
ip -n a link add x type veth peer name y netns nope
ip -n a link add x netns nope type veth
ip -n a link add x
ip -n a link add x type
ip -n a link add x address zz type veth
ip -n a link add x help
ip -n a link set v1 arp maybe
ip -n a link set v1 arp
ip -n a link set v1 name aaaaaaaaaaaaaaaaaaaaaaa
ip -n a link set v1 name
ip -n a link set v1 netns nope
ip -n a link set nope netns nope
ip -n a link set nope up
ip -n a link set v1 master nope
ip -n a link set v1 mtu x
ip -n a link set v1 mtu 70000
ip -n a link set v1 address zz:00
ip -n a link set v1 foo
ip -n a link set dev v1 dev v2
ip -n a link set v1 help
ip -n a link set v1 promisc on
ip -n a link set v1 txqueuelen 5
ip -n a link set name v3 v2
ip -n a -br link show v3
ip -n a link del v1 v3
ip -n a link del dev
ip -n a link del
ip -n a link del nope
ip -n a link del v1 type veth
ip -n a -br link
ip -n a a a 10.1.0.5/24
ip -n a a a 10.1.0.5/24 dev
ip -n a a a 10.1.0.5/24 10.1.0.6/24 dev lo
ip -n a a flush
ip netns add
ip netns add a/b
ip netns del
ip netns del nope
ip netns exec
ip netns exec a
ip netns exec nope ls
ip netns e a ip -br link show lo
