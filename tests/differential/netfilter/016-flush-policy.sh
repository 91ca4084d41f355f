# Flush keeps the policy.
# needs: iptables
# mask: mac ifindex
ip netns add a
ip netns exec a iptables -P INPUT DROP
ip netns exec a iptables -A INPUT -j ACCEPT
ip netns exec a iptables -F
ip netns exec a iptables -S
