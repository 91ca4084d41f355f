# ip route get's mark and uid show in the answer (a mark from 16 in hex,
# INVALID_UID not at all); tos, dsfield, ipproto, sport and dport are
# checked and, with no policy rules, change nothing; bad values fail.
# mask: mac ifindex
ip link add d0 type veth peer name d1
ip link set d0 up
ip link set d1 up
ip addr add 10.0.0.1/24 dev d0
ip addr add 10.0.1.1/24 dev d1
sysctl -qw net.ipv4.ip_forward=1
ip route get 10.0.0.9 mark 0x10
ip route get 10.0.0.9 mark 5 uid 1000
ip route get 10.0.0.9 mark 0x10 uid 5 from 10.0.0.1
ip route get 10.0.0.9 mark foo
ip route get 10.0.0.9 uid -1
ip route get 10.0.0.9 uid x
ip route get 10.0.0.9 tos foo
ip route get 10.0.0.9 tos 256
ip route get 10.0.0.9 tos 0x1f dsfield AF11
ip route get 10.0.0.9 ipproto foo
ip route get 10.0.0.9 ipproto tcp sport 80 dport 0x1bb
ip route get 10.0.0.9 sport x
ip route get 10.0.0.9 dport 65536
ip route get 10.0.0.9 mark 4294967295
ip route get 10.0.0.9 mark 0
ip route get 10.0.1.9 uid 4294967295
ip route get 10.0.1.9 from 10.0.0.5 iif d0 mark 7 uid 9
ip route get 10.0.1.9 from 10.0.0.5 iif d0 tos 0x10 ipproto udp dport 53
