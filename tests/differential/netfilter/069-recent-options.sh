# -m recent's options as -S and -L print them, and its mistakes.
# needs: iptables
iptables -A INPUT -p tcp --dport 22 -m conntrack --ctstate NEW -m recent --set --name SSH
iptables -A INPUT -p tcp --dport 22 -m conntrack --ctstate NEW -m recent --update --seconds 60 --hitcount 4 --name SSH -j DROP
iptables -A INPUT -m recent --rcheck --seconds 30 --reap --rttl --rdest --mask 255.255.255.0
iptables -A INPUT -m recent ! --rcheck
iptables -A INPUT -m recent --remove --name foo
iptables -A INPUT -m recent --rcheck --hitcount 300
iptables -A INPUT -m recent --rcheck --rsource --rdest
iptables -A INPUT -m recent
iptables -A INPUT -m recent --set --rcheck
iptables -A INPUT -m recent --set --seconds 5
iptables -A INPUT -m recent --rcheck --hitcount 70000
iptables -A INPUT -m recent --rcheck --reap
iptables -A INPUT -m recent --rcheck --seconds x
iptables -A INPUT -m recent --rcheck --seconds 0
iptables -A INPUT -m recent --rcheck --name a/b
iptables -A INPUT -m recent --set --set
iptables -S INPUT
iptables -L INPUT -n
iptables -L INPUT
iptables-save | grep recent
