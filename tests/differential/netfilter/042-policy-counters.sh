# Policy counters: a chain made for -A has none; -P gives it a fresh one.
# needs: iptables ping
# mask: mac ifindex
ip link set lo up
iptables -A INPUT -p tcp -j ACCEPT
ping -c 1 -W 1 127.0.0.1 > /dev/null
iptables -L INPUT -v -n
iptables -P INPUT ACCEPT
ping -c 1 -W 1 127.0.0.1 > /dev/null
iptables -L INPUT -v -n
iptables -P INPUT DROP
iptables -L INPUT -v -n
ping -c 1 -W 1 127.0.0.1
iptables -L INPUT -v -n -x
iptables-save -c | grep -v "^#"
iptables -Z INPUT
iptables -L INPUT -v -n | head -1
