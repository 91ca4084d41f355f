# neigh commands on a missing device.
# mask: mac ifindex
ip netns add a
ip -n a neigh show dev nope
ip -n a neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev nope
