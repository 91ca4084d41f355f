# MAC and MTU mistakes on ip link add/set: veth's bare EINVAL for an MTU
# out of range, a zero or multicast address refused before the device
# exists, the same address a no-op, and lo taking a unicast address.
# mask: mac ifindex
ip link add v2 mtu 70000 type veth peer name v3
ip link add v2 mtu 10 type veth peer name v3
ip link add v2 type veth peer name v3 mtu 10
ip link add v2 address 00:00:00:00:00:00 type veth peer name v3
ip link add v2 address 01:00:00:00:00:01 type veth peer name v3
ip link add v2 type veth peer name v3 address 01:00:00:00:00:01
ip link add br9 mtu 70000 type bridge
ip link add br9 address 00:00:00:00:00:00 type bridge
ip link add v2 type veth peer name v3
ip link set v2 address 00:00:00:00:00:00
ip link set v2 address ff:ff:ff:ff:ff:ff
ip link set v2 mtu 70000
ip -br link show v2
ip link set lo address 00:00:00:00:00:00; echo rc=$?
ip link set lo address 02:00:00:00:00:01; echo rc=$?
ip link set lo address 01:00:00:00:00:01; echo rc=$?
ip -o link show lo | cut -d' ' -f 17-20
