# A MARK rule and a mark match.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -t nat -A PREROUTING -p tcp --dport 80 -j MARK --set-xmark 0x4000/0x4000
ip netns exec a iptables -t nat -A POSTROUTING -m mark --mark 0x4000/0x4000 -j MASQUERADE
ip netns exec a iptables -t nat -S
