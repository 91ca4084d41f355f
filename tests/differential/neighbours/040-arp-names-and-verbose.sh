# arp without -n names an address as /etc/hosts does (23 characters in
# the Linux style, whole in the BSD one), -e wins over -a, and -v counts
# entries, skipped and found; -i or a host with no entry says so.
# mask: mac ifindex
ip netns add a
ip -n a link add d0 type veth peer name d1
ip -n a link set d0 up
ip -n a link set d1 up
ip -n a addr add 10.0.0.1/24 dev d0
ip -n a neigh add 10.0.0.2 lladdr 00:11:22:33:44:55 dev d0
ip -n a neigh add 10.0.0.3 dev d0 nud incomplete
echo "10.0.0.2 averyveryverylonghostnamethatistoolong.example" >> /etc/hosts
echo "10.0.0.3 bob" >> /etc/hosts
ip netns exec a arp -a 10.0.0.2
ip netns exec a arp 10.0.0.2
ip netns exec a arp -n 10.0.0.2
ip netns exec a arp -e bob
ip netns exec a arp -ea 10.0.0.3
ip netns exec a arp -an 10.0.0.3
ip netns exec a arp -v 10.0.0.2
ip netns exec a arp -v -i d1
ip netns exec a arp -i d1
ip netns exec a arp -a -v 10.0.0.9
ip netns exec a arp -nv 10.0.0.9
