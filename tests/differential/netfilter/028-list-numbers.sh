# iptables -L --line-numbers.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -A INPUT -p tcp --dport 22 -j ACCEPT
ip netns exec a iptables -A INPUT -p tcp --dport 80 -j DROP
ip netns exec a iptables -L INPUT -n --line-numbers
