# netcat-openbsd's listen forms: `-p P [-s A]`, `P`, `A P`; others are
# usage errors.
# needs: nc
# mask: mac ifindex
ip netns add a
ip -n a link set lo up
ip netns exec a nc -l -s 127.0.0.1 -p 9001 &
ip netns exec a nc -l 127.0.0.2 9002 &
sleep 1
ip netns exec a ss -tlnH 'sport = :9001'
ip netns exec a ss -tlnH 'sport = :9002'
ip netns exec a nc -l 127.0.0.1 -p 9003
ip netns exec a nc -l -p 9004 127.0.0.1
ip netns exec a nc -l -s 127.0.0.1 9005
ip netns exec a nc -l -s 127.0.0.1
ip netns exec a nc -l
ip netns exec a nc -lz
