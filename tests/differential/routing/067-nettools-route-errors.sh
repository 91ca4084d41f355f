# net-tools route's errors: the kernel's answers to SIOCADDRT/SIOCDELRT,
# inet_sr.c's own checks with its usage, getopt's mistakes (route -h's
# usage on stdout, status 0), unknown actions and families, -V.
# needs: route
ip link add eth1 type veth peer name peer1
route add -net 192.168.7.0/24 gw 10.99.0.1
route del -net 192.168.99.0/24
route add 10.1.0.0/16 gw 10.0.2.9
route add -host 10.1.2.5/24 gw 10.0.2.9
route add -net 10.2.0.0 gw 10.0.2.9
route add -net 10.3.0.0 netmask 255.0.255.0 gw 10.0.2.9
route add -net 10.3.0.1/24 gw 10.0.2.9
route add -net 10.4.0.0/16
route add -net 10.5.0.0/16 dev eth1
route add -net 10.6.0.0/16 dev nosuch
route add -net 10.8.0.0/16 gw 10.0.2.9 eth0 extra
route add -net 10.9.0.0/16 gw 10.0.2.9 metric x
route add -net 10.10.0.0/16 gw 10.0.2.9 gw 10.0.2.9
route add -net 10.11.0.0/16 gw default
route add -net 10.12.0.0/16 gw 0.0.0.0
route add -net 10.13.0.0/16 gw 10.0.2.9 netmask
route add -net 10.14.0.0/16 netmask 255.255.0.0 gw 10.0.2.9
route add -net 10.15.0.0/x gw 10.0.2.9
route del -net 10.0.9.0/24 dev nosuch
route add
route del
route flush
route -C add -net 10.16.0.0/16 dev eth0
route bogus
route -x
route -h
route --help
route -A
route -A foo
route -V
route -n
