# ip addr add on a missing device.
# mask: mac ifindex
ip addr add 10.1.0.1/24 dev nosuch
ip addr show dev nosuch
ip link set nosuch up
