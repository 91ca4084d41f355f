# Each device holds the all-nodes group even while down; a bridge's ports'
# groups are listed under `br`; port flags set by bridge and by ip.
# mask: mac ifindex
ip link add br1 type bridge
ip link add x1 type veth peer name x2
ip link set x1 master br1
bridge fdb show br br1
bridge fdb show
ip link set br1 up
ip link set x1 up
bridge fdb show br br1
bridge link show dev x1
bridge link set dev x1 learning off
bridge -d link show dev x1
ip link set x1 type bridge_slave hairpin on
bridge -d link show
bridge fdb show br br1 dynamic
