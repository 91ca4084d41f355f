# `ip -s neigh`: print_cacheinfo's ` ref N used A/B/C` (seconds since
# used, confirmed, updated; ref only when nonzero: a running timer holds
# one) then `probes N `. A hand-made entry not connected was never
# confirmed (60 s back); a ping's entry is REACHABLE after 4 probes
# counted, the peer's DELAY; `-s -s` is the same; `-j -s` adds refcnt,
# used, confirmed, updated and probes before the state.
# mask: mac
ip link add d0 type veth peer name d1
ip netns add p
ip link set d1 netns p
ip link set d0 up
ip -n p link set d1 up
ip -n p link set lo up
ip addr add 10.0.0.1/24 dev d0
ip -n p addr add 10.0.0.2/24 dev d1
ip neigh add 10.0.0.10 lladdr 02:00:00:00:00:0a dev d0
ip neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev d0 router extern_learn protocol zebra
ip neigh add 10.0.0.15 lladdr 02:00:00:00:00:0f dev d0 nud stale
ip neigh add 10.0.0.16 lladdr 02:00:00:00:00:10 dev d0 nud reachable
ip neigh add 10.0.0.4 dev d0 nud failed
ip -s neigh show | sort
ip -s -s neigh show dev d0 | sort
ip -s -br neigh show dev d0 | sort
sleep 1.2
ip -s neigh show | sort
ip -s neigh show 10.0.0.9 dev d0
ip -j -s neigh show 10.0.0.9; echo
ip -j -s neigh show 10.0.0.15; echo
ip -j -s neigh show 10.0.0.16; echo
ip -j -p -s neigh show 10.0.0.4 dev d0; echo
ip neigh replace 10.0.0.10 lladdr 02:00:00:00:00:0a dev d0 nud failed
ip -s neigh show 10.0.0.10
ping -c1 -q 10.0.0.2 >/dev/null; echo ping=$?
ip -s neigh show 10.0.0.2
ip -n p -s neigh show
ip -j -s neigh show 10.0.0.2 | sed 's/"lladdr":"[^"]*"/"lladdr":"M"/'; echo
sleep 1.2
ping -c1 -q 10.0.0.2 >/dev/null; echo ping=$?
ip -s neigh show 10.0.0.2
