# `ip neigh add|replace ... nud STATE`: an invalid state (failed,
# incomplete, none) keeps no lladdr and runs no timer; noarp and
# permanent are confirmed; delay and probe start unicast probing at
# once (PROBE, a probe a second, FAILED after three); a valid state
# needs an lladdr unless the entry has one. `ip neigh show` leaves
# NOARP and state-less entries out unless `nud` names them;
# extern_learn entries pass any `nud`.
ip link add d0 type veth peer name d1
ip link set d0 up
ip link set d1 up
ip addr add 10.0.0.1/24 dev d0
ip neigh add 10.0.0.3 lladdr 02:00:00:00:00:03 dev d0 nud failed; echo rc=$?
ip neigh add 10.0.0.4 dev d0 nud failed; echo rc=$?
ip neigh add 10.0.0.5 lladdr 02:00:00:00:00:05 dev d0 nud noarp; echo rc=$?
ip neigh add 10.0.0.6 dev d0 nud noarp; echo rc=$?
ip neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 dev d0 nud none; echo rc=$?
ip neigh add 10.0.0.8 dev d0 nud NONE; echo rc=$?
ip neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev d0 nud delay; echo rc=$?
ip neigh add 10.0.0.10 dev d0 nud delay; echo rc=$?
ip neigh add 10.0.0.11 lladdr 02:00:00:00:00:0b dev d0 nud probe; echo rc=$?
ip neigh add 10.0.0.13 lladdr 02:00:00:00:00:0d dev d0 nud incomplete; echo rc=$?
ip neigh add 10.0.0.14 dev d0 nud 1; echo rc=$?
ip neigh add 10.0.0.17 lladdr 02:00:00:00:00:11 dev d0 nud Permanent; echo rc=$?
ip neigh add 10.0.0.18 lladdr 02:00:00:00:00:12 dev d0 nud bogus; echo rc=$?
ip neigh add 10.0.0.19 lladdr 02:00:00:00:00:13 dev d0 nud noarp extern_learn; echo rc=$?
ip -s neigh show nud incomplete | sort
ip neigh show | sort
ip -4 neigh show nud all | sort
ip -4 neigh show nud noarp | sort
ip neigh show nud none | sort
ip neigh show nud none nud failed | sort
ip neigh show nud probe | sort
ip -j neigh show 10.0.0.8; echo
ip -j neigh show nud none 10.0.0.8; echo
ip neigh replace 10.0.0.17 lladdr 02:00:00:00:00:11 dev d0 nud failed; echo rc=$?
ip neigh replace 10.0.0.3 dev d0 nud stale; echo rc=$?
ip neigh replace 10.0.0.5 dev d0 nud stale; echo rc=$?
ip neigh show 10.0.0.17
ip neigh show 10.0.0.5
ip neigh add 10.0.0.21 lladdr 02:00:00:00:00:15 dev d0 nud probe
ip -s neigh show 10.0.0.21
sleep 1.2
ip -s neigh show 10.0.0.21
sleep 2.2
ip -s neigh show 10.0.0.21
ip neigh flush dev d0
ip -4 neigh show nud all | sort
