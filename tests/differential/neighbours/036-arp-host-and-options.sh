# net-tools arp: one host's entry, a host with none (both styles), the
# device filter, getopt's errors with arp's usage. (The kernel lists a
# table's entries in a per-boot hash order, so each device has one here.)
# needs: arp
# mask: mac
ip link add v1 type veth peer name v2
ip link add v3 type veth peer name v4
ip addr add 10.9.0.1/24 dev v1
ip addr add 10.8.0.1/24 dev v3
ip link set v1 up
ip link set v2 up
ip link set v3 up
ip link set v4 up
ip neigh add 10.9.0.2 lladdr 02:00:00:00:00:02 dev v1 nud permanent
ip neigh add 10.8.0.3 lladdr 02:00:00:00:00:03 dev v3 nud permanent
arp -n 10.9.0.2
arp -an 10.8.0.3
arp -n 10.9.0.9
arp -an 10.9.0.9
arp -ni v1
arp --numeric --device v3
arp -z
arp -i
