# ping an unknown name with no resolver.
# mask: time
ip netns add a
mkdir -p /etc/netns/a
printf "nameserver 10.9.9.9\n" > /etc/netns/a/resolv.conf
ip netns exec a ping -c 1 -W 1 nope.lab
