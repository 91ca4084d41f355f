# /etc/netns/NS/hosts is the namespace's /etc/hosts.
# mask: mac ifindex time
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
mkdir -p /etc/netns/a
printf "127.0.0.1 localhost\n10.1.0.1 gw\n" > /etc/netns/a/hosts
ip netns exec a getent hosts gw
ip netns exec a ping -c 1 -W 1 gw
getent hosts gw
