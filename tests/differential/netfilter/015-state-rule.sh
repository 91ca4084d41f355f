# A stateful rule set.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
ip netns exec a iptables -A INPUT -m state --state NEW -p tcp --dport 22 -j ACCEPT
ip netns exec a iptables -S INPUT
ip netns exec a iptables -L INPUT -n
