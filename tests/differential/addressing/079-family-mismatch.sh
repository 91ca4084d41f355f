# ip -4/-6 read prefixes and addresses of that family only: an IPv4
# prefix under -6 (or the reverse) is refused before anything changes.
# needs: ip
ip -6 route add 10.9.0.0/16 dev eth0; echo rc=$?
ip -6 route del 10.0.2.0/24 dev eth0; echo rc=$?
ip -6 route show 10.0.2.0/24; echo rc=$?
ip -6 route get 10.0.2.2; echo rc=$?
ip route
ip -6 addr add 10.9.9.9/24 dev eth0; echo rc=$?
ip -4 route add 2001:db8::/64 dev eth0; echo rc=$?
ip -4 route add bogus dev eth0; echo rc=$?
ip -4 addr add bogus dev eth0; echo rc=$?
ip -6 neigh add 10.0.2.9 lladdr 02:00:00:00:00:01 dev eth0; echo rc=$?
ip -6 neigh show 10.0.2.2; echo rc=$?
ip -4 route get 10.0.2.2
ip neigh add bogus dev eth0; echo rc=$?
ip -4 neigh add bogus dev eth0; echo rc=$?
ip neigh add 10.0.2.0/24 dev eth0 lladdr 02:00:00:00:00:01; echo rc=$?
ip neigh show bogus; echo rc=$?
ip -4 neigh show 2001:db8::1; echo rc=$?
ip neigh add 10.0.2.77 lladdr 02:00:00:00:00:07 dev eth0
ip neigh add 10.0.2.78 lladdr 02:00:00:00:00:08 dev eth0
ip neigh show 10.0.2.64/26 | sort
ip neigh show to 10.0.2.77/32
ip neigh flush 10.0.2.64/26
ip neigh show 10.0.2.64/26 | sort
