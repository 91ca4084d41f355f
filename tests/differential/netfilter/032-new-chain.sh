# User chains: -N, -j, -F, -X.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -N LOGDROP
ip netns exec a iptables -A LOGDROP -j DROP
ip netns exec a iptables -A INPUT -p tcp --dport 23 -j LOGDROP
ip netns exec a iptables -S
ip netns exec a iptables -X LOGDROP
ip netns exec a iptables -F
ip netns exec a iptables -X LOGDROP
ip netns exec a iptables -S
