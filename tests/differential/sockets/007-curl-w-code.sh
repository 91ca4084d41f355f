# curl -o /dev/null -s -w http_code.
# needs: curl python3
# mask: mac ifindex clock
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
mkdir -p /tmp/www
printf "hello\n" > /tmp/www/index.html
ip netns exec a python3 -m http.server 8000 --bind 10.1.0.2 --directory /tmp/www &
sleep 2
curl -o /dev/null -s -w "%{http_code}\n" http://10.1.0.2:8000/
curl -o /dev/null -s -w "%{http_code}\n" http://10.1.0.2:8000/nope
