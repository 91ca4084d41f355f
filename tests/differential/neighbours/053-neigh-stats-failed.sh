# `ip -s neigh` over a resolution that gets no answer: INCOMPLETE with
# the probes counted from 4 (ucast_probes + the first), one a second,
# then FAILED after the third second with 6, its `updated` reset then;
# `-j -s` alike. A proxy entry has no statistics to print.
# mask: time
ip link add d0 type veth peer name d1
ip link set d0 up
ip link set d1 up
ip addr add 10.0.0.1/24 dev d0
ping -c1 -W1 -q 10.0.0.99 >/dev/null; echo ping=$?
sleep 2.5
ip -s neigh show 10.0.0.99
ip -j -s neigh show dev d0; echo
ip -s neigh show nud failed dev d0
sleep 1
ip -s neigh show
ip neigh add proxy 10.0.0.77 dev d0
ip -s neigh show proxy
ip -j -s neigh show proxy; echo
