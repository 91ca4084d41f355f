# -m hashlimit: a bucket per source; pings over 2/min from one source are dropped.
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
ip netns exec a iptables -A INPUT -p icmp -m hashlimit --hashlimit-name ping --hashlimit-mode srcip --hashlimit-above 1/min --hashlimit-burst 2 -j DROP
ping -c 4 -i 0.2 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ip netns exec a iptables -L INPUT -n -v -x
ip netns exec a iptables -A INPUT -p tcp --dport 22 -m hashlimit --hashlimit-name ssh --hashlimit-mode srcip --hashlimit-above 3/min -j DROP
ip netns exec a iptables -A INPUT -m hashlimit --hashlimit-upto 5/sec --hashlimit-burst 10 --hashlimit-name h2
ip netns exec a iptables -A INPUT -m hashlimit --hashlimit 5/sec --hashlimit-name h3
ip netns exec a iptables -A INPUT -m hashlimit --hashlimit-upto 1/hour --hashlimit-mode srcip,dstport --hashlimit-name h4 --hashlimit-srcmask 24
ip netns exec a iptables -A INPUT -m hashlimit --hashlimit-upto 5/sec --hashlimit-name h5 --hashlimit-htable-expire 30000
ip netns exec a iptables -A INPUT -m hashlimit --hashlimit-upto 5/sec
ip netns exec a iptables -A INPUT -m hashlimit --hashlimit-name x
ip netns exec a iptables -A INPUT -m hashlimit --hashlimit-upto 5/sec --hashlimit-name h6 --hashlimit-mode foo
ip netns exec a iptables -A INPUT -m hashlimit --hashlimit-upto x --hashlimit-name a
ip netns exec a iptables -A INPUT -m hashlimit --hashlimit-upto 5/week --hashlimit-name a
ip netns exec a iptables -A INPUT -m hashlimit --hashlimit-upto 5/s --hashlimit-name a --hashlimit-srcmask 40
ip netns exec a iptables -A INPUT -m hashlimit --hashlimit-upto 5/s --hashlimit-name a --hashlimit-burst x
ip netns exec a iptables -A INPUT -m hashlimit --hashlimit-upto 5/s --hashlimit-above 3/s --hashlimit-name a
ip netns exec a iptables -A INPUT -m hashlimit --hashlimit-above 5/MIN --hashlimit-name a --hashlimit-dstmask 16 --hashlimit-mode dstip
ip netns exec a iptables -S INPUT
ip netns exec a iptables -L INPUT
