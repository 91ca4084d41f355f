# ss in a fresh namespace.
# mask: mac ifindex
ip netns add a
ip netns exec a ss -tln
ip netns exec a ss -uln
