# ifconfig's counters, where the real kernel's are certain: lo after a
# ping, and a veth pair in two namespaces with IPv6 off (no MLD or router
# solicitations at random times): one ARP exchange and two echoes.
# needs: ifconfig ping
# mask: mac
ping -c1 -q 127.0.0.1 >/dev/null
ifconfig lo
ifconfig -s lo
ip netns add a
ip netns add b
ip netns exec a sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec b sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip link add va netns a type veth peer name vb netns b
ip -n a addr add 10.5.0.1/24 dev va
ip -n b addr add 10.5.0.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
sleep 1
ip netns exec a ping -c2 -q -i 0.2 10.5.0.2 >/dev/null
ip netns exec a ifconfig va
ip netns exec b ifconfig -s vb
ip netns exec a ifconfig
ip netns exec b ifconfig -a -s
