# Insert and append order.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -A INPUT -p tcp --dport 22 -j ACCEPT
ip netns exec a iptables -I INPUT -p tcp --dport 80 -j ACCEPT
ip netns exec a iptables -I INPUT 2 -p udp --dport 53 -j ACCEPT
ip netns exec a iptables -S INPUT
ip netns exec a iptables -L INPUT -n --line-numbers
