# Renaming and setting the MTU.
# mask: mac ifindex
ip link add x1 type veth peer name x2
ip link set x1 name y1
ip link set y1 mtu 1400
ip -br link show y1
ip link show y1
