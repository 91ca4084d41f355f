# net-tools route: the main table in its three layouts, names from
# /etc/hosts and /etc/networks without -n, route add/del for nets, hosts,
# the default route and reject routes, and what ip route shows of them.
# needs: route
echo "10.0.2.2 gateway" >> /etc/hosts
echo "10.0.2.9 nine" >> /etc/hosts
echo "10.0.2.15 me" >> /etc/hosts
echo "10.9.9.9 far-host-with-a-long-name" >> /etc/hosts
echo "10.1.2.3 three" >> /etc/hosts
route
route -n
route -e
route -ee
route -nv
route --numeric
route -N
route add -net 192.168.5.0 netmask 255.255.255.0 gw 10.0.2.9
route add -host 10.9.9.9 gw 10.0.2.9 metric 5
route add -net 172.16.0.0/16 dev eth0
route add 10.1.2.3 gw 10.0.2.9
route add -net 10.50.0.0/16 reject
route add -net 10.60.0.0/16 gw 10.0.2.15
route add -net 169.254.0.0/16 dev eth0
route add -net 10.7.0.0/16 gw 10.0.2.9 metric 3 eth0
route add -net 10.7.0.0/16 gw nine
ip route add blackhole 10.20.0.0/16
ip route add prohibit 10.21.0.0/16
route
route -n
route -e
route -ee
route -eee
ip route
route -C
route -Ce
route -Cee
route -FC
route -A inet -n
route -4n
route --inet -n
route del -net 192.168.5.0 netmask 255.255.255.0
route del -net 10.7.0.0/16 metric 3
route del -net 10.7.0.0/16 gw 10.0.2.9
route del 10.1.2.3
route del -host 10.9.9.9 dev eth0
route del -net 10.50.0.0/16 reject
route del -net 10.21.0.0/16 reject
route del -net 10.20.0.0/16
route del default
route -n
route add default gw 10.0.2.2
route add default gw 10.0.2.2
route -n
