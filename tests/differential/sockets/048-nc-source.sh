# nc -s: the client binds its source address first (a foreign one fails
# before any packet), a listener binds where -s says.
# needs: nc
# mask: mac ifindex port
ip netns add a
ip -n a link set lo up
ip -n a addr add 127.0.0.2/8 dev lo
ip netns exec a nc -l -k 127.0.0.1 9000 &
sleep 1
ip netns exec a nc -s 10.9.9.9 127.0.0.1 9000
ip netns exec a nc -s 10.9.9.9 -z 127.0.0.1 9000
ip netns exec a nc -l -s 10.9.9.9 -p 9001
ip netns exec a nc -z -s 127.0.0.2 127.0.0.1 9000; echo $?
ip netns exec a nc -s 127.0.0.2 127.0.0.1 9000 &
sleep 1
ip netns exec a ss -tnH state established 'dport = :9000'
