# NOTRACK and CT --notrack in the raw table: the pings are UNTRACKED and conntrack keeps no entry.
# needs: iptables ping conntrack
# mask: mac ifindex time id timer
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
ip netns exec a iptables -t raw -A PREROUTING -p icmp -j NOTRACK
ip netns exec a iptables -t raw -A OUTPUT -p icmp -j CT --notrack
ip netns exec a iptables -t raw -A OUTPUT -j CT
ip netns exec a iptables -A INPUT -m conntrack --ctstate UNTRACKED
ip netns exec a iptables -A INPUT -m state --state NEW,ESTABLISHED
ip netns exec a iptables -A OUTPUT -m conntrack --ctstate UNTRACKED
ping -c 2 -i 0.2 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ip netns exec a conntrack -L
ip netns exec a iptables -L INPUT -n -v -x
ip netns exec a iptables -L OUTPUT -n -v -x
ip netns exec a iptables -t raw -S
ip netns exec a iptables -t raw -L -n
ip netns exec a iptables -t raw -L
ip netns exec a iptables-save -t raw | grep -v '^#'
ip netns exec a iptables -A INPUT -j NOTRACK
ip netns exec a iptables -t mangle -A PREROUTING -j CT --notrack
ip netns exec a iptables -t raw -D PREROUTING -p icmp -j NOTRACK
ip netns exec a iptables -t raw -S PREROUTING
