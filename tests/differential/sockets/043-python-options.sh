# python3 reads its interpreter options, then http.server's argparse
# grammar: usage and error texts, exit 2.
# needs: python3 curl
# mask: clock time
ip netns add a
ip -n a link set lo up
ip netns exec a python3 -z 2>&1 | head -1
ip netns exec a python3 -z > /dev/null 2>&1; echo $?
ip netns exec a python3 --foo 2>&1 | head -1
ip netns exec a python3 -m 2>&1 | head -1
ip netns exec a python3 -uW 2>&1 | head -1
ip netns exec a python3 -J 2>&1 | head -1
ip netns exec a python3 -uq -m http.server --bogus
ip netns exec a python3 -m http.server -b
ip netns exec a python3 -m http.server --directory
ip netns exec a python3 -m http.server abc
ip netns exec a python3 -m http.server 8000 9000
ip netns exec a python3 -m http.server --cgi=1
ip netns exec a python3 -m http.server -h
ip netns exec a python3 -m nosuch 2>&1 | sed 's/^.*python3:/python3:/'
ip netns exec a python3 -u -m http.server --bi 127.0.0.1 8123 &
sleep 1
ip netns exec a curl -sSI http://127.0.0.1:8123/ | head -1
