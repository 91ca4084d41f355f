# curl reads its own option grammar: clustered letters, a value glued to
# its letter, long names by unique prefix, --no- for booleans only, and
# its error texts for unknown, ambiguous and value-less options.
# needs: curl
# mask: time
ip netns add a
ip -n a link set lo up
ip netns exec a curl -sS http://127.0.0.1:8000/
ip netns exec a curl -sSw '%{http_code}\n' http://127.0.0.1:8000/
ip netns exec a curl -s -o/dev/null -w'%{exitcode}\n' http://127.0.0.1:8000/
ip netns exec a curl --sil --show-e http://127.0.0.1:8000/
ip netns exec a curl --no-silent -sS http://127.0.0.1:8000/
ip netns exec a curl -sS --no-show-error http://127.0.0.1:8000/
ip netns exec a curl --SILENT http://127.0.0.1:8000/
ip netns exec a curl --foo http://127.0.0.1:8000/
ip netns exec a curl --no-foo http://127.0.0.1:8000/
ip netns exec a curl --s http://127.0.0.1:8000/
ip netns exec a curl -sgq http://127.0.0.1:8000/
ip netns exec a curl -sW http://127.0.0.1:8000/
ip netns exec a curl -
ip netns exec a curl --no-max-time 3 http://127.0.0.1:8000/
ip netns exec a curl --silent=1 http://127.0.0.1:8000/
