# What curl sends: -X, -H (added, replaced, removed) and -A, as -v
# shows the request lines.
# needs: curl python3
# mask: clock time
ip netns add a
ip -n a link set lo up
ip netns exec a python3 -m http.server 8000 --bind 127.0.0.1 > /dev/null 2>&1 &
sleep 1
ip netns exec a curl -sv -X GET -H 'X-Lab: 1' -H 'Accept: text/plain' -A lab/1 http://127.0.0.1:8000/ 2>&1 >/dev/null | tr -d '\r' | grep '^>'
ip netns exec a curl -sv -H 'User-Agent:' -I http://127.0.0.1:8000/ 2>&1 >/dev/null | tr -d '\r' | grep '^>'
ip netns exec a curl -sSv --resolve web:8000:127.0.0.1 -o /dev/null http://web:8000/ 2>&1 | grep -v '^[<>{]'
