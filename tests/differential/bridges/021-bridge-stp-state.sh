# STP off on a bridge.
# mask: mac ifindex
ip link add br1 type bridge
ip -d link show br1 | grep -o "stp_state [0-9]"
