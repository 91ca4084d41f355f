# Exec into a missing namespace.
# mask: mac ifindex
ip netns exec nope ip link
ip -n nope link
