# `ip -j neigh show`: "dst", "dev" (left out when named), "lladdr" (none
# for an incomplete entry), the router flag as a JSON null,
# the state as an array; `-br` keeps address, device and MAC; proxy
# entries with "proxy":null; `-p`; nothing printed for changes.
ip link add v1 type veth peer name v2
ip link set v1 up
ip link set v2 up
ip addr add 10.0.0.1/24 dev v1
ip -j neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev v1; echo rc=$?
ip neigh add 10.0.0.8 lladdr 02:00:00:00:00:08 dev v1 nud reachable router
ip neigh add 10.0.0.6 lladdr 02:00:00:00:00:06 dev v1 nud stale
ip neigh add 10.0.0.7 dev v1 nud incomplete
ip neigh add proxy 10.0.0.50 dev v1
ip -j neigh show 10.0.0.9
ip -j neigh show 10.0.0.8
ip -j neigh show 10.0.0.6
ip -j neigh show 10.0.0.7
ip -j -p neigh show dev v1 10.0.0.9
ip -j neigh show dev v1 nud reachable
ip -j -p neigh show dev v1 nud reachable
ip -j -br neigh show 10.0.0.9
ip -j -br neigh show dev v1 10.0.0.8
ip -j neigh show dev v2
ip -j -p neigh show dev v2
ip -j neigh show proxy
ip -j neigh show proxy dev v1
ip -j -p neigh show proxy
ip -j neigh del 10.0.0.9 dev v1; echo rc=$?
ip -j neigh show 10.0.0.9
ip -j neigh show dev nosuch; echo rc=$?
