# Setting a MAC address.
# mask: ifindex
# mask: /peer [0-9a-f:]+/peer M/
ip link add x1 type veth peer name x2
ip link set x1 address 02:00:00:00:00:01
ip link show x1
ip link set x1 address 01:00:00:00:00:01
