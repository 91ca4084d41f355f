# conntrack -L with nothing tracked.
# needs: conntrack
# mask: mac ifindex
ip netns add a
ip netns exec a conntrack -L
ip netns exec a conntrack -C
