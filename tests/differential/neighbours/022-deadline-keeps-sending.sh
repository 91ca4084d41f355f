# With -w, ping sends every interval until the count is answered: the
# three probes queued on the INCOMPLETE entry fail together at 3 s.
# mask: mac ifindex time
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
ip netns exec a ping -c 1 -i 0.7 -w 5 10.1.0.98
ip netns exec a ping -c 2 -i 0.7 -w 5 10.1.0.95
ip -n a neigh show 10.1.0.98
