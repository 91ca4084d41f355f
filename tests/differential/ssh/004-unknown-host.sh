# ssh to a name that does not resolve (no route to the resolver).
# needs: ssh
# mask: mac ifindex port
ip netns add s
ip link add v1 netns s type veth peer name v1p
ip -n s link set lo up
ip -n s link set v1 up
ip link set v1p up
ip -n s addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
ip netns exec s ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR root@nohost.lab true
