# ss -s while a lab opens and closes TCP connections in a namespace:
# sockets in use, estab, timewait and the per-family table. The TCP
# total and `closed` count every namespace's sockets (the host's too),
# so they are masked.
# needs: python3 curl nc
# mask: /TCP:   \d+ \(estab (\d+), closed \d+,/TCP:   N (estab $1, closed N,/
ip netns add a
ip -n a link set lo up
sleep 1
ip netns exec a ss -s
ip netns exec a python3 -m http.server 8000 --bind 127.0.0.1 > /dev/null 2>&1 &
sleep 1
ip netns exec a ss -s
ip netns exec a curl -s -o /dev/null http://127.0.0.1:8000/; echo rc=$?
sleep 1
ip netns exec a ss -s
ip netns exec a nc 127.0.0.1 8000 &
sleep 1
ip netns exec a ss -s
ip netns exec a ss -tan state established | wc -l
pkill -x nc; echo rc=$?
sleep 1
ip netns exec a ss -s
ip netns exec a nc -u -l 9000 &
sleep 1
ip netns exec a ss -s
