# ip addr add ... dev with no name.
# mask: mac ifindex
ip netns add a
ip -n a addr add 10.9.0.1/24 dev
ip -n a addr add 10.9.0.1/24
