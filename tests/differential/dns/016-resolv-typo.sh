# A typo in /etc/netns/NAME keeps the host resolver.
# mask: mac ifindex
ip netns add a
mkdir -p /etc/netns/a
printf "nameserver 10.9.9.9\n" > /etc/netns/a/resolve.conf
ip netns exec a cat /etc/resolv.conf
