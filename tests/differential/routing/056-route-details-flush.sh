# rt_protos names and numbers (Calico's proto bird), ip -d route (the
# type, proto boot, scope global, table main), and ip route flush with
# show's selectors, -s telling the rounds.
# needs: ip
ip link add d0 type veth peer name d1
ip link set d0 up
ip link set d1 up
ip addr add 10.1.0.1/24 dev d0
ip route add 10.9.1.0/24 dev d0 proto bird
ip route add 10.9.2.0/24 dev d0 proto 200
ip route add 10.9.3.0/24 dev d0 proto ra
ip route add 10.9.4.0/24 dev d0 proto 0x10
ip route add 10.9.5.0/24 via 10.1.0.2 proto static metric 5
ip route add blackhole 10.8.0.0/16
ip route add 10.9.6.0/24 dev d0 proto nope; echo rc=$?
ip route add 10.9.7.0/24 dev d0 proto 256; echo rc=$?
ip route show dev d0
ip route show proto bird
ip route show proto 12
ip route show proto nope; echo rc=$?
ip route show all dev d0
ip -d route show dev d0
ip -d route show 10.8.0.0/16
ip -d route get 10.9.1.1
ip -d route get 10.9.5.1 from 10.1.0.1
ip -d route get 10.1.0.1
ip -d route get 10.9.5.1 mark 3 uid 5
ip route flush proto ra; echo rc=$?
ip route show dev d0
ip route flush via 10.1.0.2
ip -s route flush proto bird
ip -s route flush proto bird
ip route flush scope link dev d0
ip route show dev d0
ip route flush proto nope; echo rc=$?
