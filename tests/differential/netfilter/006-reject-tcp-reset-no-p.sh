# REJECT tcp-reset without -p tcp.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -A INPUT -j REJECT --reject-with tcp-reset
ip netns exec a iptables -S
