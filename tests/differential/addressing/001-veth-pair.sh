# A veth pair with addresses, brief views.
# mask: mac ifindex
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a addr add 10.1.0.2/24 dev v1
ip -n a link set v1 up
ip -n a -br addr
ip -n a -br link
ip -br link show v1p
ip link set v1p up
ip -n a -br link
ip -n a route
