# An ESTABLISHED,RELATED rule listed.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
ip netns exec a iptables -A INPUT -m conntrack --ctstate INVALID -j DROP
ip netns exec a iptables -S INPUT
ip netns exec a iptables -L INPUT -n
