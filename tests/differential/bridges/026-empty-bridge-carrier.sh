# A bridge that never had a port keeps its carrier (UNKNOWN); once ports
# came, it follows them, and loses the carrier with the last one.
# mask: mac ifindex
ip link add br1 type bridge
ip link set br1 up
ip -br link show br1
ip link add v1 type veth peer name v1p
ip link set v1 master br1
ip -br link show br1
ip link set v1 up
ip -br link show br1
ip link set v1p up
sleep 0.1
ip -br link show br1
ip link set v1p down
sleep 0.1
ip -br link show br1
ip -br link show v1
ip link set v1 nomaster
ip -br link show br1
