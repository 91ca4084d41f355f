# net-tools ifconfig: the up interfaces, -a, one by name, -s; setting an
# address (classful mask and broadcast), netmask (the broadcast follows),
# broadcast, /prefix, mtu, up and down; what ip addr shows of it. Lines
# with counters only for links that never carried a frame (the kernel's
# IPv6 chatter comes at random times); the veth's peer is up before v1
# is: right after a link's creation the kernel's operstate (RUNNING) lags.
# needs: ifconfig
# mask: mac lladdr ifindex
ip link add v1 type veth peer name v2
ifconfig v1
ifconfig -a | grep -A1 '^v'
ifconfig | grep -c '^v'
ifconfig -s v1
ifconfig -a -s | grep '^v'
ifconfig eth0 | head -4 | grep -v 'inet '
ifconfig lo | head -3
ifconfig -s lo | cut -c1-21
ifconfig v2 up
ifconfig v1 10.1.0.2
ifconfig v1 | head -2
ip -4 addr show v1
ifconfig v1 netmask 255.255.0.0
ifconfig v1 | head -2
ifconfig v1 broadcast 10.1.255.254
ifconfig v1 | head -2
ifconfig v1 netmask 255.255.255.0
ifconfig v1 | head -2
ifconfig v1 172.16.5.1/20
ifconfig v1 | head -2
ip -br addr show v1
ifconfig v1 192.168.9.9 netmask 255.255.255.128 broadcast 192.168.9.127 up
ifconfig v1 | head -2
ifconfig v1 mtu 1400
ifconfig v1 | head -1
ifconfig -s v1 | cut -c1-21
ifconfig v1 down
ifconfig v1 | head -2
ip link show v1
ifconfig v1 up
ifconfig v1 0
ifconfig v1 | head -2
ip -br addr show v1
ifconfig v1 inet 10.7.7.7 up
ifconfig v1 | head -2
ifconfig v1 default
ifconfig v1 | head -2
ip route show dev v1
