# ip link set's alias, group, txqueuelen and flag words show in ip link
# (the alias only there, the group in ip addr too); `group N` selects;
# ip link add applies them, to a veth's peer too, but drops an alias,
# and enslaves to its master.
# mask: mac ifindex
ip link add b0 txqueuelen 50 group 7 alias x promisc on type bridge
ip link show b0
ip link set b0 alias "hello world" group 0x10 txqueuelen 0
ip link show b0
ip -o link show b0
ip -br link show b0
ip addr show b0
ip link show group 16
ip link show dev b0 group 5
ip link set b0 group foo
ip link set b0 group 2147483648
ip link set b0 alias "$(printf %0256d 0)"
ip link set b0 alias ""
ip link set b0 group default
ip link show group default type bridge
ip link set b0 allmulticast on multicast off dynamic on promisc off txqueuelen -1
ip -d link show b0 | head -2 | cut -c1-90
ip link add va type veth peer name vb mtu 1400 address 02:00:00:00:00:09 group 3 txqueuelen 5 promisc on
ip link show vb
ip link show group 3
ip link add vc type veth peer name vd up
ip link show vd
ip link add ve master b0 type veth peer name vf
ip link show ve
ip link add br1 master b0 type bridge
ip link show br1
