# ip -all netns exec runs a command in every namespace, newest first,
# each run headed 'netns: NAME', ip's status 0 whatever they return;
# ip -all netns delete removes them all.
# needs: ip
ip netns add b
ip netns add a
ip netns add c
ip -all netns exec false; echo rc=$?
ip -all netns exec ip -br link show lo
ip -all netns exec nosuchcmd; echo rc=$?
ip -all netns exec; echo rc=$?
ip -all netns delete; echo rc=$?
ip netns list
ip -all netns exec true; echo rc=$?
ip -all netns delete; echo rc=$?
