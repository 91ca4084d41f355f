# Adding a link whose name is taken.
# mask: mac ifindex
ip link add x1 type veth peer name x2
ip link add x1 type veth peer name x3
ip link del x2
ip link show x1
