# A route via 127.0.0.1.
# mask: mac ifindex
ip netns add a
ip -n a link set lo up
ip -n a route add 10.5.0.0/16 via 127.0.0.1
ip -n a route
