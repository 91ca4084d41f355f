# `ip -j` and `ip -j -p` on links and addresses: veth pairs (peer here:
# "link", peer in another namespace: "link_index" and "link_netnsid"),
# a bridge port's "master", labels, secondary addresses, broadcasts,
# group and txqlen, an alias with quotes and backslashes, `-4`/`-6`
# (no link_type), `-s`/`-s -s` statistics, an empty addr_info; the
# commands that change things print nothing with -j.
# mask: mac
# mask: /"ifindex": ?[0-9]+/"ifindex":N/
ip netns add a
ip netns add b
ip link add v1 type veth peer name v2
ip -n a link add v3 type veth peer name v4 netns b
ip link add br0 type bridge
ip link set v2 master br0
ip addr add 10.0.0.1/24 dev v1
ip addr add 10.0.0.2/24 dev v1 label v1:1
ip addr add 10.0.1.1/24 brd + dev v1
ip link set v1 up
ip link set v2 up
ip link set v1 alias "a \"quoted\" \\ alias/x" group 5 txqlen 0
ip -4 -j addr show dev v1; echo rc=$?
ip -4 -j -p addr show dev v1
ip -n a -j addr show dev v3
ip -n a -j -p addr show dev v3
ip -j link show v1
ip -j -p link show dev v2
ip -j link show type bridge
ip -j addr show lo
ip -4 -j addr show dev v2
ip -6 -j -p addr show dev lo
ip -n a -j -s link show dev v3
ip -n a -j -s -s -p link show dev v3
ip -n b -j -s addr show dev lo
ip -n b -j link
ip -j link show dev nosuch; echo rc=$?
ip -j addr show dev nosuch; echo rc=$?
ip -j addr add 10.0.2.1/24 dev v1; echo rc=$?
ip -j link set v1 mtu 1400; echo rc=$?
ip -j netns add other; echo rc=$?
ip -json -pretty a s v1 | head -3
