# ip route flush of a table that does not exist names the family asked
# for: ipv6 under -6, ipv4 otherwise.
# mask: mac ifindex
ip -6 route flush table 100
ip -4 route flush table 100
ip route flush table 100
ip -6 route show table 100
