# ifconfig lists address labels (eth0:1) as interfaces of their own, with
# the device's flags and hardware but no counters, sorted as net-tools'
# nstrcmp sorts names (eth0 left out: the harness gives the real one no
# broadcast, and IPv6 chatter moves its counters); a label that does not exist shows the device
# without an address; the flags promisc, allmulticast and multicast set.
# needs: ifconfig
# mask: mac ifindex
ip link add v1 type veth peer name v2
ip link add v10 type veth peer name v9
ip addr add 10.1.0.1/24 dev v1
ip addr add 10.1.0.5/24 dev v1 label v1:1
ip addr add 10.2.0.5/16 brd + dev v1 label v1:0
ip addr add 10.3.0.5/16 dev v1 label v1:x
ip addr add 10.1.0.6/24 dev v1
ip link set v1 up
ifconfig -a | sed -n '/^v1/,$p'
ifconfig | sed -n '/^v1/,$p'
ifconfig v1:1
ifconfig v1:7
ifconfig -s -a | grep -v '^eth0'
ifconfig -s v1:0
ip link set v1 promisc on
ip link set v1 allmulticast on
ifconfig v1 | head -1
ifconfig -s v1
ip link set v1 multicast off
ifconfig v1 | head -1
ifconfig -s v1:1
ip link add br0 type bridge
ifconfig br0
ip addr del 10.1.0.1/24 dev v1
ifconfig -a | grep -c '^v1'
ifconfig v1 -promisc -allmulti multicast dynamic
ifconfig v1 | head -1
ifconfig -s v1
ifconfig v1 -dynamic promisc
ifconfig v1 | head -1
ifconfig v1 txqueuelen 500
ifconfig v1 | grep ether
ip link show v1
ifconfig v1 txqueuelen 0x20
ifconfig v1 | grep ether
ifconfig v1 txqueuelen -1
ifconfig v1 txqueuelen
ifconfig nosuch promisc
ifconfig nosuch txqueuelen 10
