# net.ipv4.conf.{all,default,DEV}: every device has its own keys; a new
# device copies default, the keys not yet written on a device follow
# default's later writes, forwarding and the "flushing" keys are copied
# only at creation, ip_forward sets every device's forwarding and flips
# all.accept_redirects, a rename keeps the values and a move to another
# namespace starts again from its default; a loopback that comes up
# stops following default; mc_forwarding is read-only.
# needs: sysctl
ip link add v0 type veth peer name v1
sysctl net.ipv4.conf.v0.rp_filter net.ipv4.conf.lo.disable_policy net.ipv4.conf.all.accept_source_route net.ipv4.conf.v0.accept_source_route
sysctl -w net.ipv4.conf.v0.rp_filter=0
sysctl -w net.ipv4.conf.default.rp_filter=2 net.ipv4.conf.default.log_martians=1
sysctl net.ipv4.conf.v0.rp_filter net.ipv4.conf.v1.rp_filter net.ipv4.conf.lo.log_martians
sysctl -w net.ipv4.conf.all.rp_filter=1
sysctl net.ipv4.conf.v1.rp_filter
sysctl -w net.ipv4.conf.default.route_localnet=1 net.ipv4.conf.default.forwarding=1
ip link add v2 type veth peer name v3
sysctl net.ipv4.conf.v0.route_localnet net.ipv4.conf.v2.route_localnet net.ipv4.conf.v2.forwarding net.ipv4.conf.v0.forwarding
sysctl -w net.ipv4.conf.default.rp_filter=0
sysctl net.ipv4.conf.v1.rp_filter net.ipv4.conf.v2.rp_filter
sysctl -w net.ipv4.ip_forward=2
sysctl net.ipv4.conf.v1.forwarding net.ipv4.conf.all.forwarding net.ipv4.conf.all.accept_redirects net.ipv4.conf.v1.accept_redirects
sysctl -w net.ipv4.ip_forward=0
sysctl net.ipv4.conf.all.accept_redirects net.ipv4.conf.v2.forwarding
sysctl -w net.ipv4.conf.v0.proxy_arp=1 net.ipv4.conf.v0.tag=-7
ip link set v0 name w0
sysctl net.ipv4.conf.w0.proxy_arp net.ipv4.conf.w0.tag
sysctl -w net.ipv4.conf.w0.arp_ignore=abc
sysctl -w 'net.ipv4.conf.w0.arp_ignore=2 5'
sysctl -n net.ipv4.conf.w0.arp_ignore
sysctl -w net.ipv4.conf.w0.medium_id=99999999999
sysctl -w net.ipv4.conf.all.mc_forwarding=1
sysctl net.ipv4.conf.nope.rp_filter
ip netns add zz
ip link set w0 netns zz
ip netns exec zz sysctl -w net.ipv4.conf.default.tag=9
ip netns exec zz sysctl net.ipv4.conf.lo.tag
ip -n zz link set lo up
ip netns exec zz sysctl -w net.ipv4.conf.default.tag=3
ip netns exec zz sysctl net.ipv4.conf.lo.tag
ip netns exec zz sysctl net.ipv4.conf.w0.proxy_arp net.ipv4.conf.w0.rp_filter
sysctl -a -r '^net\.ipv4\.conf\.(v|all\.ar|default\.ar)'
ip netns exec zz sysctl -a -r 'conf\.[a-z0-9]*\.tag'
