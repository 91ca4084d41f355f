# ip route get ... ipproto: names and aliases of /etc/protocols or a
# number; the kernel answers only for tcp, udp and icmp.
# needs: ip
ip route get 10.0.0.1 ipproto tcp
ip route get 10.0.0.1 ipproto UDP
ip route get 10.0.0.1 ipproto 1
ip route get 10.0.0.1 ipproto gre; echo rc=$?
ip route get 10.0.0.1 ipproto IPv6; echo rc=$?
ip route get 10.0.0.1 ipproto 0; echo rc=$?
ip route get 10.0.0.1 ipproto IPV6; echo rc=$?
ip route get 10.0.0.1 ipproto mh; echo rc=$?
ip route get 10.0.0.1 ipproto 0x11
ip route get 10.0.0.1 ipproto 256; echo rc=$?
ip route get 10.0.0.1 ipproto 017
ip route get 10.0.0.1 ipproto +6
ip route get 10.0.0.1 ipproto 6x; echo rc=$?
ip route get 10.0.0.1 ipproto -0; echo rc=$?
