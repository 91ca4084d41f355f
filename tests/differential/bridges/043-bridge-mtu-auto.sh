# br_mtu_auto_adjust: a bridge follows its ports' smallest MTU as ports
# join, change and leave (1500 with none), until its own MTU is set.
# Its bridge id is its lowest port MAC, zero (and so its MAC) without
# ports; its TSO limit is the legacy one until a port joins.
# mask: mac ifindex
ip link add br0 type bridge
ip -d link show br0 | grep -o "bridge_id [^ ]*\|tso_max_size [0-9]*"
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
ip -d link show br0 | grep -o 'bridge_id [^ ]*'
ip link set p1 nomaster
ip -d link show br0 | grep -o 'bridge_id [^ ]*\|designated_root [^ ]*'
ip link show br0 | grep -o 'link/ether [^ ]*'
ip -d link show br0 | grep -o 'tso_max_size [0-9]*'
