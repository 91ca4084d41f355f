# Address lifetimes: valid_lft and preferred_lft count down on the clock,
# a spent preferred time deprecates the address, a spent valid time
# removes it; replace keeps the address in its place.
# mask: ifindex
ip link add v0 type veth peer name v1; ip link set v0 up; ip link set v1 up
ip addr add 10.0.0.1/24 dev v0 valid_lft 100 preferred_lft 50
ip addr add 10.0.0.2/24 dev v0 valid_lft 3 preferred_lft 1
ip addr add 10.0.0.3/24 dev v0 valid_lft forever preferred_lft 0
ip -4 addr show dev v0
ip -j -4 addr show dev v0 | sed "s/\"ifindex\":[0-9]*,//"
ip addr add 10.0.0.4/24 dev v0 valid_lft 10 preferred_lft 20; echo rc=$?
ip addr add 10.0.0.4/24 dev v0 valid_lft 10; echo rc=$?
ip addr add 10.0.0.5/24 dev v0 preferred_lft 10; echo rc=$?
ip addr add 10.0.0.6/24 dev v0 valid_lft abc; echo rc=$?
ip addr add 10.0.0.7/24 dev v0 valid_lft 4294967295; echo rc=$?
ip addr add 10.0.0.8/24 dev v0 valid_lft 4294967296; echo rc=$?
sleep 2
ip -4 addr show dev v0
sleep 2
ip -4 addr show dev v0
ip addr change 10.0.0.1/24 dev v0 valid_lft forever preferred_lft forever
ip addr replace 10.0.0.3/24 dev v0 preferred_lft 30
ip -4 addr show dev v0
ip -4 addr show dev v0 dynamic
ip -4 addr show dev v0 permanent
ip -4 addr show dev v0 deprecated
ip -4 -br addr show dev v0
ip route
ip addr add 10.0.0.9/24 dev v0 valid_lft 0; echo rc=$?
ip addr add 10.9.0.1/24 dev v0 valid_lft 2 preferred_lft 2
ip addr add 10.9.0.2/24 dev v0
sleep 3
ip -4 addr show dev v0 to 10.9.0.0/16
ip route
