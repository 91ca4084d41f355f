# netcat-openbsd takes several ports, ranges (either way round) and
# service names, succeeds when one port answers, and words a bad port as
# strtonum does; UDP learns of a closed port only from -v's probes.
# needs: nc
# mask: port
ip netns add srv
ip link add v0 type veth peer name v1 netns srv
ip addr add 10.1.0.1/24 dev v0
ip link set v0 up
ip -n srv addr add 10.1.0.2/24 dev v1
ip -n srv link set v1 up
ip netns exec srv nc -l -k -p 8080 > /dev/null &
sleep 0.2
nc -zv 10.1.0.2 8079 8080 8081; echo rc=$?
nc -zv 10.1.0.2 8081-8079; echo rc=$?
nc -z 10.1.0.2 8079-8081; echo rc=$?
nc -z 10.1.0.2 8081-8082; echo rc=$?
nc -zv 10.1.0.2 http-alt; echo rc=$?
nc -zv 10.1.0.2 domain; echo rc=$?
nc -zv 10.1.0.2 nosuchsvc; echo rc=$?
nc -zv 10.1.0.2 80-a; echo rc=$?
nc -zv 10.1.0.2 70000; echo rc=$?
nc -zv 10.1.0.2 0-1; echo rc=$?
nc -zv 10.1.0.2 5-; echo rc=$?
nc -zv 10.1.0.2 2x; echo rc=$?
nc -zvu 10.1.0.2 53-54; echo rc=$?
nc -zu 10.1.0.2 9999; echo rc=$?
echo hello | nc -u -w1 10.1.0.2 9999; echo rc=$?
echo hello | nc -v -u -w1 10.1.0.2 9999; echo rc=$?
