# Address scope, labels and the kernel's list order (host before site
# before global primaries, secondaries last, a secondary's scope must be
# its primary's), promote_secondaries off and on, and ip addr show|flush
# selecting addresses by to, scope and label.
# mask: mac ifindex lladdr
ip link add v1 type veth peer name v1p
ip link set v1 up
ip link set v1p up
ip addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.3/24 dev v1 label v1:sec
ip addr add 10.1.0.4/24 dev v1 scope link
ip addr add 127.0.0.5/8 dev v1
ip addr add 10.3.0.1/16 dev v1 scope site
ip addr add 10.4.0.1/16 dev v1 scope 77
ip addr add 10.5.0.1/16 dev v1 label v1:averyveryverylong
ip addr add 10.5.0.1/16 dev v1 scope bogus
ip -4 addr show dev v1
ip -br -4 addr show dev v1
ip addr show scope host dev v1
ip addr show scope 77
ip -br addr show to 10.1.0.0/24
ip -br addr show to 10.1.0.3
ip -4 addr show to 10.9.0.0/16
ip addr show to bogus
ip addr show scope bogus
ip addr del 10.1.0.2/24 dev v1
ip -br -4 addr show dev v1
ip addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.3/24 dev v1
sysctl -w net.ipv4.conf.v1.promote_secondaries=1
ip addr del 10.1.0.2/24 dev v1
ip -4 addr show dev v1 scope global
ip addr del 10.1.0.99 dev v1
ip addr flush dev v1 scope site
ip -br -4 addr show dev v1
ip addr flush dev v1 to 10.4.0.0/16
ip -br -4 addr show dev v1
ip addr flush dev v1 scope global
ip -br addr show dev v1
ip addr flush dev v1
ip -br addr show dev v1
ip link set v1 down
ip link set v1 up
sleep 1
ip -br addr show dev v1
