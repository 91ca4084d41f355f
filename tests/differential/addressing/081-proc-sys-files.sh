# The files the kernel makes: ls /run/netns after ip netns add,
# /sys/class/net and a device's attributes and counters, /proc/net/route,
# /proc/net/arp and /proc/net/dev, as a process in a namespace reads them.
# needs: ip ping
# mask: mac
ip link add v0 type veth peer name v1
ip link set v0 up
ip link add br0 type bridge
ip netns add red
ip netns add blue
ls /var/run/netns
ls /run/netns
ls /sys/class/net
for f in broadcast mtu operstate carrier type tx_queue_len flags carrier_changes; do printf "%s lo=" $f; cat /sys/class/net/lo/$f 2>&1 | tr "\n" "|"; printf " v0="; cat /sys/class/net/v0/$f 2>&1 | tr "\n" "|"; printf " v1="; cat /sys/class/net/v1/$f 2>&1| tr "\n" "|"; printf " br0="; cat /sys/class/net/br0/$f 2>&1| tr "\n" "|"; echo; done
cat /sys/class/net/eth0/address
cat /sys/class/net/nosuch/mtu
cat /sys/class/net/lo/nosuch
cat /sys/class/net/lo
cat /proc/sys/net/ipv4/ip_forward
cat /proc/sys/net/ipv4
ls /proc/sys/net/ipv4/ip_forward
ip addr add 10.1.0.1/24 dev v0
ip link set v1 up
ip route add blackhole 10.8.0.0/16
ip route add 10.9.9.9 via 10.1.0.2 metric 7
cat /proc/net/route
ip neigh add 10.1.0.9 lladdr 02:00:00:00:00:09 dev v0
cat /proc/net/arp | grep -e Device -e v0
ping -c 2 -i 0.2 127.0.0.1 > /dev/null
cat /proc/net/dev | grep -v -e v0 -e v1 -e eth0
cat /sys/class/net/lo/statistics/rx_packets /sys/class/net/lo/statistics/tx_bytes
ip netns exec red ls /sys/class/net
ip netns exec red cat /proc/net/dev
ip netns exec red cat /proc/net/route
