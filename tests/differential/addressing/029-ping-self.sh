# Pinging one's own address with lo down and up.
# mask: mac ifindex time
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a addr add 10.1.0.2/24 dev v1
ip -n a link set v1 up
ip netns exec a ping -c 1 -W 1 10.1.0.2
ip -n a link set lo up
ip netns exec a ping -c 1 -W 1 10.1.0.2
