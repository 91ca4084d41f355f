# A mark set in mangle OUTPUT reroutes the host's own packets
# (ip_route_me_harder): with an fwmark rule, marked pings leave by the
# second uplink, unmarked ones by the main table's default.
# mask: ifindex mac time id
ip netns add r
ip netns add a
ip netns add b
ip -n r link add up1 type veth peer name eth0 netns a
ip -n r link add up2 type veth peer name eth0 netns b
for ns in r a b; do ip -n $ns link set lo up; done
ip -n r link set up1 up
ip -n r link set up2 up
ip -n a link set eth0 up
ip -n b link set eth0 up
ip -n r addr add 10.1.0.1/24 dev up1
ip -n r addr add 10.2.0.1/24 dev up2
ip -n a addr add 10.1.0.2/24 dev eth0
ip -n b addr add 10.2.0.2/24 dev eth0
ip -n a addr add 8.8.8.8/32 dev lo
ip -n b addr add 8.8.8.8/32 dev lo
ip -n a route add default via 10.1.0.1
ip -n b route add default via 10.2.0.1
ip -n r route add default via 10.1.0.2
ip -n r route add default via 10.2.0.2 table 200
ip -n r rule add fwmark 7 lookup 200 pref 10
ip netns exec a iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT
ip netns exec b iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT
ip netns exec r ping -c 1 8.8.8.8 | head -2
ip netns exec r iptables -t mangle -A OUTPUT -p icmp -j MARK --set-mark 7
ip netns exec r ping -c 2 -i 0.2 8.8.8.8 | head -3
ip netns exec a iptables -L INPUT -v -n -x | tail -1
ip netns exec b iptables -L INPUT -v -n -x | tail -1
ip netns exec r iptables -t mangle -L OUTPUT -v -n -x | tail -1
ip -n r route get 8.8.8.8 mark 7
