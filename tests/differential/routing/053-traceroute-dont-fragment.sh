# traceroute -F: a probe of 68 bytes or less fits every IPv4 MTU, so the
# trace reads as without it.
# needs: traceroute
# mask: mac ifindex time
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
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec a traceroute -n -F -q 1 10.0.3.2 68
ip netns exec a traceroute -n --dont-fragment -I -q 1 10.0.3.2
