# ip route get ... iif DEV: an input route, as for a packet arriving on
# DEV. Forwarding off answers No route to host; no source, a local
# source or one strict rp_filter refuses is Invalid argument; a local
# destination is <local> through lo; ip route show with a selector
# leaves out the field it fixed.
ip link add ra type veth peer name rap
ip link add rb type veth peer name rbp
ip link set ra up
ip link set rap up
ip link set rb up
ip link set rbp up
ip addr add 10.0.1.1/24 dev ra
ip addr add 10.0.3.1/24 dev rb
ip route get 10.0.3.2 from 10.0.1.2 iif ra
sysctl -qw net.ipv4.ip_forward=1
ip route get 10.0.3.2 from 10.0.1.2 iif ra
ip route get 10.0.1.1 from 10.0.1.2 iif ra
ip route get 10.0.3.2 from 10.0.3.9 iif ra
sysctl -qw net.ipv4.conf.all.rp_filter=1
ip route get 10.0.3.2 from 10.0.3.9 iif ra
ip route get 10.0.3.2 from 10.0.1.1 iif ra
ip route get 10.0.3.2 iif ra
ip route get 10.0.3.2 from 10.0.1.2 iif nope
ip route add 10.9.0.0/16 via 10.0.1.2 src 10.0.1.1 proto static metric 7
ip route show dev ra
ip route show via 10.0.1.2
ip route show proto static
ip route show scope link
ip route show src 10.0.1.1
ip route show metric 7
ip route add 10.8.0.0/16 via 10.0.1.2 onlink
