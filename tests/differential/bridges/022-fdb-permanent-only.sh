# The fdb of an idle bridge.
# mask: mac ifindex
ip link add br1 type bridge
ip link add x1 type veth peer name x2
ip link set x1 master br1
bridge fdb show br br1
