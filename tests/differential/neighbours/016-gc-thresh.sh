# The neighbour table sysctls.
# mask: mac ifindex
ip netns add a
ip netns exec a sysctl net.ipv4.neigh.default.gc_thresh1
ip netns exec a sysctl net.ipv4.neigh.default.base_reachable_time_ms
