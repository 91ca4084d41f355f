# iptables -L in a fresh namespace.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -L
ip netns exec a iptables -S
ip netns exec a iptables -t nat -S
