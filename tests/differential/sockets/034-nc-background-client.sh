# A background nc client keeps its connection (its stdin is at EOF, and
# without -N OpenBSD nc does not shut the connection down).
# needs: nc ss
# mask: mac ifindex port
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
ip netns exec a nc -l -p 9000 &
sleep 1
nc 10.1.0.2 9000 &
sleep 1
ss -tn4 state established | wc -l
ip netns exec a ss -tn4 state established | wc -l
ip netns exec a ss -tln4 | wc -l
