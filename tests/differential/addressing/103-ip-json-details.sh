# `ip -j -d link|addr`: promiscuity, MTU bounds, `linkinfo` with the
# kind ("veth", "bridge" with its "info_data"), a bridge port's
# "info_slave_kind"/"info_slave_data" (names that differ from the text:
# root_id, id, no, multicast_router; no mcast_fast_leave), the queues
# and offload sizes; `inet6_addr_gen_mode` in `ip link` only.
# mask: mac
# mask: /"(gc_timer|hello_timer|tcn_timer|topology_change_timer|hold_timer|message_age_timer|forward_delay_timer)":[0-9.]+/"$1":T/
# mask: /"ifindex": ?[0-9]+/"ifindex":N/
ip link add v1 type veth peer name v2
ip link add br0 type bridge
ip link set v2 master br0
ip -j -d link show dev v1
ip -j -d link show dev v2
ip -j -d link show dev br0
ip -j -d -p link show dev lo
ip -j -d addr show dev v1
ip -j -d -p link show dev v2
ip link set v2 type bridge_slave learning off hairpin on
ip -j -d link show dev v2
ip -j -d -br link show dev v1
