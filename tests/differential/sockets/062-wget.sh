# wget from python3 -m http.server: saving, -O, -S, --spider, and its failures.
# needs: wget python3
# mask: mac ifindex
# mask: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/DATE/
# mask: /^( +\d+K[ .]*)100%.*$/${1}100% SPEED/
# mask: #\([0-9.]+ [KMG]?B/s\)#(SPEED)#
# mask: /^  (Date|Last-Modified|Server): .*$/  $1: X/
ip netns add a
ip link add v1 netns a type veth peer name v1p
ip -n a link set lo up
ip -n a link set v1 up
ip link set v1p up
ip -n a addr add 10.1.0.2/24 dev v1
ip addr add 10.1.0.1/24 dev v1p
sleep 1
mkdir -p /tmp/www /tmp/dl
printf "hello\n" > /tmp/www/index.html
seq 700 > /tmp/www/big.txt
ip netns exec a python3 -m http.server 8000 --bind 10.1.0.2 --directory /tmp/www 2>/dev/null &
sleep 2
wget -q -O - http://10.1.0.2:8000/; echo rc=$?
wget -O /tmp/dl/got.html http://10.1.0.2:8000/index.html; echo rc=$?
cat /tmp/dl/got.html
wget -O - http://10.1.0.2:8000; echo rc=$?
wget -O /tmp/dl/big.txt http://10.1.0.2:8000/big.txt; echo rc=$?
wc -c /tmp/dl/big.txt; tail -1 /tmp/dl/big.txt
wget -S -O /dev/null http://10.1.0.2:8000/; echo rc=$?
wget http://10.1.0.2:8000/nosuch; echo rc=$?
wget -q http://10.1.0.2:8000/nosuch; echo rc=$?
wget --spider http://10.1.0.2:8000/; echo rc=$?
wget --spider http://10.1.0.2:8000/nosuch; echo rc=$?
wget -O - http://10.1.0.2:8001/; echo rc=$?
wget -t 2 -T 1 -O - http://10.1.0.9/; echo rc=$?
wget -O /nonexist/x http://10.1.0.2:8000/; echo rc=$?
wget; echo rc=$?
wget -T x http://10.1.0.2:8000/; echo rc=$?
