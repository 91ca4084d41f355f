# Proxy ARP: a router answers ARP on one link for an address it routes
# out of another, through a proxy entry or the proxy_arp sysctl. The
# proxy table's grammar, dump order, filters, and its flush on link down.
# mask: mac ifindex time
ip netns add a
ip netns add r
ip netns add b
ip link add v1 netns a type veth peer name v1p netns r
ip link add v2 netns b type veth peer name v2p netns r
ip -n a addr add 10.1.0.2/24 dev v1
ip -n a link set v1 up
ip -n r addr add 10.1.0.1/24 dev v1p
ip -n r link set v1p up
ip -n r addr add 10.2.0.1/24 dev v2p
ip -n r link set v2p up
ip -n b addr add 10.2.0.2/24 dev v2
ip -n b addr add 10.2.0.3/24 dev v2
ip -n b link set v2 up
ip -n b route add default via 10.2.0.1
ip -n a route add 10.2.0.0/24 dev v1
ip netns exec r sysctl -w net.ipv4.ip_forward=1
sleep 1
ip -n r neigh add proxy 10.2.0.2 dev v1p
ip -n r neigh add proxy 10.9.0.1 dev v1p
ip -n r neigh add proxy 10.9.0.2
ip -n r neigh add proxy 10.9.0.2
ip -n r neigh show proxy
ip -n r neigh show proxy dev v1p
ip -n r neigh show proxy to 10.9.0.1
ip -n r neigh show proxy nud stale
ip -n r -br neigh show proxy
ip -n r -br neigh show proxy dev v1p
ip netns exec a ping -c 1 -W 2 10.2.0.2
ip -n a neigh show 10.2.0.2
ip -n r neigh del proxy 10.9.0.1 dev v1p
ip -n r neigh del proxy 10.9.0.1 dev v1p
ip -n r neigh del proxy 10.9.0.2 dev v1p
ip -n r neigh add 10.9.0.3 proxy dev v1p
ip -n r neigh add proxy
ip -n r neigh add proxy to 10.9.0.4 dev v1p
ip -n r neigh add proxy zz dev v1p
ip -n r neigh add proxy 10.9.0.5 dev nosuch
ip netns exec r sysctl -w net.ipv4.conf.v1p.proxy_arp=1
ip netns exec a ping -c 1 -W 2 10.2.0.3
ip -n r neigh flush proxy dev v2p
ip -n r neigh show proxy
ip -n r link set v1p down
ip -n r neigh show proxy
ip -n r neigh flush proxy
ip -n r neigh show proxy
