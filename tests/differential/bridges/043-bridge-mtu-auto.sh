# br_mtu_auto_adjust: a bridge follows its ports' smallest MTU as ports
# join, change and leave (1500 with none), until its own MTU is set.
# mask: mac ifindex
ip link add br0 type bridge
ip link add p1 type veth peer name p1x
ip link add p2 type veth peer name p2x
ip link set p1 mtu 9000
ip link set p1 master br0
ip -o link show br0 | grep -o 'mtu [0-9]*'
ip link set p2 mtu 1300
ip link set p2 master br0
ip -o link show br0 | grep -o 'mtu [0-9]*'
ip link set p2 mtu 1450
ip -o link show br0 | grep -o 'mtu [0-9]*'
ip link set p2 nomaster
ip -o link show br0 | grep -o 'mtu [0-9]*'
ip link set p1 nomaster
ip -o link show br0 | grep -o 'mtu [0-9]*'
ip link set br0 mtu 1200
ip link set p1 master br0
ip -o link show br0 | grep -o 'mtu [0-9]*'
ip link set p1 mtu 1000
ip -o link show br0 | grep -o 'mtu [0-9]*'
