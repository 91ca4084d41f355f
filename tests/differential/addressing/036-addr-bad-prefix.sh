# A prefix length out of range.
# mask: mac ifindex
ip netns add a
ip -n a addr add 10.1.0.1/33 dev lo
ip -n a addr add 10.1.0.300/24 dev lo
