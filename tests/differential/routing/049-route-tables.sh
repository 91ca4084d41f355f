# Tables other than main: netbook keeps none, so adding to one is refused
# (below it is done through a table that does not exist), deleting from or
# flushing one that does not exist fails as on Linux, and flushing main
# leaves the other tables alone.
# mask: mac ifindex
ip link add va type veth peer name vb
ip addr add 10.0.0.1/24 dev va
ip link set va up
ip link set vb up
ip route add 192.168.0.0/16 via 10.0.0.2
ip route show table 100
ip route show table default
ip route del 192.168.0.0/16 table 100
ip route del 192.168.0.0/16 table main via 10.0.0.2
ip route flush table 100
ip route add 192.168.0.0/16 via 10.0.0.2 table 254
ip route show via 10.0.0.2
ip route show table foo
ip route add 10.9.0.0/16 via 10.0.0.2 table foo
ip route flush table main
ip route show
