# `-d` keeps the link line a family hides (print_linkinfo): `-4 -d addr`
# has the full one with its details; `-6 -d addr` over all links shows
# the kernel's short AF_INET6 link message, whose link line is the
# address alone (no brd, no details), and `-s` its counters; a named
# device is asked for in full.
# mask: mac lladdr ifindex
ip netns add a
ip link add v0 netns a type veth peer name v1 netns a
ip -n a addr add 10.5.0.1/24 dev v0
ip -n a -6 -d addr
ip -n a link set lo up
ip -n a -6 -d addr
ip -n a -4 -d addr
ip -n a link set v0 up
ip -n a link set v1 up
sleep 2.5
ip -n a -6 -d addr
ip -n a -4 -d addr
ip -n a -4 -d addr show dev v0
ip -n a -6 -d addr show dev lo
ip -n a -6 -d addr show scope host
ip -n a -6 -d -o addr show scope host
ip -n a -6 -d -s addr show scope host
ip -n a -6 -d -br addr
