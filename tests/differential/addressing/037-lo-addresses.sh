# The loopback's addresses in a new namespace.
# mask: mac ifindex time
ip netns add a
ip -n a addr show lo
ip -n a link set lo up
ip -n a -4 addr show lo
ip netns exec a ping -c 1 -W 1 127.0.0.1
