# A veth as master.
# mask: mac ifindex
ip link add x1 type veth peer name x2
ip link add y1 type veth peer name y2
ip link set y1 master x1
