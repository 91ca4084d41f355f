# A user chain.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -N WEB
ip netns exec a iptables -A WEB -p tcp --dport 80 -j ACCEPT
ip netns exec a iptables -A INPUT -j WEB
ip netns exec a iptables -L -n
ip netns exec a iptables -X WEB
ip netns exec a iptables -N WEB
