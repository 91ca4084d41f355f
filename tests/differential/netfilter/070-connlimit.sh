# -m connlimit counts a source's connections: the third ping (a new ICMP id) is over 2.
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
ip netns exec a iptables -A INPUT -p icmp -m conntrack --ctstate NEW -m connlimit --connlimit-above 2 -j DROP
ip netns exec a iptables -A INPUT -p icmp -m connlimit --connlimit-upto 1 --connlimit-mask 24
ping -c 2 -i 0.2 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ping -c 1 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ping -c 1 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ip netns exec a conntrack -C
ip netns exec a iptables -L INPUT -n -v -x
ip netns exec a iptables -S INPUT
ip netns exec a iptables -A INPUT -p tcp --syn --dport 80 -m connlimit --connlimit-above 10 --connlimit-mask 24 -j REJECT
ip netns exec a iptables -A INPUT -m connlimit ! --connlimit-above 3 --connlimit-daddr
ip netns exec a iptables -A INPUT -m connlimit
ip netns exec a iptables -A INPUT -m connlimit --connlimit-above x
ip netns exec a iptables -A INPUT -m connlimit --connlimit-above 1 --connlimit-upto 2
ip netns exec a iptables -L INPUT
