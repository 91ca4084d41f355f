# A bridge without ports.
# mask: mac ifindex
ip link add br1 type bridge
ip link set br1 up
ip -br link show br1
ip link show br1
