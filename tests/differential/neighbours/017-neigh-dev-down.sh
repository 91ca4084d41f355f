# Adding a neighbour on a down device.
# mask: ifindex
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a addr add 10.1.0.2/24 dev v1
ip -n a neigh add 10.1.0.50 lladdr 02:00:00:00:00:50 dev v1
ip -n a neigh show
