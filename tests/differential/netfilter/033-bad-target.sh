# An unknown target and an unknown chain.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -A INPUT -j NOPE
ip netns exec a iptables -A NOCHAIN -j DROP
ip netns exec a iptables -L NOCHAIN
