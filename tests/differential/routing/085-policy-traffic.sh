# Policy routing on real traffic: a router with two uplinks sends one
# client's packets out of the second by a source rule, and marked
# packets by an fwmark rule (iptables -t mangle -j MARK).
# mask: ifindex mac time id
ip netns add c
ip netns add r
ip netns add a
ip netns add b
ip -n c link add eth0 type veth peer name lan netns r
ip -n r link add up1 type veth peer name eth0 netns a
ip -n r link add up2 type veth peer name eth0 netns b
for ns in c r a b; do ip -n $ns link set lo up; done
ip -n c link set eth0 up
ip -n r link set lan up
ip -n r link set up1 up
ip -n r link set up2 up
ip -n a link set eth0 up
ip -n b link set eth0 up
ip -n c addr add 192.168.1.10/24 dev eth0
ip -n c addr add 192.168.1.11/24 dev eth0
ip -n r addr add 192.168.1.1/24 dev lan
ip -n r addr add 10.1.0.1/24 dev up1
ip -n r addr add 10.2.0.1/24 dev up2
ip -n a addr add 10.1.0.2/24 dev eth0
ip -n b addr add 10.2.0.2/24 dev eth0
ip -n a addr add 8.8.8.8/32 dev lo
ip -n b addr add 8.8.8.8/32 dev lo
ip -n a route add default via 10.1.0.1
ip -n b route add default via 10.2.0.1
ip -n c route add default via 192.168.1.1
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip -n r route add default via 10.1.0.2
ip -n r route add default via 10.2.0.2 table 200
ip -n r rule add from 192.168.1.11 lookup 200
ip -n r route get 8.8.8.8 from 192.168.1.11 iif lan
ip -n r route get 8.8.8.8 from 192.168.1.10 iif lan
ip netns exec a iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT
ip netns exec b iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT
ip netns exec c ping -c 1 -I 192.168.1.10 8.8.8.8 | head -2
ip netns exec c ping -c 2 -i 0.2 -I 192.168.1.11 8.8.8.8 | head -3
ip netns exec a iptables -L INPUT -v -n -x | tail -1
ip netns exec b iptables -L INPUT -v -n -x | tail -1
ip netns exec r iptables -t mangle -A PREROUTING -i lan -p icmp -s 192.168.1.10 -j MARK --set-mark 7
ip -n r rule add fwmark 7 lookup 200 pref 10
ip netns exec c ping -c 1 -I 192.168.1.10 8.8.8.8 | head -2
ip netns exec b iptables -L INPUT -v -n -x | tail -1
ip -n r rule add iif lan to 8.8.8.8 prohibit pref 5
ip netns exec c ping -c 1 -W 1 -I 192.168.1.10 8.8.8.8; echo rc=$?
ip -n r rule del pref 5
ip -n r rule add to 8.8.8.8 blackhole pref 5
ip netns exec r ping -c 1 8.8.8.8; echo rc=$?
ip -n r rule
