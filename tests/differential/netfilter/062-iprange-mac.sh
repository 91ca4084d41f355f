# An iprange DROP and a MAC DROP stop pings; pkttype counts them.
# needs: iptables ping
# mask: ifindex time id
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip link set v1p address 02:00:00:00:00:01
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
ping -c 1 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ip netns exec a iptables -A INPUT -m pkttype --pkt-type unicast -p icmp
ip netns exec a iptables -A INPUT -m iprange --src-range 10.1.0.1-10.1.0.9 -j DROP
ping -c 1 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ip netns exec a iptables -R INPUT 2 -m iprange ! --src-range 10.1.0.1-10.1.0.9 -j DROP
ping -c 1 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ip netns exec a iptables -A INPUT -m mac --mac-source 02:00:00:00:00:01 -j DROP
ping -c 2 -i 0.2 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ip netns exec a iptables -L INPUT -n -v -x
ip netns exec a iptables -S
ip netns exec a iptables -A OUTPUT -m mac --mac-source 02:00:00:00:00:01 -j DROP
ip netns exec a iptables -A INPUT -m mac --mac-source 02:00:00:00:01 -j DROP
ip netns exec a iptables -A INPUT -m mac
ip netns exec a iptables -A INPUT -m iprange --src-range 10.0.0.1-foo
ip netns exec a iptables -A INPUT -m iprange
ip netns exec a iptables -A INPUT -m pkttype --pkt-type broadcast -j DROP
ip netns exec a iptables -A INPUT -m pkttype ! --pkt-type Multicast -j DROP
ip netns exec a iptables -A INPUT -m pkttype
ip netns exec a iptables -L INPUT
