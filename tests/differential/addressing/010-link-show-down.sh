# A fresh veth pair, both ends down.
# mask: mac ifindex
# mask: / addrgenmode .*//
ip link add x1 type veth peer name x2
ip link show x1
ip -br link show x2
ip -d link show x1
