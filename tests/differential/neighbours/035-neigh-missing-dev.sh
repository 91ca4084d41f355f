# ip neigh on a missing device.
# mask: mac ifindex
ip neigh show dev nosuch
ip neigh add 10.1.0.9 lladdr 02:00:00:00:00:09 dev nosuch
