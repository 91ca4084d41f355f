# ageing_time ages learnt entries out of the FDB; 0 keeps none (a hub).
# IPv6 is off in the namespaces so nothing but the ping refreshes them.
# mask: mac ifindex
ip netns add a
ip netns add b
ip netns exec a sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec b sysctl -qw net.ipv6.conf.all.disable_ipv6=1
sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip link add br0 type bridge ageing_time 200
ip link add va type veth peer name va-br
ip link add vb type veth peer name vb-br
ip link set va netns a
ip link set vb netns b
ip link set va-br master br0
ip link set vb-br master br0
ip -n a addr add 10.0.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip link set va-br up
ip link set vb-br up
ip link set br0 up
sleep 1
ip netns exec a ping -c 1 -W 1 10.0.0.2 > /dev/null; echo rc=$?
bridge fdb show br br0 dynamic | wc -l
sleep 3
bridge fdb show br br0 dynamic | wc -l
ip netns exec a ping -c 1 -W 1 10.0.0.2 > /dev/null; echo rc=$?
bridge fdb show br br0 dynamic | wc -l
ip link set br0 type bridge ageing_time 0
bridge fdb show br br0 dynamic | wc -l
ip netns exec a ping -c 1 -W 1 10.0.0.2 > /dev/null; echo rc=$?
bridge fdb show br br0 dynamic | wc -l
ip link set br0 type bridge ageing_time 30000
ip netns exec a ping -c 1 -W 1 10.0.0.2 > /dev/null; echo rc=$?
bridge fdb show br br0 dynamic | wc -l
ip link set br0 type bridge fdb_flush
bridge fdb show br br0 dynamic | wc -l
