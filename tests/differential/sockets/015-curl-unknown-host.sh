# curl of an unknown name.
# needs: curl
# mask: time
ip netns add a
mkdir -p /etc/netns/a
printf "nameserver 10.9.9.9\n" > /etc/netns/a/resolv.conf
ip netns exec a curl -sS --connect-timeout 1 http://nope.lab/
