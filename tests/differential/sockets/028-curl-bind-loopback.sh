# A server on loopback is not reachable from outside.
# needs: curl python3
# mask: mac ifindex time clock
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
mkdir -p /tmp/www
printf "x\n" > /tmp/www/index.html
ip netns exec a python3 -m http.server 8000 --bind 127.0.0.1 --directory /tmp/www &
sleep 2
curl -sS http://10.1.0.2:8000/
ip netns exec a curl -s http://127.0.0.1:8000/
