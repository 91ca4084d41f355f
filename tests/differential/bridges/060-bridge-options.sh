# Bridge settings at creation and later: shown by ip -d link and its JSON,
# ranges and restricted groups refused as the kernel refuses them.
# mask: mac ifindex timer
# mask: /"ifindex":[0-9]+/"ifindex":N/
# mask: /"gc_timer":[0-9.]+/"gc_timer":T/
ip link add br0 type bridge ageing_time 500 forward_delay 400 hello_time 300 max_age 1000 priority 4096 group_fwd_mask 0x4000 mcast_snooping 0; echo rc=$?
ip -d link show br0
ip -j -d link show br0
ip link set br0 type bridge hello_time 50; echo rc=$?
ip link set br0 type bridge max_age 4100; echo rc=$?
ip link set br0 type bridge forward_delay 5000 ageing_time 0x10 priority 0; echo rc=$?
ip link set br0 type bridge group_fwd_mask 7; echo rc=$?
ip link set br0 type bridge max_age 600 hello_time 1001 priority 5; echo rc=$?
ip link set br0 type bridge stp_state 0 mcast_snooping 2; echo rc=$?
ip -d link show br0 | sed -n 3p | cut -d' ' -f1-20
ip link set br0 type bridge priority 70000; echo rc=$?
ip link set br0 type bridge ageing_time -1; echo rc=$?
ip link set br0 type bridge mcast_snooping on; echo rc=$?
ip link set br0 type bridge ageing_time; echo rc=$?
ip link set br0 type bridge foo 1; echo rc=$?
ip link set br0 type bridge; echo rc=$?
ip link add br1 type bridge hello_time 1001; echo rc=$?
ip link show br1; echo rc=$?
ip link add vx type veth peer name vy
ip link set vx type bridge ageing_time 100; echo rc=$?
ip -j -d link show br0 | grep -o '"group_fwd_mask":"[^"]*"'
