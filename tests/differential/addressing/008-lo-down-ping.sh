# ping 127.0.0.1 with lo down in a namespace.
# mask: mac ifindex time
ip netns add a
ip netns exec a ping -c 1 -W 1 127.0.0.1
ip -n a link set lo up
ip netns exec a ping -c 1 -W 1 127.0.0.1
