# ip -6 route show with selectors: the fe80::/64 kernel routes are
# unicast, proto kernel, metric 256; a selector that fixes a field
# leaves it out of the lines, one they cannot match empties the list.
ip netns add a
ip -n a link add v1 type veth peer name v2
ip -n a link set v1 up
ip -n a link set v2 up
sleep 2
ip -n a -6 route show
ip -n a -6 route show scope global
ip -n a -6 route show scope link
ip -n a -6 route show proto boot
ip -n a -6 route show proto kernel
ip -n a -6 route show type unicast
ip -n a -6 route show metric 256
ip -n a -6 route show metric 10
ip -n a -6 route show dev v1 proto kernel
ip -n a -6 route show dev v1
