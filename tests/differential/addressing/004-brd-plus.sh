# Broadcast computed with brd +.
# mask: mac ifindex
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a addr add 192.168.7.9/20 brd + dev v1
ip -n a -4 addr show dev v1
ip -n a -o -4 addr
