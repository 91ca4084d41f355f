# iptables -p reads /etc/protocols: names, aliases in any case, numbers,
# xtables' own icmpv6 and mh; protocol 0 is all; -S and -L name numbers
# the file knows, -L -n prints them as numbers.
# needs: iptables
iptables -A INPUT -p ipv6 -j ACCEPT
iptables -A INPUT -p UDPLite -j ACCEPT
iptables -A INPUT -p icmpv6 -j ACCEPT
iptables -A INPUT -p mh -j ACCEPT
iptables -A INPUT -p 41 -j ACCEPT
iptables -A INPUT -p 4 -j ACCEPT
iptables -A INPUT -p 200 -j ACCEPT
iptables -A INPUT -p ip -j ACCEPT
iptables -A INPUT -p hopopt -j ACCEPT
iptables -A INPUT -p ospfigp -j ACCEPT
iptables -A INPUT -p 300 -j ACCEPT
iptables -A INPUT -p nosuch -j ACCEPT
iptables -S INPUT
iptables -L INPUT
iptables -L INPUT -n
