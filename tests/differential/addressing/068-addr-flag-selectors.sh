# ip address show|flush's flag words: every address here is permanent,
# a second one in a subnet is secondary (temporary is the same bit),
# `-FLAG` asks for the flag's absence, dynamic and primary are the
# absence of permanent and secondary.
# mask: mac ifindex lladdr
ip netns add n1
ip -n n1 link set lo up
ip -n n1 link add d0 type veth peer name d1
ip -n n1 link set d0 up
ip -n n1 link set d1 up
ip -n n1 addr add 10.0.0.1/24 dev d0
ip -n n1 addr add 10.0.0.2/24 dev d0
ip -n n1 addr add 10.0.1.1/24 dev d1
sleep 3
ip -n n1 -br addr show permanent
ip -n n1 addr show dynamic
ip -n n1 addr show secondary
ip -n n1 addr show -secondary dev d0
ip -n n1 addr show primary dev d0
ip -n n1 addr show to 10.0.0.2
ip -n n1 -br addr show temporary
ip -n n1 -br addr show -temporary
ip -n n1 -br addr show -primary
ip -n n1 -br addr show -dynamic
ip -n n1 -br addr show tentative
ip -n n1 -br addr show -tentative -nodad permanent
ip -n n1 -br addr show -permanent
ip -n n1 addr flush dev d0 secondary
ip -n n1 -br addr show dev d0
ip -n n1 addr flush dynamic
ip -n n1 -br addr
