# Reading forwarding sysctls.
# mask: mac ifindex
ip netns add a
ip netns exec a sysctl net.ipv4.ip_forward
ip netns exec a sysctl -n net.ipv4.ip_forward
ip netns exec a cat /proc/sys/net/ipv4/ip_forward
ip netns exec a sysctl net.ipv4.nosuch
