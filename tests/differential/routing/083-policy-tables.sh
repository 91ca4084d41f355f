# Policy routing: routes in tables besides main, rules that pick them by
# source, mark, device and destination, and `ip route get` through them.
# mask: ifindex
ip link add v0 type veth peer name v1
ip link set v0 up
ip link set v1 up
ip addr add 10.0.0.1/24 dev v0
ip addr add 10.1.0.1/24 dev v1
ip route show table 100; echo rc=$?
ip route add 10.5.0.0/16 via 10.0.0.2 table 100
ip route add default via 10.0.0.3 table 100
ip route add default via 10.1.0.9
ip route add 10.5.0.0/16 via 10.1.0.2 metric 5
ip route add 10.5.0.0/16 via 10.0.0.2 table 100; echo rc=$?
ip route add 10.6.0.0/16 via 10.9.9.9 table 100; echo rc=$?
ip route show table 100
ip route show table all | grep -v -e fe80 -e ff00 -e '::'
ip rule add from 10.0.0.1 lookup 100 pref 100
ip route get 10.5.1.1
ip route get 10.5.1.1 from 10.0.0.1
ip route get 8.8.8.8 from 10.0.0.1
ip route get 8.8.8.8 from 10.1.0.1
ip route get 10.1.0.7 from 10.0.0.1
ip rule add fwmark 5 table 100 pref 90
ip route get 10.5.1.1 mark 5
ip route get 10.5.1.1 mark 0x5
ip route add throw 10.5.9.0/24 table 100
ip route get 10.5.9.1 from 10.0.0.1; echo rc=$?
ip route add unreachable 10.5.8.0/24 table 100
ip route get 10.5.8.1 from 10.0.0.1; echo rc=$?
ip rule add to 10.5.7.0/24 prohibit pref 80
ip route get 10.5.7.1; echo rc=$?
ip rule add to 10.5.6.0/24 blackhole pref 81
ip route get 10.5.6.1; echo rc=$?
ip rule add to 10.5.5.0/24 unreachable pref 82
ip route get 10.5.5.1; echo rc=$?
ip rule add not to 10.0.0.0/8 table 100 pref 84
ip route get 8.8.4.4; echo rc=$?
ip rule
ip route show table 100
ip route list table 100 10.5.0.0/16
ip route del 10.5.0.0/16 table 100
ip route del 10.5.0.0/16 table 100; echo rc=$?
ip route del 10.5.0.0/16 table 101; echo rc=$?
ip route show table main
ip route show table default; echo rc=$?
ip route flush table 100
ip route show table 100; echo rc=$?
ip rule del pref 84
ip rule del pref 100
ip rule del fwmark 5
ip rule del prohibit
ip rule
ip rule add from 10.0.0.0/24 to 10.1.0.0/24 table 7 pref 7
ip rule show from 10.0.0.0/24
ip rule show to 10.1.0.0/24
ip rule show from 10.0.0.0/16
ip route add 10.9.0.0/16 dev v0 table 100 proto static metric 3
ip route get 10.9.1.1 from 10.0.0.1
ip rule add from 10.0.0.1 table 100
ip route get 10.9.1.1 from 10.0.0.1
ip route get 10.9.1.1
ip -d route show table 100
ip route add 10.8.0.0/16 via 10.0.0.2 table 4294967296; echo rc=$?
ip route add 10.7.0.0/16 via 10.0.0.2 table mytab; echo rc=$?
ip netns add x
ip -n x rule
ip -n x route show table 100; echo rc=$?
ip route add 10.7.0.0/16 dev v0 table 0; echo rc=$?
ip route add 10.8.0.0/16 dev v0 table unspec; echo rc=$?
ip route show table main | grep -e 10.7 -e 10.8
ip route del 10.7.0.0/16 table 0; echo rc=$?
ip route add 10.4.0.0/16 dev v0 table default; echo rc=$?
ip route show table default
ip route get 10.4.1.1
