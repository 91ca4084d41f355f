# curl's option values: a missing one, numbers it refuses, no URL, and
# several URLs (one transfer each, the status of the last).
# needs: curl
# mask: time
ip netns add a
ip -n a link set lo up
ip netns exec a curl
ip netns exec a curl -s
ip netns exec a curl -o
ip netns exec a curl -sSm
ip netns exec a curl --max-time
ip netns exec a curl -H
ip netns exec a curl --socks5
ip netns exec a curl -x
ip netns exec a curl --resolve
ip netns exec a curl -w
ip netns exec a curl -m abc http://127.0.0.1:8000/
ip netns exec a curl -m -1 http://127.0.0.1:8000/
ip netns exec a curl --connect-timeout 1.5. http://127.0.0.1:8000/
ip netns exec a curl -o a -o b
ip netns exec a curl -sS http://127.0.0.1:8001/ http://127.0.0.1:8002/
ip netns exec a curl -sSw '%{http_code} ' http://127.0.0.1:8001/ -- http://127.0.0.1:8002/
ip netns exec a curl -sSv http://127.0.0.1:8001/ http://127.0.0.1:8002/
ip netns exec a curl -sS --resolve bad http://web/
ip netns exec a curl -sS --resolve web:8000:127.0.0.1 http://web:8000/
ip netns exec a curl -sSO http://127.0.0.1:8000/
ip netns exec a curl -sS -o - http://127.0.0.1:8000/
ip netns exec a curl --http3 http://127.0.0.1:8000/
ip netns exec a curl --version | tail -2
ip netns exec a curl -I -d x http://127.0.0.1:8000/
ip netns exec a curl -I -d x -s http://127.0.0.1:8000/
ip netns exec a curl -I -d x --foo
