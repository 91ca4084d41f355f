# -m length and -m ttl on pings of different sizes and TTLs; -f never matches.
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
ip netns exec a iptables -A INPUT -f -j DROP
ip netns exec a iptables -A INPUT -m length --length 84
ip netns exec a iptables -A INPUT -m length ! --length :100
ip netns exec a iptables -A INPUT -m ttl --ttl-eq 64
ip netns exec a iptables -A INPUT -m ttl --ttl-lt 10 -j DROP
ping -c 2 -i 0.2 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ping -c 1 -s 200 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ping -c 1 -t 5 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ip netns exec a iptables -L INPUT -n -v -x
ip netns exec a iptables -S INPUT
ip netns exec a iptables -L INPUT
ip netns exec a iptables -A INPUT ! -f -p tcp --dport 22 -j ACCEPT
ip netns exec a iptables -A INPUT -m length --length 70000
ip netns exec a iptables -A INPUT -m length --length 100:x
ip netns exec a iptables -A INPUT -m length
ip netns exec a iptables -A INPUT -m ttl ! --ttl-eq 64
ip netns exec a iptables -A INPUT -m ttl --ttl-lt 300
ip netns exec a iptables -A INPUT -m ttl ! --ttl-gt 5
ip netns exec a iptables -A INPUT -m ttl --ttl-lt 3 --ttl-gt 1
ip netns exec a iptables -A INPUT -m ttl
ip netns exec a iptables -L INPUT -n --line-numbers
