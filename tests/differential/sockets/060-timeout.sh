# timeout ends a waiting command at its limit: ping, nc, curl, sleep.
# needs: timeout ping nc curl python3
# mask: mac ifindex time
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
timeout 2.5 ping -n 10.1.0.2; echo rc=$?
timeout -s INT 2.5 ping -n 10.1.0.2; echo rc=$?
timeout --preserve-status -s INT 1.5 ping -n 10.1.0.2; echo rc=$?
timeout 5 ping -c 2 -n 10.1.0.2; echo rc=$?
ip netns exec a iptables -A INPUT -p tcp --dport 80 -j DROP
timeout -v 2 nc -v 10.1.0.2 80; echo rc=$?
timeout 2 curl -sS http://10.1.0.2/; echo rc=$?
timeout --preserve-status 2 curl -sS http://10.1.0.2/; echo rc=$?
timeout 1.5 ping -c 5 -n 10.1.0.9 > /tmp/out; echo rc=$?; cat /tmp/out
timeout 1.5 ping -c 5 -n 10.1.0.2 > /tmp/out; echo rc=$?; cat /tmp/out
timeout 1 timeout 5 sleep 3; echo rc=$?
timeout 5 timeout -v 1 sleep 3; echo rc=$?
timeout 2 nc -l 8080; echo rc=$?
timeout -v 1 nc -l 8081; echo rc=$?
ss -tln 'sport = :8080'
timeout 2 python3 -m http.server 8000 > /tmp/out; echo rc=$?; cat /tmp/out
ss -tln 'sport = :8000'
timeout 2 nc -l 9091 &
ss -tln 'sport = :9091'
sleep 3
ss -tln 'sport = :9091'
