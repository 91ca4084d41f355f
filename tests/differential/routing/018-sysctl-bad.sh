# sysctl errors.
# mask: mac ifindex
ip netns add a
ip netns exec a sysctl net.ipv4.nope
ip netns exec a sysctl -w net.ipv4.ip_forward=abc
ip netns exec a sysctl -w net.ipv4.ip_forward
