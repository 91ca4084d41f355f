# `ip -j -br` (its own records: no ifindex, the addresses as local and
# prefixlen only), `ip -j -o addr` (one record per link, each address
# naming its index and device), `ip -j -0 addr` (the link part alone),
# a named device that another selector drops (`[{}]`), an empty list.
# mask: mac
# mask: /"index": ?[0-9]+/"index":N/
# mask: /"ifindex": ?[0-9]+/"ifindex":N/
ip link add v1 type veth peer name v2
ip addr add 10.0.0.1/24 dev v1
ip addr add 10.0.0.2/24 dev v1 label v1:x
ip -j -br addr show dev v1
ip -j -br -p addr show dev lo
ip -j -br -4 addr show dev lo
ip -j -br -6 addr show dev lo
ip -j -br link show dev v1
ip -j -br -p link show dev v2
ip -j -o addr show dev v1
ip -j -o -p addr show dev lo
ip -j -o -4 addr show dev v2
ip -j -o -br addr show dev v1
ip -j -o link show dev v2
ip -j -0 addr show dev v1
ip -j -f link -br addr show dev v1
ip -j addr show dev v1 up; echo rc=$?
ip -j -p link show dev v1 up
ip -j -br link show dev v1 type bridge
ip -j link show type bridge
ip -j -p link show type bridge
ip -4 -j addr show dev v2
