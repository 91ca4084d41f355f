# iptables-save of a small rule set.
# needs: iptables iptables-save
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -A INPUT -i lo -j ACCEPT
ip netns exec a iptables -t nat -A POSTROUTING -o eth9 -j MASQUERADE
ip netns exec a iptables-save | grep -v "^#"
