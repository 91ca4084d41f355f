# ip -d link of a bridge.
# mask: mac ifindex timer
# mask: /(hello|forward_delay|max_age|ageing)_time \d+/$1_time N/
ip link add br1 type bridge
ip -d link show br1
