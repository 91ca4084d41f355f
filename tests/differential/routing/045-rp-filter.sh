# Reverse path filtering (fib_validate_source): a packet whose source
# routes back out another interface is dropped under strict rp_filter
# (the larger of conf.all and the device's), kept under loose or off; a
# source that is one of the router's own addresses is martian whatever
# rp_filter says. INPUT's counters show what got past the routing
# decision.
# needs: iptables
ip netns add r
ip netns add a
ip netns add b
ip link add a0 netns r type veth peer name eth0 netns a
ip link add b0 netns r type veth peer name eth0 netns b
ip -n r addr add 10.0.1.1/24 dev a0
ip -n r addr add 10.0.2.1/24 dev b0
ip -n r addr add 192.168.99.1/32 dev lo
ip -n r link set a0 up
ip -n r link set b0 up
ip -n r link set lo up
ip -n a addr add 10.0.1.2/24 dev eth0
ip -n a addr add 10.0.3.2/24 dev eth0
ip -n a addr add 192.168.99.1/32 dev eth0
ip -n a link set eth0 up
ip -n a route add default via 10.0.1.1
ip -n b addr add 10.0.2.2/24 dev eth0
ip -n b link set eth0 up
ip -n r route add 10.0.3.0/24 via 10.0.2.2
ip netns exec r iptables -A INPUT -p icmp -s 10.0.3.2
ip netns exec r iptables -A INPUT -p icmp -s 192.168.99.1
ip netns exec a ping -c 1 -W 1 -I 10.0.3.2 10.0.1.1 | grep -c '1 received'
ip netns exec r iptables -nvxL INPUT | awk 'NR>2 {print $1, $8}'
ip netns exec r sysctl -w net.ipv4.conf.a0.rp_filter=1
ip netns exec a ping -c 1 -W 1 -I 10.0.3.2 10.0.1.1 | grep -c '1 received'
ip netns exec r iptables -nvxL INPUT | awk 'NR>2 {print $1, $8}'
ip netns exec r sysctl -w net.ipv4.conf.a0.rp_filter=0 net.ipv4.conf.all.rp_filter=2
ip netns exec a ping -c 1 -W 1 -I 10.0.3.2 10.0.1.1 | grep -c '1 received'
ip netns exec r iptables -nvxL INPUT | awk 'NR>2 {print $1, $8}'
ip netns exec r sysctl -w net.ipv4.conf.all.rp_filter=1
ip netns exec a ping -c 1 -W 1 -I 10.0.1.2 10.0.1.1 | grep -c '1 received'
ip netns exec a ping -c 1 -W 1 -I 192.168.99.1 10.0.1.1 | grep -c '1 received'
ip netns exec r sysctl -w net.ipv4.conf.all.rp_filter=0
ip netns exec a ping -c 1 -W 1 -I 192.168.99.1 10.0.1.1 | grep -c '1 received'
ip netns exec r iptables -nvxL INPUT | awk 'NR>2 {print $1, $8}'
ip netns exec r sysctl -w net.ipv4.conf.a0.accept_local=1
ip netns exec a ping -c 1 -W 1 -I 192.168.99.1 10.0.1.1 | grep -c '1 received'
ip netns exec r iptables -nvxL INPUT | awk 'NR>2 {print $1, $8}'
ip netns exec r sysctl -w net.ipv4.conf.all.rp_filter=2
ip netns exec a ping -c 1 -W 1 -I 10.0.3.2 10.9.9.9 | grep -c '1 received'
ip netns exec r sysctl -w net.ipv4.conf.all.rp_filter=1
ip -n r route del 10.0.3.0/24
ip netns exec a ping -c 1 -W 1 -I 10.0.3.2 10.0.1.1 | grep -c '1 received'
ip netns exec r iptables -nvxL INPUT | awk 'NR>2 {print $1, $8}'
