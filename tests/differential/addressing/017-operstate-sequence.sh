# Operstate of a veth as its peer goes up and down.
# mask: mac ifindex
ip link add x1 type veth peer name x2
ip link set x1 up
ip -br link show x1
ip link set x2 up
ip -br link show x1
ip link set x2 down
ip -br link show x1
ip -br link show x2
ip link set x1 down
ip link set x2 up
ip -br link show x1
ip -br link show x2
