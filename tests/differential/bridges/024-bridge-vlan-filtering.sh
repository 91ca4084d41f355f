# vlan_filtering on a bridge.
# mask: mac ifindex
ip link add br1 type bridge vlan_filtering 1
ip -d link show br1 | grep -o "vlan_filtering [0-9]"
