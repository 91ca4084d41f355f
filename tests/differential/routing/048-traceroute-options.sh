# traceroute's CLIF command line: clusters, long options with =, the
# operands, the range checks, -I/-U/-f/-p/-s and packetlen.
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
ip netns exec a traceroute -nI 10.0.3.2
ip netns exec a traceroute -n -f 2 -q 2 10.0.3.2 100
ip netns exec a traceroute --icmp --queries=1 -n 10.0.3.2 5
ip netns exec a traceroute -n -q 1 -s 10.0.1.2 -m 0x1 10.0.3.2
ip netns exec a traceroute -n -s 10.0.9.9 10.0.3.2
ip netns exec a traceroute -n -q 1 -N 1 -z 0 -w 2,3,10 -d -F -e -4 10.0.1.1
ip netns exec a traceroute
ip netns exec a traceroute -V
ip netns exec a traceroute --version
ip netns exec a traceroute -m
ip netns exec a traceroute -nm
ip netns exec a traceroute -q 1 -q
ip netns exec a traceroute --max-hops 5 10.0.3.2
ip netns exec a traceroute --max 4 10.0.3.2
ip netns exec a traceroute --icmp=3 10.0.3.2
ip netns exec a traceroute -n5 10.0.3.2
ip netns exec a traceroute -m abc 10.0.3.2
ip netns exec a traceroute --max-hops=x 10.0.3.2
ip netns exec a traceroute -w 1,2,3,4 10.0.3.2
ip netns exec a traceroute -w 1.5,-2 10.0.3.2
ip netns exec a traceroute -z -1 10.0.3.2
ip netns exec a traceroute -m 5
ip netns exec a traceroute 10.0.3.2 40 x
ip netns exec a traceroute 10.0.3.2 abc
ip netns exec a traceroute 10.0.3.2 70000
ip netns exec a traceroute -m 300 -f 400 10.0.3.2
ip netns exec a traceroute -m -1 10.0.3.2
ip netns exec a traceroute -q 20 -m 300 10.0.3.2
ip netns exec a traceroute -q 0 10.0.3.2
ip netns exec a traceroute -6 10.0.3.2
ip netns exec a traceroute -- -n
ip netns exec a traceroute -s nosuch.invalid 10.0.3.2
