# iptables -P and -L header.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -P FORWARD DROP
ip netns exec a iptables -L FORWARD
ip netns exec a iptables -P FORWARD REJECT
