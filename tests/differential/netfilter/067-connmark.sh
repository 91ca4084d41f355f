# CONNMARK marks the connection of a ping; -m connmark and --restore-mark see it on later packets.
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
ip netns exec a iptables -t mangle -A PREROUTING -p icmp -m connmark --mark 0 -j CONNMARK --set-mark 0x7
ip netns exec a iptables -A INPUT -m connmark --mark 0x7
ip netns exec a iptables -A INPUT -m connmark ! --mark 0x7/0xf
ip netns exec a iptables -t mangle -A OUTPUT -j CONNMARK --restore-mark
ip netns exec a iptables -A OUTPUT -m mark --mark 0x7
ping -c 2 -i 0.2 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ip netns exec a conntrack -L
ip netns exec a iptables -L -n -v -x
ip netns exec a iptables -t mangle -L -n -v -x
ip netns exec a iptables -t mangle -A INPUT -j CONNMARK --save-mark --mask 0xff
ip netns exec a iptables -t mangle -A INPUT -j CONNMARK --restore-mark --nfmask 0xf0 --ctmask 0xf0
ip netns exec a iptables -t mangle -A INPUT -j CONNMARK --and-mark 0xf
ip netns exec a iptables -t mangle -A INPUT -j CONNMARK --or-mark 0x10
ip netns exec a iptables -t mangle -A INPUT -j CONNMARK --set-mark 7/0xff
ip netns exec a iptables -t mangle -A INPUT -j CONNMARK
ip netns exec a iptables -t mangle -A INPUT -m connmark
ip netns exec a iptables -t mangle -S
ip netns exec a iptables -t mangle -L INPUT
