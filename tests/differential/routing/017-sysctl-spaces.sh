# sysctl -w with spaces around =.
# mask: mac ifindex
ip netns add a
ip netns exec a sysctl -w net.ipv4.ip_forward = 1
ip netns exec a sysctl net.ipv4.ip_forward
