# iptables -I puts a rule first.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -A INPUT -p tcp --dport 80 -j DROP
ip netns exec a iptables -I INPUT -s 10.1.0.1 -j ACCEPT
ip netns exec a iptables -S
