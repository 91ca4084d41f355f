# Deleting one end of a veth deletes both.
# mask: mac ifindex
ip link add x1 type veth peer name x2
ip link del x1
ip link show x2
