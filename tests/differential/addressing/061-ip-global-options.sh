# ip's global options as iproute2 matches them: prefixes (-br, -stat,
# -f), the -- forms, -s counted twice, families, and the errors of an
# unknown option, a missing value, a bad family or namespace.
# mask: mac ifindex
ip netns add a
ip -n a link add v1 type veth peer name v2
ip -n a addr add 10.1.0.1/24 dev v1
ip -n a link set v1 up
ip -n a -4 -br a
ip -n a --brief addr
ip -n a -br -4 addr show dev v1
ip -n a -s -s link show lo
ip -n a -stat link show lo
ip -n a --statistics link show lo
ip -n a -o -4 addr show dev v1
ip -n a -f inet -br addr
ip -n a -family inet -br addr show dev v1
ip -n a -0 -br addr show dev lo
ip -n a -c=never -br link show lo
ip -n a -color=auto -br link show lo
ip --netns a -br link show lo
ip -x
ip --x link
ip ---x
ip -colour link
ip -c=foo link
ip -4x link
ip -n
ip -n nope link
ip -n nope -x
ip -f foo link
ip -f
ip -b
ip -rc x link
ip -V
ip -Version
ip -- -4 link
ip
ip -4
ip -he
ip --help
ip help
ip h
