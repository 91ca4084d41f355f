# Adding the same address twice.
# mask: mac ifindex lladdr
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
ip -n a addr add 10.1.0.2/24 dev v1
ip -n a addr add 10.1.0.2/25 dev v1
ip -n a -br addr show dev v1
