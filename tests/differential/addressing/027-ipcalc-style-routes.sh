# Connected routes for several prefix lengths.
# mask: mac ifindex
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set v1 up
ip -n a addr add 172.16.5.1/16 dev v1
ip -n a addr add 192.168.100.130/26 dev v1
ip -n a addr add 10.200.3.4/8 dev v1
ip -n a route
ip -n a route show table local
