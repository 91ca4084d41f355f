# A veth moved to another namespace shows qdisc noop until up.
# mask: mac ifindex
ip netns add a
ip link add v1 type veth peer name v1p
ip link set v1 netns a
ip -n a link show v1
ip -n a link set v1 up
ip -n a link show v1
