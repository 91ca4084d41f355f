# ss's option table: -H, -N, -f, -h, -V, and its usage after a mistake.
# needs: nc
# mask: mac ifindex
ip netns add a
ip -n a link set lo up
ip netns exec a nc -l 127.0.0.1 9000 &
sleep 1
ss -N a -tlnH
ss -N a -tln -f inet
ss -N a -tln -f inet6
ss -N a --no-h -tln
ip netns exec a ss -tlnH4
ss -N nosuch -tln
ss -N
ss -f bogus
ss -W
ss --t
ss --tcp=1
ss -h
ss --vers
ss -v
ss -f help
