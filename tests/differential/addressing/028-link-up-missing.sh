# Setting up a missing device.
# mask: mac ifindex
ip link set nope up
ip addr show dev nope
ip link del nope
