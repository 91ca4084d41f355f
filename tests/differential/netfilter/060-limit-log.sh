# A rate-limited LOG rule: the first pings use up the burst, the rest pass it by.
# needs: iptables ping
# mask: mac ifindex time id
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
ip netns exec a iptables -A INPUT -p icmp -m limit --limit 1/min --limit-burst 3 -j LOG --log-prefix "ping: "
ip netns exec a iptables -A INPUT -p icmp -j ACCEPT
ping -c 6 -i 0.2 -W 1 10.1.0.2 > /dev/null
ip netns exec a iptables -L INPUT -n -v -x
ip netns exec a iptables -S INPUT
ip netns exec a iptables -L INPUT
ip netns exec a iptables -I INPUT -m limit --limit 5/min -j ACCEPT
ip netns exec a iptables -L INPUT 1 -n
ip netns exec a iptables -D INPUT -m limit --limit 5/min -j ACCEPT
ip netns exec a iptables -S INPUT
