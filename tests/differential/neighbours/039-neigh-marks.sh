# ip neigh add|replace's router, extern_learn and protocol marks show in
# ip neigh (change drops the flags, keeps the protocol); show and flush
# select by protocol and nomaster, and flush by to, nud and protocol.
# mask: mac ifindex
ip link add d0 type veth peer name d1
ip link set d0 up
ip link set d1 up
ip addr add 10.0.0.1/24 dev d0
ip neigh add 10.0.0.2 lladdr 00:11:22:33:44:55 dev d0 router
ip neigh show dev d0
ip neigh replace 10.0.0.2 lladdr 00:11:22:33:44:55 dev d0 extern_learn
ip neigh show 10.0.0.2
ip neigh replace 10.0.0.2 lladdr 00:11:22:33:44:55 dev d0 protocol static
ip neigh show 10.0.0.2
ip neigh replace 10.0.0.2 lladdr 00:11:22:33:44:55 dev d0 protocol 99
ip neigh show 10.0.0.2
ip neigh replace 10.0.0.2 lladdr 00:11:22:33:44:55 dev d0 protocol foo
ip neigh replace 10.0.0.2 lladdr 00:11:22:33:44:55 dev d0 protocol 256
ip neigh add 10.0.0.3 lladdr 00:11:22:33:44:56 dev d0 nud reachable router protocol boot extern_learn
ip neigh show 10.0.0.3
ip -br neigh show 10.0.0.3
ip neigh change 10.0.0.3 lladdr 00:11:22:33:44:56 dev d0
ip neigh show 10.0.0.3
ip neigh add 10.0.0.4 lladdr 00:11:22:33:44:57 dev d0 nud stale protocol 0x20
ip neigh show protocol 32
ip neigh show protocol boot
ip neigh show nomaster 10.0.0.3 nud permanent
ip neigh flush protocol 32
ip neigh show dev d0 nud stale
ip neigh add 10.0.0.5 lladdr 00:11:22:33:44:58 dev d0 nud stale
ip neigh flush to 10.0.0.5
ip neigh show 10.0.0.5
ip neigh flush nud permanent dev d0
ip neigh show dev d0
ip neigh add 10.0.0.6 lladdr 00:11:22:33:44:59 dev d0
ip neigh flush nud all
ip neigh show dev d0
