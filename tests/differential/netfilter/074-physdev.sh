# -m physdev on a bridge with br_netfilter: bridged frames carry their
# ports into FORWARD (--physdev-in/-out, --physdev-is-bridged), frames the
# bridge passes up carry their port into INPUT; the grammar's errors.
# mask: ifindex mac time id
modprobe br_netfilter 2>/dev/null; echo loaded
ip link add br0 type bridge
ip link set br0 up
ip addr add 10.9.0.1/24 dev br0
ip netns add a
ip netns add b
ip -n a link add eth0 type veth peer name va netns 1
ip -n b link add eth0 type veth peer name vb netns 1
ip link set va master br0
ip link set vb master br0
ip link set va up
ip link set vb up
ip -n a link set eth0 up
ip -n b link set eth0 up
ip -n a addr add 10.9.0.10/24 dev eth0
ip -n b addr add 10.9.0.20/24 dev eth0
iptables -A FORWARD -m physdev --physdev-is-bridged --physdev-in va --physdev-out vb -p icmp -j ACCEPT
iptables -A FORWARD -m physdev --physdev-in vb --physdev-out v+ -p icmp -j ACCEPT
iptables -A FORWARD -m physdev ! --physdev-is-bridged -j ACCEPT
iptables -A INPUT -m physdev --physdev-in va -p icmp -j ACCEPT
iptables -A INPUT -m physdev --physdev-is-in -p icmp -j ACCEPT
iptables -A INPUT -m physdev --physdev-is-bridged -j ACCEPT
ip netns exec a ping -c 2 -i 0.2 10.9.0.20 | head -3
ip netns exec b ping -c 1 10.9.0.1 | head -2
ip netns exec a ping -c 1 10.9.0.1 | head -2
iptables -L FORWARD -v -n -x | sed 1,2d | awk '{print $1, $3}'
iptables -L INPUT -v -n -x | sed 1,2d | awk '{print $1, $3}'
iptables -S FORWARD
iptables -L INPUT -n
iptables -A OUTPUT -m physdev --physdev-out eth0 -j ACCEPT; echo rc=$?
iptables -A OUTPUT -m physdev --physdev-is-bridged --physdev-out eth0 -j ACCEPT; echo rc=$?
iptables -A FORWARD -m physdev -j ACCEPT; echo rc=$?
iptables -A FORWARD -m physdev --physdev-in a --physdev-in b -j ACCEPT; echo rc=$?
iptables -A FORWARD -m physdev --physdev-in aaaaaaaaaaaaaaaaaaaa -j ACCEPT; echo rc=$?
iptables -A FORWARD -m physdev ! --physdev-is-in ! --physdev-in x --physdev-is-out -j LOG
iptables-save -t filter | grep physdev
