# -v echoes, -C and -D by spec for rules with the tutorial extensions.
# needs: iptables
iptables -v -A INPUT -f -j DROP
iptables -v -A INPUT ! -f -m limit --limit 3/min -j LOG
iptables -v -A INPUT -m iprange --src-range 10.0.0.1-10.0.0.3 -m length --length 64:128 -j DROP
iptables -v -t raw -A PREROUTING -j NOTRACK
iptables -v -t mangle -A PREROUTING -j CONNMARK --restore-mark
iptables -v -A INPUT -m recent --set --name X
iptables -v -A INPUT -m connlimit --connlimit-above 3
iptables -v -A OUTPUT -m owner --uid-owner 0 -m ttl --ttl-gt 3
iptables -C INPUT -f -j DROP
iptables -C INPUT -m limit --limit 3/min -j LOG
iptables -C INPUT ! -f -m limit --limit 3/min -j LOG
iptables -C INPUT ! -f -m limit --limit 3/min --limit-burst 4 -j LOG
iptables -D INPUT ! -f -m limit --limit 3/min -j LOG
iptables -D INPUT -m recent --set --name X
iptables -v -R INPUT 1 -m pkttype --pkt-type multicast -j DROP
iptables -S
iptables-save | grep -v '^#'
