# conntrack's own getopt grammar: long names and their prefixes, the
# port options -p tcp loads, attached values and conntrack's messages.
# needs: conntrack iptables ping
# mask: timer id
ip link set lo up
iptables -A INPUT -m conntrack --ctstate NEW -j ACCEPT
ping -c 1 -W 1 127.0.0.1 > /dev/null
conntrack -L -p icmp
conntrack -Lp icmp
conntrack --dump --proto icmp -s 127.0.0.0/8
conntrack --dum --orig-src=127.0.0.1 --orig-dst 127.0.0.1
conntrack -L -p tcp --dport 80
conntrack -L -p tcp --dport=80
conntrack -L -p udp --orig-port-src 53
conntrack -L --dport 80 -p tcp
conntrack -L -p icmp --dport 1
conntrack -L conntrack -f ipv4
conntrack -L -f ipv6
conntrack -L -f foo
conntrack -L foo
conntrack -L exp
conntrack -L dying
conntrack -L c
conntrack -Lx
conntrack -L -p xyz
conntrack -L -p all
conntrack -L -s bogus
conntrack -L --orig-src
conntrack -L --s 1.1.1.1
conntrack -L -p
conntrack -q
conntrack --foo
conntrack -x -V
conntrack -L -D
conntrack -L -V
conntrack -L -F
conntrack -F -p tcp
conntrack -F --orig-dst 1.1.1.1
conntrack -C -f ipv4
conntrack -C
conntrack -V
conntrack -h
conntrack
conntrack -D -p tcp
conntrack -D -s 10.9.9.9
conntrack -D -p icmp
conntrack -F -f ipv4
conntrack -L
