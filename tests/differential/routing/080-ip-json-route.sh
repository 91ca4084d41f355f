# `ip -j route show` and `ip -j route get`: "type" for the other route
# types, "gateway", "protocol", "scope", "prefsrc", "metric", "flags"
# (["linkdown"] on a link without carrier), fields a selector fixed left
# out as in the text; `route get` with "from", "mark", "uid", "cache"
# and "iif"; a table that does not exist leaves the array open; `-6`:
# the kernel's fe80::/64 routes with their "pref".
ip link add v1 type veth peer name v2
ip link set v1 up
ip link set v2 up
ip addr add 10.0.0.1/24 dev v1
ip addr add 10.0.1.1/24 dev v2
ip link add v3 type veth peer name v4
ip addr add 10.0.9.1/24 dev v3
ip link set v3 up
sysctl -qw net.ipv4.ip_forward=1
ip route add 192.168.0.0/16 via 10.0.0.2 metric 5
ip route add 192.168.5.0/24 via 10.0.0.2 dev v1 metric 50 proto static
ip route add 192.168.6.0/24 dev v1 scope link
ip route add 10.77.0.0/16 dev v3
ip route add 10.1.2.3 dev v1
ip route add blackhole 10.9.0.0/16
ip route add unreachable 10.8.0.0/16
ip -j route show dev v1
ip -j route show proto kernel
ip -j -p route show 10.77.0.0/16
ip -j route show type blackhole
ip -j -p route show type unreachable
ip -j route show scope link dev v3
ip -j route show via 10.0.0.2
ip -j route show metric 5
ip -j route show table 7; echo rc=$?
ip -j -p route show table 7; echo rc=$?
ip -j route get 192.168.1.1
ip -j route get 192.168.1.1 mark 7 uid 5
ip -j route get 192.168.1.1 mark 100
ip -j -p route get 10.0.0.1
ip -j route get 127.0.0.1
ip -j route get 192.168.1.1 from 10.0.1.5 iif v2
ip -j route get 10.0.0.1 from 10.0.1.5 iif v2
ip -j route get 10.1.2.3 from 10.0.0.1
ip -j route get 1.1.1.1; echo rc=$?
ip -j route add 10.5.0.0/16 via 10.0.0.9; echo rc=$?
ip -j route del 10.5.0.0/16; echo rc=$?
ip -j route show | head -c 20; echo
sleep 2
ip -j -6 route show dev v1
ip -j -6 -p route show dev v2 proto kernel
ip -j -6 route show dev v1 metric 256
ip -j -6 route show dev v1 proto static
