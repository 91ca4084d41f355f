# Route types: blackhole, unreachable, prohibit and throw routes list
# with their type and no device, refuse a gateway or a device, answer
# ip route get and connect() with their errno (EINVAL, EHOSTUNREACH,
# EACCES, ENETUNREACH), are deleted by prefix alone or by the same type,
# are listed by type, and on a router answer forwarded packets with the
# matching ICMP (a blackhole says nothing).
ip netns add r
ip netns add a
ip link add a0 netns r type veth peer name eth0 netns a
ip -n r addr add 10.0.1.1/24 dev a0
ip -n r link set a0 up
ip -n a addr add 10.0.1.2/24 dev eth0
ip -n a link set eth0 up
ip -n a route add default via 10.0.1.1
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip -n r route add blackhole 10.66.0.0/16
ip -n r route add unreachable 10.67.0.0/16 metric 5
ip -n r route add prohibit 10.68.0.0/16 proto static
ip -n r route add throw 10.69.0.0/16
ip -n r route add blackhole 10.70.0.0/16 dev a0
ip -n r route add unreachable 10.71.0.0/16 via 10.0.1.2
ip -n r route
ip -n r route show type prohibit
ip -n r route get 10.66.0.1
ip -n r route get 10.67.0.1
ip -n r route get 10.68.0.1
ip -n r route get 10.69.0.1
ip netns exec r ping -c 1 -W 1 10.66.0.1
ip netns exec r ping -c 1 -W 1 10.67.0.1
ip netns exec r ping -c 1 -W 1 10.68.0.1
ip netns exec r ping -c 1 -W 1 10.69.0.1
sleep 1
ip netns exec a ping -c 1 -W 1 10.66.0.1
ip netns exec a ping -c 1 -W 1 10.67.0.1
ip netns exec a ping -c 1 -W 1 10.68.0.1
ip netns exec a ping -c 1 -W 1 10.69.0.1
ip -n r route del blackhole 10.68.0.0/16
ip -n r route del 10.66.0.0/16
ip -n r route del unreachable 10.67.0.0/16
ip -n r link set lo down
ip -n r route
