# Deleting rules by number and by spec.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -A INPUT -s 10.0.0.1 -j DROP
ip netns exec a iptables -A INPUT -s 10.0.0.2 -j DROP
ip netns exec a iptables -D INPUT 1
ip netns exec a iptables -D INPUT -s 10.0.0.2 -j DROP
ip netns exec a iptables -D INPUT -s 10.0.0.2 -j DROP
ip netns exec a iptables -D INPUT 5
