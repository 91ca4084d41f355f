# A multiport match.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT
ip netns exec a iptables -S INPUT
ip netns exec a iptables -L INPUT -n
