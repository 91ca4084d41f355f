# Invalid prefixes and addresses.
# mask: mac ifindex
ip netns add a
ip -n a link set lo up
ip -n a addr add 10.0.0.300/24 dev lo
ip -n a addr add 10.0.0.1/33 dev lo
ip -n a addr add 10.0.0.1/24 dev nope
