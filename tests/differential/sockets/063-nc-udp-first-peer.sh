# nc -u -l connects to its first sender: ss shows it ESTAB, and another
# sender's datagrams are not printed; with -k every sender's are.
# needs: nc
ip netns add a
ip -n a link set lo up
ip netns exec a nc -u -l 9000 > /tmp/got &
sleep 0.5
ip netns exec a ss -uan
echo one | ip netns exec a nc -u -w1 -p 5001 127.0.0.1 9000; echo rc=$?
ip netns exec a ss -uan
echo two | ip netns exec a nc -u -w1 -p 5002 127.0.0.1 9000; echo rc=$?
echo three | ip netns exec a nc -u -w1 -p 5001 127.0.0.1 9000; echo rc=$?
cat /tmp/got
ip netns exec a ss -uanp | sed 's/pid=[0-9]*/pid=P/'
ip netns exec a nc -u -l -k 9001 > /tmp/gotk &
sleep 0.5
echo one | ip netns exec a nc -u -w1 -p 5001 127.0.0.1 9001; echo rc=$?
echo two | ip netns exec a nc -u -w1 -p 5002 127.0.0.1 9001; echo rc=$?
ip netns exec a ss -uan
cat /tmp/gotk
