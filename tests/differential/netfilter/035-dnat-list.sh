# DNAT rules listed.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.2.0.2:80
ip netns exec a iptables -t nat -L PREROUTING -n
ip netns exec a iptables -t nat -S PREROUTING
