# TOS in the mangle table, and -m set (no ipset: every set is unknown).
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
ip netns exec a iptables -t mangle -A POSTROUTING -p icmp -j TOS --set-tos 0x10
ip netns exec a iptables -t mangle -A POSTROUTING -j TOS --set-tos Minimize-Delay
ip netns exec a iptables -t mangle -A POSTROUTING -j TOS --and-tos 0x0f
ip netns exec a iptables -t mangle -A POSTROUTING -j TOS --or-tos 0x08
ip netns exec a iptables -t mangle -A POSTROUTING -j TOS --xor-tos 0x04
ip netns exec a iptables -t mangle -A POSTROUTING -j TOS --set-tos 0x08/0x0f
ip netns exec a iptables -t mangle -A POSTROUTING -j TOS --set-tos 0x02
ping -c 2 -i 0.2 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ip netns exec a iptables -t mangle -L POSTROUTING -n -v -x
ip netns exec a iptables -t mangle -L POSTROUTING
ip netns exec a iptables -t mangle -S POSTROUTING
ip netns exec a iptables -t mangle -A POSTROUTING -j TOS --set-tos 300
ip netns exec a iptables -t mangle -A POSTROUTING -j TOS --set-tos foo
ip netns exec a iptables -t mangle -A POSTROUTING -j TOS --set-tos 0x10 --and-tos 1
ip netns exec a iptables -t mangle -A POSTROUTING -j TOS
ip netns exec a iptables -A OUTPUT -j TOS --set-tos 0x10
ip netns exec a iptables -A INPUT -m set --match-set blocklist src -j DROP
ip netns exec a iptables -A INPUT -m set
