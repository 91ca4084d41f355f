# Carrier transitions (transns in ip -s -s link) of a veth pair, and the
# state and qdisc of the ends after one moves to another namespace. Only
# the transns line of the counters: the kernel's own IPv6 chatter may
# drop a frame at any time.
# needs: ip
# mask: mac ifindex
ip link add v3 type veth peer name v4
ip -s -s link show v3 | tail -1
ip link set v3 up
ip link set v3 down
ip -s -s link show v4 | tail -1
ip link set v4 up
ip link set v3 up
ip -s -s link show v3 | tail -1
ip link set v4 down
ip link set v4 up
ip netns add x
ip link set v4 netns x
ip -s -s link show v3 | tail -1
ip -n x -s -s link show v4 | tail -1
ip link show v3
ip -n x link show v4
ip -n x link set v4 up
ip -n x link show v4
ip link show v3
