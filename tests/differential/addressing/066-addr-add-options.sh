# ip address add's options beside the prefix: IPv6-only flags warn,
# `forever` lifetimes and metric 0 change nothing, bad values fail as
# iproute2 says.
# mask: mac ifindex
ip link add d0 type veth peer name d1
ip addr add 10.0.0.1/24 dev d0 nodad
ip addr add 10.0.1.1/24 dev d0 home
ip addr add 10.0.2.1/24 dev d0 metric 0
ip addr add 10.0.3.1/24 dev d0 valid_lft forever preferred_lft forever
ip addr add 10.0.4.1/24 dev d0 valid_lft fore
ip addr add 10.0.5.1/24 dev d0 metric x
ip addr add 10.0.5.1/24 dev d0 preferred_lft -1
ip addr show d0
