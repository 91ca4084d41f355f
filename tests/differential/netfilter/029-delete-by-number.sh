# iptables -D by number.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -A INPUT -p tcp --dport 22 -j ACCEPT
ip netns exec a iptables -A INPUT -p tcp --dport 80 -j DROP
ip netns exec a iptables -D INPUT 1
ip netns exec a iptables -S INPUT
ip netns exec a iptables -D INPUT 5
