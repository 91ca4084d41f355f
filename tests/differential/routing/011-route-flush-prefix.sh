# ip route flush PREFIX.
# mask: mac ifindex
ip netns add a
ip netns add r
ip netns add b
ip link add a0 netns a type veth peer name ra netns r
ip link add b0 netns b type veth peer name rb netns r
ip -n a addr add 10.0.1.2/24 dev a0
ip -n a link set a0 up
ip -n b addr add 10.0.3.2/24 dev b0
ip -n b link set b0 up
ip -n r addr add 10.0.1.1/24 dev ra
ip -n r link set ra up
ip -n r addr add 10.0.3.1/24 dev rb
ip -n r link set rb up
ip -n a route add default via 10.0.1.1
ip -n b route add default via 10.0.3.1
sleep 1
ip -n a route add 10.7.0.0/16 via 10.0.1.1
ip -n a route add 10.7.1.0/24 via 10.0.1.1
ip -n a route flush 10.7.0.0/16
ip -n a route
