# ping -O says which probe is still unanswered as the next one goes (even
# with -q); -D puts the wall clock before each line.
# mask: mac ifindex time
# mask: /\[\d+\.\d{6}\]/[TS]/
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
ip netns exec a ping -c 3 -i 0.2 -O 10.1.0.1
ip netns exec a ping -c 3 -i 0.2 -O -W 1 10.1.0.99
ip netns exec a ping -c 2 -i 0.2 -q -O -W 1 10.1.0.98
ip netns exec a ping -c 2 -i 0.2 -D 10.1.0.1
ip netns exec a ping -c 2 -i 0.2 -DO -W 1 10.1.0.97
ip netns exec a ping -4 -c 1 10.1.0.1
