# iptables' getopt_long table: clusters, abbreviations, attached values,
# -V/-h anywhere on the line, and the option errors.
# needs: iptables
iptables -n -V
iptables -L -V
iptables --vers
iptables -L -h | head -n 3
iptables --he | head -n 1
iptables --foo
iptables --app
iptables -A
iptables --line
iptables -L --line
iptables --app=INPUT -p tcp --dport 22 -j ACCEPT
iptables -AINPUT -ptcp --dpor=80 -jDROP
iptables -tfilter --list-rules INPUT
iptables -nvL --line INPUT
iptables -nvxL INPUT --line
iptables -L INPUT 1 -n
iptables -S INPUT 2
iptables -D INPUT 2
iptables -t nat --li
iptables -L -t
iptables -w -L INPUT -n
iptables -w 5 -S INPUT
iptables -A INPUT ! -p tcp -j ACCEPT
iptables -A INPUT ! ! -s 1.2.3.4 -j ACCEPT
iptables -A INPUT ! -j ACCEPT
iptables -F -L
iptables -Z -L INPUT -n
iptables -S INPUT extra
iptables -
iptables INPUT
iptables -q
iptables --numeric=yes -L
iptables -L --line-numbers=3
iptables -A INPUT --jump=ACCEPT
iptables -A INPUT --protocol=tcp -j ACCEPT
iptables -A INPUT -s1.2.3.4 -j DROP
iptables -A INPUT -ieth0 -j DROP
iptables -S INPUT
iptables -NFOO
iptables -PFORWARD DROP
iptables -IFOO 1 -j RETURN
iptables -S
iptables --foo -V
