# ping with no route at all.
# mask: mac ifindex time
ip netns add a
ip -n a link set lo up
ip netns exec a ping -c 1 -W 1 10.9.0.1
