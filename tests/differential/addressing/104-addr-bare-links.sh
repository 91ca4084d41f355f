# A link with no address at all stays in `ip addr show` with a selector
# when no family is given (iproute2's missing_net_address); a family
# drops it. `-6` over all links shows the kernel's short AF_INET6 link
# message, and a label selects address lines alone.
# mask: mac lladdr ifindex
ip netns add a
ip link add v0 netns a type veth peer name v1 netns a
ip -n a addr add 10.5.0.1/24 dev v0
ip -n a addr show scope host
ip -n a -o addr show scope host
ip -n a -br addr show scope host
ip -n a -4 addr show scope host
ip -n a addr show scope global
ip -n a -o addr
ip -n a addr show to 10.5.0.0/16
ip -n a addr show label v0
ip -n a link set lo up
ip -n a addr show scope host
ip -n a -6 addr show scope host
ip -n a addr show permanent
ip -n a link add br0 type bridge
ip -n a link set v1 master br0
ip -n a link set v1 group 5
ip -n a link set v0 up
ip -n a link set v1 up
ip -n a link set br0 up
ip -n a -6 addr show scope host
ip -n a -6 addr show master br0
ip -n a -6 addr show dev lo
ip -n a -6 -o addr show scope host
