# iptables -t nat -L in a fresh namespace.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -t nat -L -n
ip netns exec a iptables -t nat -L -n -v
