# -m bounds the whole operation, --connect-timeout the connect: the
# smaller one ends a connect to a dropped port, each with its own text;
# --help prints curl's short menu.
# needs: curl iptables
# mask: mac ifindex time
# mask: /after \d+ milliseconds/after T milliseconds/
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
ip netns exec a iptables -A INPUT -p tcp --dport 80 -j DROP
curl -sS -m 1 http://10.1.0.2/
curl -sS -m 1 --connect-timeout 3 http://10.1.0.2/
curl -sS --connect-timeout 1 --max-time 3 http://10.1.0.2/
curl -sSv -m 1 http://10.1.0.2/
curl -s -m 1 -w '%{http_code} %{exitcode}\n' http://10.1.0.2/
curl --help
curl -sh
