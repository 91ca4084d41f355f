# nc reads its options as getopt does: -q takes a value, a missing value
# and an unknown letter get getopt's line and the usage.
ip netns add a
ip -n a link set lo up
ip netns exec a nc -l -p 7000 &
sleep 1
ip netns exec a nc -zvw1 127.0.0.1 7000
ip netns exec a nc -q 1 -zv 127.0.0.1 7000
ip netns exec a nc -w
ip netns exec a nc -y 127.0.0.1 7000
