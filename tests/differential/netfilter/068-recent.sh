# The -m recent recipe: a source that pinged 3 times within 60 s is dropped from then on.
# needs: iptables ping
# mask: mac ifindex time id
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
ip netns exec a iptables -A INPUT -p icmp -m recent --name PING --update --seconds 60 --hitcount 3 -j DROP
ip netns exec a iptables -A INPUT -p icmp -m recent --name PING --set -j ACCEPT
ip netns exec a iptables -A INPUT -p icmp -m recent --name OTHER --rcheck -j DROP
ping -c 5 -i 0.2 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ip netns exec a iptables -L INPUT -n -v -x
ip netns exec a iptables -I INPUT -p icmp -m recent --name PING --remove -j ACCEPT
ping -c 1 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ip netns exec a iptables -D INPUT 1
ping -c 1 -W 1 10.1.0.2 > /dev/null; echo rc=$?
ip netns exec a iptables -S INPUT
ip netns exec a iptables -L INPUT
