# bridge link lists the ports.
# mask: mac ifindex
ip netns add a
ip netns add b
ip link add br0 type bridge
ip link add va type veth peer name va-br
ip link add vb type veth peer name vb-br
ip link set va netns a
ip link set vb netns b
ip link set va-br master br0
ip link set vb-br master br0
ip -n a addr add 10.0.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip link set va-br up
ip link set vb-br up
ip link set br0 up
sleep 1
bridge link
