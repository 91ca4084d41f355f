# `ip netns pids NAME`: the processes running in a namespace (the jobs
# and servers ps lists); `ip netns identify [PID]`: the name of the
# namespace a process (or ip itself) runs in, an empty line for the
# root one; their complaints.
ip netns add a
ip netns add b
ip netns pids a; echo rc=$?
ip netns exec a sleep 30 &
ip netns exec b sleep 30 &
sleep 0.3
ip netns pids a | wc -l
ip netns pids b | wc -l
ip netns identify $$; echo rc=$?
ip netns identify; echo rc=$?
ip netns exec b ip netns identify; echo rc=$?
ip -n a netns identify; echo rc=$?
for p in $(ip netns pids b); do ip netns identify $p; done
ip netns identify 999999; echo rc=$?
ip netns identify 99999999999999999999; echo rc=$?
ip netns identify abc; echo rc=$?
ip netns identify 1 2; echo rc=$?
ip netns identify ""; echo rc=$?
ip netns pids; echo rc=$?
ip netns pids zz; echo rc=$?
ip netns pids a b; echo rc=$?
ip netns pids a/b; echo rc=$?
kill $(ip netns pids a) $(ip netns pids b)
sleep 0.3
ip netns pids a | wc -l
ip netns pids b | wc -l
