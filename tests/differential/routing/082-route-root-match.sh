# `ip route show root P` lists the routes inside P, `match P` the routes
# that hold P, and a bare prefix (or `exact P`) that route alone.
# mask: ifindex
ip netns add r
ip -n r link add d0 type veth peer name d1
ip -n r addr add 192.168.15.1/24 dev d0
ip -n r link set d0 up
ip -n r link set d1 up
ip -n r route add 10.0.0.0/8 via 192.168.15.2
ip -n r route add 10.1.0.0/16 via 192.168.15.3
ip -n r route add 10.1.2.0/24 via 192.168.15.4
ip -n r route add default via 192.168.15.254
ip -n r route list match 10.1.2.9
ip -n r route list match 10.1.9.9
ip -n r route show match 10.1.0.0/16
ip -n r route show root 10.0.0.0/8
ip -n r route show root 10.1.0.0/16
ip -n r route show root 0.0.0.0/0
ip -n r route show 10.1.0.0/16
ip -n r route show exact 10.1.0.0/16
ip -n r route show root 10.1.0.0/16 match 10.1.2.0/24
ip -n r route show match 192.168.15.9 proto kernel
ip -n r route show root bogus; echo rc=$?
ip -n r route flush root 10.1.0.0/16
ip -n r route
