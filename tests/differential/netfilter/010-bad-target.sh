# Unknown targets and chains.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -A INPUT -j NOPE
ip netns exec a iptables -A NOPE -j ACCEPT
ip netns exec a iptables -P NOPE DROP
ip netns exec a iptables -t nope -L
