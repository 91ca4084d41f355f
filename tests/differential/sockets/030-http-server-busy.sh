# http.server on a port already taken.
# needs: python3 nc
# mask: mac ifindex clock
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
ip netns exec a nc -l -p 8000 &
sleep 1
ip netns exec a python3 -m http.server 8000 2>&1 | tail -1
