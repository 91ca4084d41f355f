# ip netns list and delete.
# mask: mac ifindex
ip netns add a
ip netns add b
ip netns list
ip netns del a
ip netns list
ip netns del a
