# dnsmasq without upstream servers refuses, and says why (EDE 14).
# needs: dnsmasq dig
# mask: mac ifindex id clock
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
dnsmasq --no-resolv --no-hosts --listen-address=10.1.0.1 --bind-interfaces
ip netns exec a dig +tries=1 +time=1 @10.1.0.1 example.com | grep -E "status|EDE|MSG SIZE"
ip netns exec a dig +tries=1 +time=1 @10.1.0.1 example.com | grep -v -E "^;; (WHEN|Query time)|^; <<>>"
