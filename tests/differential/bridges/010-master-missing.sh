# Enslaving to a missing bridge.
# mask: mac ifindex
ip link add x1 type veth peer name x2
ip link set x1 master br9
ip link set x1 master x2
