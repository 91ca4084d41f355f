# A /32 address and its routes.
# mask: mac ifindex
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a addr add 10.5.5.5/32 dev v1
ip -n a link set v1 up
ip -n a route
ip -n a route show table local
