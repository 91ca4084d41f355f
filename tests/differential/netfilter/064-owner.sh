# -m owner: a process's packets are root's; the kernel's echo replies have no owner.
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
ip netns exec a iptables -A OUTPUT -m owner --uid-owner 0 -j ACCEPT
ip netns exec a iptables -A OUTPUT -m owner ! --uid-owner 0
ip netns exec a iptables -A OUTPUT -m owner --gid-owner root --uid-owner 1000-2000
ip netns exec a iptables -A OUTPUT -m owner --socket-exists
ip netns exec a ping -c 2 -i 0.2 -W 1 10.1.0.1 > /dev/null; echo rc=$?
ping -c 1 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ip netns exec a iptables -L OUTPUT -n -v -x
ip netns exec a iptables -L OUTPUT
ip netns exec a iptables -S OUTPUT
ip netns exec a iptables -A INPUT -m owner --uid-owner 0 -j ACCEPT; echo rc=$?
ip netns exec a iptables -A FORWARD -m owner --uid-owner 0 -j ACCEPT
ip netns exec a iptables -A OUTPUT -m owner --uid-owner 2000-1000
ip netns exec a iptables -A OUTPUT -m owner
ip netns exec a iptables -A OUTPUT -m owner --uid-owner nosuchuser
ip netns exec a iptables -t nat -A POSTROUTING -m owner --uid-owner 0 -j MASQUERADE
ip netns exec a iptables -t nat -S POSTROUTING
