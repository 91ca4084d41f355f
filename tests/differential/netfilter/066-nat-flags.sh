# SNAT and DNAT's --random, --random-fully and --persistent as -S and -L print them.
# needs: iptables
iptables -t nat -A POSTROUTING -o eth0 -j SNAT --to-source 10.0.2.15 --random
iptables -t nat -A POSTROUTING -j SNAT --to-source 10.0.2.15 --random-fully
iptables -t nat -A POSTROUTING -j SNAT --to-source 10.0.2.15-10.0.2.20 --persistent
iptables -t nat -A POSTROUTING -j SNAT --to-source 10.0.2.15 --persistent --random-fully --random
iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.2.15:8080 --random --persistent
iptables -t nat -A POSTROUTING -j MASQUERADE --random
iptables -t nat -A PREROUTING -j DNAT --to-destination 10.0.2.15 --random-fully
iptables -t nat -S
iptables -t nat -L -n
iptables -t nat -L POSTROUTING
iptables-save -t nat | grep -- '-A'
iptables -t nat -D POSTROUTING -j SNAT --to-source 10.0.2.15 --random-fully
iptables -t nat -S POSTROUTING
