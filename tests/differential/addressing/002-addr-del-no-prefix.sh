# Deleting an address without its prefix length warns.
# mask: mac ifindex
ip netns add a
ip -n a link add d0 type veth peer name d1
ip -n a addr add 10.1.0.2/24 dev d0
ip -n a addr del 10.1.0.2 dev d0
ip -n a -br addr show d0
