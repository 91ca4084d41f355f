# ss and netstat take getopt_long's abbreviations and clusters.
# needs: nc netstat
ip netns add a
ip -n a link set lo up
ip netns exec a nc -l -p 9000 &
sleep 1
ip netns exec a ss --tc --listen --num -4
ip netns exec a ss -t4ln 'sport = :9000'
ip netns exec a netstat --tcp --listening --numeric
ip netns exec a netstat -tln extra-word
