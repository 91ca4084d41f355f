# MASQUERADE in POSTROUTING, listed.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -t nat -A POSTROUTING -s 10.1.0.0/24 -o eth0 -j MASQUERADE
ip netns exec a iptables -t nat -L POSTROUTING -n
ip netns exec a iptables -t nat -S
