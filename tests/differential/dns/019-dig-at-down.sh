# dig to an unreachable server.
# needs: dig
# mask: mac ifindex
ip netns add a
ip netns exec a dig +short +tries=1 +time=1 @10.9.9.9 web.lab
