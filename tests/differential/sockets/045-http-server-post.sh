# http.server has no do_POST or do_PUT: send_error(501) names the
# method in the status line and the page, and logs two lines.
# needs: curl python3
# mask: clock time
ip netns add a
ip -n a link set lo up
ip netns exec a python3 -m http.server 8000 --bind 127.0.0.1 > /tmp/http-post.log 2>&1 &
sleep 1
ip netns exec a curl -s -i -d x=1 http://127.0.0.1:8000/ | tr -d '\r' | grep -v '^Date:'
ip netns exec a curl -s -o /dev/null -w '%{http_code}\n' -X PUT http://127.0.0.1:8000/
ip netns exec a curl -s -I http://127.0.0.1:8000/nope | tr -d '\r' | grep -v '^Date:'
sleep 1
grep -c 'code 501, message Unsupported method' /tmp/http-post.log
