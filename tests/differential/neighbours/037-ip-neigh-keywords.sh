# ip neigh's commands abbreviated (n a, n r, n s, n d, n f) and its
# errors: a bad state, a bad lladdr, a missing device or address, garbage,
# change of a missing entry, flush without a selector.
# mask: mac ifindex
ip netns add a
ip -n a link add v1 type veth peer name v2
ip -n a addr add 10.1.0.1/24 dev v1
ip -n a link set v1 up
ip -n a n a 10.1.0.9 lladdr 02:00:00:00:00:09 dev v1
ip -n a n r 10.1.0.8 lladdr 02:00:00:00:00:08 dev v1 nud stale
ip -n a n ch 10.1.0.10 lladdr 02:00:00:00:00:0a dev v1
ip -n a n s dev v1 nud permanent
ip -n a n s to 10.1.0.8
ip -n a n ls 10.1.0.9
ip -n a -br n s dev v1 to 10.1.0.9
ip -n a -br n s to 10.1.0.8
ip -n a n a 10.1.0.11 dev v1 nud bogus
ip -n a n a 10.1.0.11 lladdr zz:00 dev v1
ip -n a n a 10.1.0.11
ip -n a n a dev v1
ip -n a n a 10.1.0.11 10.1.0.12 dev v1
ip -n a n a 10.1.0.11 dev v1 nud
ip -n a n a 10.1.0.11 lladdr 02:00:00:00:00:0b dev nope
ip -n a n d 10.1.0.9 dev v1
ip -n a n s dev v1 nud permanent
ip -n a n g
ip -n a n fl
ip -n a n f dev v1
ip -n a n s dev v1
ip -n a n foo
