# nc with no route.
# needs: nc
# mask: mac ifindex
ip netns add a
ip netns exec a nc -w 1 -zv 10.9.9.9 80
