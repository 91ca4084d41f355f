# curl with no route.
# needs: curl
# mask: time
ip netns add a
ip netns exec a curl -sS --connect-timeout 1 http://10.9.9.9/
