# curl reaches a server through DNAT.
# needs: curl python3 iptables
# mask: mac ifindex clock
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
mkdir -p /tmp/www
printf "behind\n" > /tmp/www/index.html
ip netns exec b python3 -m http.server 80 --bind 10.0.3.2 --directory /tmp/www &
ip netns exec r iptables -t nat -A PREROUTING -d 10.0.1.1 -p tcp --dport 8080 -j DNAT --to-destination 10.0.3.2:80
sleep 2
ip netns exec a curl -s http://10.0.1.1:8080/
