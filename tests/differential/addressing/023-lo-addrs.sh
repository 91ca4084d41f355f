# The loopback in a fresh namespace.
# mask: mac ifindex
ip netns add a
ip -n a addr
ip -n a link set lo up
ip -n a addr
ip -n a route show table local
