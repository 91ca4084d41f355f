# bridge's global options that change nothing bridge link prints:
# -s, -o, -t, -4, -6, -compressvlans, -force, -pretty, -family, and
# -color=auto or never (the output is no terminal).
# mask: mac ifindex
ip netns add a
ip -n a link add br0 type bridge
ip -n a link add x1 type veth peer name x2
ip -n a link set x1 master br0
bridge -n a -s link
bridge -n a -o -t -force -pretty -4 -com link show dev x1
bridge -n a -6 link
bridge -n a -f inet link
bridge -n a -c=never link
bridge -n a -color=auto link
bridge -n a -s link set dev x1 learning on
