# An MTU below the minimum.
# mask: mac ifindex
ip link add x1 type veth peer name x2
ip link set x1 mtu 60
ip link set x1 mtu 68
ip link show x1
