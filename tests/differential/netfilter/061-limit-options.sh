# -m limit's rates and units, its defaults, and its mistakes.
# needs: iptables
iptables -A INPUT -m limit --limit 5/minute --limit-burst 10 -j ACCEPT
iptables -A INPUT -m limit --limit 5 -j ACCEPT
iptables -A INPUT -m limit --limit 1/h
iptables -A INPUT -m limit --limit 2/d -j LOG
iptables -A INPUT -m limit --limit 3000/s
iptables -A INPUT -m limit
iptables -A INPUT -p icmp --icmp-type echo-request -m limit --limit 1/s -j ACCEPT
iptables -A INPUT -m limit --limit x/min
iptables -A INPUT -m limit --limit 5/week
iptables -A INPUT -m limit --limit 0/s
iptables -A INPUT -m limit --limit 20000/s
iptables -A INPUT -m limit --limit-burst 10001
iptables -A INPUT -m limit --limit-burst abc
iptables -A INPUT -m limit ! --limit 5/s
iptables -A INPUT -m limit --limit 5/s --limit 6/s
iptables -A INPUT -m limit --limit
iptables -S INPUT
iptables -L INPUT -n
iptables -L INPUT -v
iptables-save | grep limit
