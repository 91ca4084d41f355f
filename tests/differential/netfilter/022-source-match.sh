# A -s match with a prefix.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -A INPUT -s 10.0.0.0/8 -d 192.168.1.1 -j DROP
ip netns exec a iptables -A INPUT -s 10.1.2.3/16 -j ACCEPT
ip netns exec a iptables -S INPUT
ip netns exec a iptables -L INPUT -n
